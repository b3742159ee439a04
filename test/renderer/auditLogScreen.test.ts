import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { AuditEntry, AuditLogView } from '../../electron/contract/audit';
import AuditLogScreen from '../../renderer/src/components/AuditLogScreen.svelte';
import { appContext } from '../../renderer/src/lib/appContext';
import { AppState } from '../../renderer/src/lib/state.svelte';
import { NOW } from './simulated';
import { ok, standIn } from './standIn';

const entry = (seq: number, action: AuditEntry['action'], subject: string): AuditEntry => ({
  seq,
  at: NOW + seq,
  user: 'ana.admin',
  action,
  subject,
  detail: seq === 2 ? 'retained until 2033-12-05' : '',
  previous:
    seq === 1
      ? null
      : String(seq - 1)
          .repeat(64)
          .slice(0, 64),
  hash: String(seq).repeat(64).slice(0, 64),
});

async function auditLog(view: AuditLogView) {
  const main = standIn({ answers: { 'audit:list': () => ok(view) } });
  const app = new AppState();
  expect((await app.start()).ok).toBe(true);
  app.showScreen('audit');
  render(AuditLogScreen, { context: appContext(app) });
  return { ...main, app, user: userEvent.setup() };
}

describe('AuditLogScreen', () => {
  it('lists what was done, newest first, and says the chain is whole', async () => {
    const { app, user } = await auditLog({
      entries: [entry(1, 'save-run', 'run “June” (r1)'), entry(2, 'finalize', 'run “June” (r1)')],
      broken: null,
    });
    expect(await screen.findByRole('status')).toHaveTextContent('2 entries, chain whole (last hash 2222222222222222…)');
    const rows = (within(screen.getByRole('table')).getAllByRole('row') as HTMLTableRowElement[]).slice(1);
    expect(rows.map((r) => r.cells[3]!.textContent)).toEqual(['finalize', 'save-run']);
    expect(rows[0]).toHaveTextContent('retained until 2033-12-05');
    await user.click(screen.getByRole('button', { name: '← Saved runs' }));
    expect(app.screen).toBe('runs');
  });

  it('says first, as an alert, where the chain breaks', async () => {
    await auditLog({ entries: [entry(1, 'export', 'operations CSV')], broken: 'line 2 was changed' });
    expect(await screen.findByRole('alert')).toHaveTextContent('The chain is broken: line 2 was changed');
  });
});
