import { describe, expect, it } from 'vitest';
import type { RunContent } from '../../electron/contract/run.js';
import { LiveRuns } from '../../electron/services/liveRuns.js';

function content(rawBody: string): RunContent {
  return { rawBody } as RunContent;
}

describe('fetches held in main', () => {
  it('keeps the last four small fetches', () => {
    const live = new LiveRuns(1000);
    const ids = [1, 2, 3, 4, 5].map((n) => live.put(content(`body ${n}`)));
    expect(live.get(ids[0]!)).toBeUndefined();
    for (const id of ids.slice(1)) expect(live.get(id)).toBeDefined();
  });

  it('holds one large answer, not four: older fetches go once the bodies pass the budget', () => {
    const live = new LiveRuns(100);
    const older = live.put(content('x'.repeat(60)));
    const newer = live.put(content('y'.repeat(60)));
    expect(live.get(older)).toBeUndefined();
    expect(live.get(newer)?.rawBody).toHaveLength(60);
    // The newest is kept even when it alone is over the budget: it is what the screen shows.
    const huge = live.put(content('z'.repeat(500)));
    expect(live.get(huge)).toBeDefined();
    expect(live.get(newer)).toBeUndefined();
  });
});
