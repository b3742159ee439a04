import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { groupCompliance, type GroupCompliance } from '../../electron/contract/evidence';
import type { DrOperation } from '../../electron/contract/model';
import OverviewGroupCard from '../../renderer/src/components/OverviewGroupCard.svelte';
import Sparkline from '../../renderer/src/components/Sparkline.svelte';

const DAY = 86_400;
const NOW = 1_800_000_000;

const op = (jobId: number, start: number, status: DrOperation['status'], rto: number | null): DrOperation => ({
  jobId,
  drGroupId: 31,
  operationType: 'test-boot',
  operationTypeSource: 'commserve',
  start,
  end: status === 'running' ? null : start + (rto ?? 60),
  duration: status === 'running' ? null : (rto ?? 60),
  rto,
  status,
  failedPhases: status === 'failed' ? 1 : 0,
  runningPhases: status === 'running' ? 1 : 0,
  vms: [
    {
      jobId,
      replicationId: 1,
      drGroupId: 31,
      client: { id: 0, name: 'vm-01' },
      phases: [],
      start,
      end: null,
      status,
      failedPhases: status === 'failed' ? 1 : 0,
    },
  ],
});

function compliance(ops: DrOperation[], intervalDays: number): GroupCompliance {
  return groupCompliance(ops, { rtoTargetSeconds: 600, rtoTargetsByGroup: {} }, NOW, () => intervalDays)[0]!;
}

const props = (c: GroupCompliance) => ({
  compliance: c,
  name: 'Finance Tier 1',
  liveBreaches: [],
  utc: true,
  settings: { intervalDays: null, targetMinutes: null },
  connectionIntervalDays: 90,
  connectionTargetMinutes: 10,
  editable: true,
  onshowjobs: vi.fn(),
  onopenjob: vi.fn(),
  onsave: vi.fn(() => Promise.resolve('')),
});

describe('OverviewGroupCard', () => {
  it('flags a group overdue in words and with an icon once its last success is older than the interval', () => {
    const ops = [op(1, NOW - 40 * DAY, 'succeeded', 300), op(2, NOW - 10 * DAY, 'failed', null)];
    const { unmount } = render(OverviewGroupCard, props(compliance(ops, 30)));
    const flag = screen.getByTestId('overdue');
    expect(flag).toHaveTextContent('⚠ Overdue');
    expect(screen.getByText('40 days ago')).toBeInTheDocument();
    expect(screen.getByText(/not recovered \(0 of 1 VMs\)/)).toBeInTheDocument();
    unmount();
    render(OverviewGroupCard, props(compliance(ops, 60)));
    expect(screen.queryByTestId('overdue')).toBeNull();
    expect(screen.getByText('Tested in interval')).toBeInTheDocument();
  });

  it('says "never" and is overdue when no test ever succeeded, and saves its own interval', async () => {
    const p = props(compliance([op(1, NOW - DAY, 'failed', null)], 90));
    render(OverviewGroupCard, p);
    expect(screen.getByTestId('overdue')).toHaveTextContent('no successful test in all data fetched');
    await fireEvent.click(screen.getByRole('button', { name: 'Group settings…' }));
    await fireEvent.input(screen.getByLabelText('Test interval (days)'), { target: { value: '14' } });
    await fireEvent.submit(screen.getByRole('form', { name: 'Settings for Finance Tier 1' }));
    expect(p.onsave).toHaveBeenCalledWith({ intervalDays: 14, targetMinutes: null });
    await fireEvent.click(screen.getByRole('button', { name: 'Show 1 job' }));
    expect(p.onshowjobs).toHaveBeenCalledOnce();
  });
});

describe('Sparkline', () => {
  it('has a text alternative that reads the trend and the target', () => {
    // `target` is also a render option: pass the props explicitly.
    render(Sparkline, {
      props: {
        points: [
          { rto: 300, over: false },
          { rto: 900, over: true },
          { rto: 600, over: false },
        ],
        target: 600,
      },
    });
    expect(screen.getByRole('img')).toHaveAccessibleName(
      'RTO trend of 3 successful tests: first 5m 00s, latest 10m 00s, median 10m 00s, 1 over the 10m 00s target',
    );
  });
});
