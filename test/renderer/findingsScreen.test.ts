import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Finding, FindingUpdate } from '../../electron/contract/findings';
import FindingsScreen from '../../renderer/src/components/FindingsScreen.svelte';
import { appContext } from '../../renderer/src/lib/appContext';
import { AppState } from '../../renderer/src/lib/state.svelte';
import { NOW } from './simulated';
import { ok, standIn } from './standIn';

const finding = (id: string, status: 'open' | 'closed', extra: Partial<Finding> = {}): Finding => ({
  id,
  kind: 'not-recovered',
  title: 'not recovered (0 of 2 VMs)',
  drGroupId: 30,
  openedByJobId: 10187,
  openedAt: NOW - 5 * 86_400,
  status,
  closedByJobId: status === 'closed' ? 10200 : null,
  closedAt: status === 'closed' ? NOW - 86_400 : null,
  closedHow: status === 'closed' ? 'later-success' : null,
  acceptedRisk: null,
  severity: 'high',
  owner: '',
  due: null,
  notes: [],
  ageDays: status === 'closed' ? 4 : 5,
  ...extra,
});

async function findingsScreen(findings: Finding[]) {
  const updates: FindingUpdate[] = [];
  const main = standIn({
    answers: {
      'findings:list': () => ok({ findings }),
      'findings:update': (request) => {
        const { update } = request as { update: FindingUpdate };
        updates.push(update);
        const before = findings.find((f) => f.id === update.findingId)!;
        return ok({
          ...before,
          ...(update.owner !== undefined ? { owner: update.owner } : {}),
          ...(update.acceptedRisk
            ? {
                status: 'closed',
                closedHow: 'accepted-risk',
                closedAt: NOW,
                acceptedRisk: { ...update.acceptedRisk, at: NOW },
              }
            : {}),
        });
      },
    },
  });
  const app = new AppState();
  expect((await app.start()).ok).toBe(true);
  app.showScreen('findings');
  render(FindingsScreen, { context: appContext(app) });
  return { ...main, app, updates, user: userEvent.setup() };
}

describe('FindingsScreen', () => {
  it('lists the open findings first, says the scope on its own line, and shows the closed ones with the job that closed them', async () => {
    const { user } = await findingsScreen([finding('F-10187', 'open'), finding('F-10150', 'closed')]);
    const table = await screen.findByRole('table');
    expect(within(table).getAllByRole('row')).toHaveLength(2);
    expect(table).toHaveTextContent('F-10187');
    expect(screen.getByText(/^Scope: /)).toHaveTextContent('Scope: all DR groups');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Show findings' }), 'all');
    const closed = screen.getByRole('row', { name: /F-10150/ });
    expect(closed).toHaveTextContent(/✓ closed \d{4}-\d\d-\d\d ?by job 10200/);
  });

  it('records an owner, and closes a finding only as a risk a named reviewer accepted with a reason', async () => {
    const { user, updates } = await findingsScreen([finding('F-10187', 'open')]);
    await user.click(await screen.findByRole('button', { name: 'Update F-10187' }));
    const form = screen.getByRole('form', { name: 'Update finding F-10187' });
    await user.type(within(form).getByRole('textbox', { name: 'Owner' }), 'Storage team');
    await user.click(within(form).getByRole('checkbox', { name: /accepted risk/ }));
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    expect(within(form).getByRole('alert')).toHaveTextContent('needs the reviewer who accepts it and the reason');
    expect(updates).toEqual([]);
    await user.type(within(form).getByRole('textbox', { name: 'Reviewer' }), 'Rita');
    await user.type(
      within(form).getByRole('textbox', { name: /Why the risk is accepted/ }),
      'DR site is retired in Q1',
    );
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    await vi.waitFor(() => expect(updates).toHaveLength(1));
    expect(updates[0]).toEqual({
      findingId: 'F-10187',
      owner: 'Storage team',
      acceptedRisk: { reviewer: 'Rita', reason: 'DR site is retired in Q1' },
    });
  });
});
