import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Attestation, AttestationDraft, JobSignOff } from '../../electron/contract/attestations';
import type { DrOperation } from '../../electron/contract/model';
import JobDetail from '../../renderer/src/components/JobDetail.svelte';
import { useBridge } from '../../renderer/src/lib/api';
import { appContext } from '../../renderer/src/lib/appContext';
import { AppState } from '../../renderer/src/lib/state.svelte';
import { fakeBridge } from './fakeBridge';
import { ok } from './standIn';

const T0 = 1_790_000_000;

function recovery(initiatedBy: string | null): DrOperation {
  const phases = [
    {
      code: 7,
      name: 'Power On',
      status: 'succeeded' as const,
      rawStatus: 0,
      start: T0,
      end: T0 + 600,
      duration: 600,
      machine: null,
      errorMessage: null,
      childJobId: null,
    },
  ];
  return {
    jobId: 700,
    drGroupId: 30,
    operationType: 'test-boot',
    operationTypeSource: 'commserve',
    vms: [
      {
        jobId: 700,
        replicationId: 1,
        drGroupId: 30,
        client: { id: 1, name: 'sapp-01' },
        phases,
        start: T0,
        end: T0 + 600,
        status: 'succeeded',
        failedPhases: 0,
      },
    ],
    start: T0,
    end: T0 + 600,
    duration: 600,
    rto: 600,
    status: 'succeeded',
    failedPhases: 0,
    runningPhases: 0,
    initiatedBy,
  };
}

/** Main's sign-off channels over an in-memory list, as the sign-off service keeps them (append-only). */
function signOffMain() {
  const entries: Attestation[] = [];
  const standing = (): JobSignOff[] => {
    const replaced = new Set(entries.map((e) => e.replaces));
    const current = entries.filter((e) => !replaced.has(e.id));
    return current.map((c) => ({ jobId: c.jobId, current: c, history: entries.filter((e) => e.jobId === c.jobId) }));
  };
  const bridge = fakeBridge({
    'signoffs:list': () => ok({ signOffs: standing() }),
    'signoffs:add': (request) => {
      const { draft } = request as { draft: AttestationDraft };
      entries.push({
        id: `e${entries.length + 1}`,
        jobId: draft.jobId,
        verdict: draft.verdict,
        deviations: draft.deviations ?? [],
        notes: draft.notes ?? '',
        tester: draft.tester,
        reviewer: draft.reviewer ?? null,
        replaces: draft.replaces ?? null,
        recordedAt: T0 + 3600 * entries.length,
        recordedBy: 'ana.admin',
      });
      return ok(standing().find((s) => s.jobId === draft.jobId)!);
    },
  });
  useBridge(bridge.api);
  return { entries, calls: bridge.calls };
}

function show(op: DrOperation) {
  const app = new AppState();
  app.source = { kind: 'live', fetchId: 'fetch-1' };
  render(JobDetail, {
    props: { operation: op, groupName: 'SAP', utc: true, now: T0 + 700, rtoTargetSeconds: 3600, onclose: vi.fn() },
    context: appContext(app),
  });
  return app;
}

describe('sign-off on the job detail', () => {
  it('names who started the job, or says the CommServe did not', () => {
    signOffMain();
    show(recovery('CORP\\ana'));
    expect(screen.getByTestId('initiated-by')).toHaveTextContent('CORP\\ana');
  });

  it('says "not reported" when the job summary named nobody', () => {
    signOffMain();
    show(recovery(null));
    expect(screen.getByTestId('initiated-by')).toHaveTextContent('not reported');
  });

  it('records the tester’s verdict with a deviation, then the reviewer signs by amending it', async () => {
    const main = signOffMain();
    show(recovery('CORP\\ana'));
    const user = userEvent.setup();
    const panel = screen.getByRole('region', { name: 'Sign-off' });
    await vi.waitFor(() => expect(panel).toHaveTextContent('Not signed off'));
    await user.click(within(panel).getByRole('button', { name: 'Sign off…' }));
    await user.click(within(panel).getByRole('radio', { name: 'Passed with deviations' }));
    await user.type(within(panel).getByRole('textbox', { name: /Deviations/ }), 'DNS switched by hand');
    await user.clear(within(panel).getByRole('textbox', { name: 'Tester' }));
    await user.type(within(panel).getByRole('textbox', { name: 'Tester' }), 'Ana');
    await user.click(within(panel).getByRole('button', { name: 'Record sign-off' }));
    await vi.waitFor(() =>
      expect(screen.getByTestId('signoff')).toHaveAttribute('data-verdict', 'passed-with-deviations'),
    );
    expect(panel).toHaveTextContent('Tested by Ana');
    expect(panel).toHaveTextContent('Not reviewed yet');
    expect(within(panel).getByRole('list', { name: 'Deviations' })).toHaveTextContent('DNS switched by hand');

    await user.click(within(panel).getByRole('button', { name: 'Review…' }));
    await user.type(within(panel).getByRole('textbox', { name: 'Reviewer' }), 'Ben');
    await user.click(within(panel).getByRole('button', { name: 'Sign as reviewer' }));
    await vi.waitFor(() => expect(panel).toHaveTextContent('Reviewed by Ben'));
    expect(main.entries).toHaveLength(2);
    expect(main.entries[1]).toMatchObject({ reviewer: 'Ben', replaces: 'e1', tester: 'Ana' });
    expect(panel).not.toHaveTextContent('not independent');
  });

  it('warns when the reviewer is the one who started the job', async () => {
    const main = signOffMain();
    main.entries.push({
      id: 'e1',
      jobId: 700,
      verdict: 'passed',
      deviations: [],
      notes: '',
      tester: 'Ana',
      reviewer: 'corp\\ANA',
      replaces: null,
      recordedAt: T0,
      recordedBy: 'ana.admin',
    });
    show(recovery('CORP\\ana'));
    await vi.waitFor(() =>
      expect(screen.getByRole('note')).toHaveTextContent('review not independent: the reviewer started the job'),
    );
  });
});
