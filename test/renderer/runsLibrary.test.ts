import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../electron/contract/run';
import { useBridge } from '../../renderer/src/lib/api';
import { RunsLibrary } from '../../renderer/src/lib/runsLibrary.svelte';
import { AppState } from '../../renderer/src/lib/state.svelte';
import { fakeBridge } from './fakeBridge';
import { NOW, runSummary } from './simulated';

const summary = (id: string, fetchedAt: number) => runSummary({ id, name: `Run ${id}`, fetchedAt: NOW + fetchedAt });

describe('the Runs screen’s actions', () => {
  it('imports a run, says so and lists it; a refused delete says why and keeps the list', async () => {
    let listed: RunSummary[] = [];
    const { api, calls } = fakeBridge({
      'runs:list': () => ({ ok: true, value: listed }),
      'runs:import': () => {
        listed = [summary('a', 100)];
        return { ok: true, value: { imported: listed[0] } };
      },
      'runs:delete': () => ({
        ok: false,
        error: { kind: 'storage', message: 'The runs folder is read-only.', details: {} },
      }),
    });
    useBridge(api);
    const library = new RunsLibrary(new AppState());
    await library.load();
    expect(library.loaded).toBe(true);
    expect(library.runs).toEqual([]);

    expect(await library.importRun('{"format":"…"}')).toBe(true);
    expect(library.status).toBe('Imported “Run a”.');
    expect(library.runs.map((r) => r.id)).toEqual(['a']);
    expect(calls.find((c) => c.channel === 'runs:import')?.request).toEqual({ content: '{"format":"…"}' });

    expect(await library.remove('a')).toBe(false);
    expect(library.error?.message).toBe('The runs folder is read-only.');
    expect(library.status).toBe('');
    expect(library.runs.map((r) => r.id)).toEqual(['a']);
  });

  it('compares two runs with the earlier fetch on the left, whatever order they were picked in', () => {
    useBridge(fakeBridge({}).api);
    const app = new AppState();
    const library = new RunsLibrary(app);
    library.runs = [summary('late', 200), summary('early', 100)];
    library.compare(['late', 'early']);
    expect(app.screen).toBe('compare');
    expect(app.compare).toMatchObject({
      mode: 'runs',
      left: { kind: 'saved', runId: 'early' },
      right: { kind: 'saved', runId: 'late' },
    });
  });
});
