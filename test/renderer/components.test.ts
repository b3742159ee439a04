import { fireEvent, render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { ConnectionView } from '../../electron/contract/connections';
import type { DrOperation } from '../../electron/contract/model';
import ErrorBanner from '../../renderer/src/components/ErrorBanner.svelte';
import OperationsTable from '../../renderer/src/components/OperationsTable.svelte';
import SignInForm from '../../renderer/src/components/SignInForm.svelte';
import StatusBadge from '../../renderer/src/components/StatusBadge.svelte';
import { useBridge } from '../../renderer/src/lib/api';
import { buildRows, firstDirection, plural } from '../../renderer/src/lib/jobsView';
import type { SortState } from '../../electron/contract/ui';
import { fakeBridge } from './fakeBridge';

describe('StatusBadge', () => {
  it('shows a symbol and a word for every status, and the raw value of an unknown one', () => {
    render(StatusBadge, { status: 'failed' });
    expect(screen.getByText('Failed')).toBeInTheDocument();
    expect(screen.getByText('✕')).toBeInTheDocument();
    render(StatusBadge, { status: 'unknown', raw: 7 });
    expect(screen.getByText('Unknown (7)')).toBeInTheDocument();
  });
});

describe('ErrorBanner', () => {
  it('titles the error by kind, shows the fingerprint to pin, and offers retry', async () => {
    const onretry = vi.fn();
    render(ErrorBanner, {
      error: {
        kind: 'tls',
        message: 'The certificate of cs:443 is not trusted.',
        details: { fingerprint256: 'AB:CD' },
      },
      onretry,
    });
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('Certificate not trusted');
    expect(alert).toHaveTextContent('SHA-256 AB:CD');
    await fireEvent.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(onretry).toHaveBeenCalledOnce();
  });
});

const op = (jobId: number, status: DrOperation['status'], rto: number | null, vmNames: string[]): DrOperation => ({
  jobId,
  drGroupId: 30,
  operationType: 'test-boot',
  operationTypeSource: 'commserve',
  start: 1000 + jobId,
  end: rto === null ? null : 1000 + jobId + rto,
  duration: rto,
  rto,
  status,
  failedPhases: status === 'failed' ? 1 : 0,
  runningPhases: status === 'running' ? 1 : 0,
  vms: vmNames.map((name, i) => ({
    jobId,
    replicationId: i + 1,
    drGroupId: 30,
    client: { id: 100 + i, name },
    phases: [],
    start: 1000 + jobId,
    end: null,
    status,
    failedPhases: 0,
  })),
});

describe('OperationsTable', () => {
  const operations = [
    op(11, 'succeeded', 300, ['a', 'b']),
    op(12, 'failed', 9000, ['c']),
    op(13, 'running', null, ['d']),
  ];
  // Judged as of a moment where running job 13 has run 2 h: past its 1 h target, a live breach.
  const AS_OF = 1013 + 7200;
  const rows = (expanded = new Set<number>(), sort: SortState = { key: 'jobId', descending: true }) =>
    buildRows(operations, { '30': 'Finance' }, sort, expanded, () => 3600, AS_OF);
  const order = (sort: SortState) =>
    rows(new Set(), sort)
      .filter((r) => r.kind === 'operation')
      .map((r) => r.op.jobId);

  it('lists operations with group, type, status and the RTO verdict in words, never calling a failure within', () => {
    const slow = op(14, 'succeeded', 5400, ['e']);
    render(OperationsTable, {
      rows: buildRows(
        [...operations, slow],
        { '30': 'Finance' },
        { key: 'jobId', descending: true },
        new Set(),
        () => 3600,
        AS_OF,
      ),
      sort: { key: 'jobId', descending: true },
      utc: true,
      onopen: vi.fn(),
      ontoggle: vi.fn(),
      columns: ['type', 'duration', 'target'],
    });
    const grid = screen.getByRole('treegrid', { name: 'DR operations' });
    const dataRows = within(grid).getAllByRole('row').slice(1);
    expect(dataRows.map((r) => r.getAttribute('data-job-id'))).toEqual(['14', '13', '12', '11']);
    expect(dataRows[2]).toHaveTextContent('Finance');
    expect(dataRows[2]).toHaveTextContent('Test Boot');
    // Over target: the word, not only a glyph, and the target is in the table.
    expect(dataRows[0]).toHaveTextContent('▲ over by 30m 00s');
    expect(dataRows[0]).toHaveTextContent('1h 00m');
    expect(dataRows[2]).toHaveTextContent('✕ not recovered 0 of 1');
    expect(dataRows[2]).not.toHaveTextContent('within');
    // A live breach in words short enough for the cell, the verdict's full label in its title.
    expect(dataRows[1]).toHaveTextContent('⚠ live breach +1h 00m');
    expect(within(dataRows[1]!).getByTitle('running — breached by 1h 00m')).toBeInTheDocument();
    expect(dataRows[3]).toHaveTextContent('within target');
    for (const name of ['Duration', 'RTO vs target', 'RTO target', 'Type'])
      expect(within(grid).getByRole('columnheader', { name: new RegExp(name) })).toBeInTheDocument();
  });

  it('shows only the optional columns chosen', () => {
    render(OperationsTable, {
      rows: rows(),
      sort: { key: 'jobId', descending: true },
      utc: true,
      onopen: vi.fn(),
      ontoggle: vi.fn(),
      columns: ['vms'],
    });
    expect(screen.queryByRole('columnheader', { name: /Type/ })).toBeNull();
    expect(screen.queryByRole('columnheader', { name: /Failed phases/ })).toBeNull();
    expect(screen.getByRole('columnheader', { name: /VMs/ })).toBeInTheDocument();
    expect(screen.getByRole('columnheader', { name: /RTO vs target/ })).toBeInTheDocument();
  });

  it('sorts RTO with running and unrecovered operations last in both directions', () => {
    const more = [...operations, op(14, 'succeeded', 60, ['e'])];
    const sorted = (descending: boolean) =>
      buildRows(more, {}, { key: 'rto', descending }, new Set(), () => 3600, AS_OF).map((r) => r.op.jobId);
    expect(sorted(true)).toEqual([11, 14, 13, 12]);
    expect(sorted(false)).toEqual([14, 11, 13, 12]);
  });

  it('puts failures on top on the first click on Status', () => {
    expect(firstDirection('status')).toBe(false);
    expect(order({ key: 'status', descending: firstDirection('status') })).toEqual([12, 13, 11]);
    expect(firstDirection('rto')).toBe(true);
  });

  it('says "1 operation", not "1 operations"', () => {
    expect(plural(1, 'operation')).toBe('1 operation');
    expect(plural(2, 'operation')).toBe('2 operations');
  });

  it('is driven from the keyboard: arrows move, right expands, Enter opens', async () => {
    const onopen = vi.fn();
    const ontoggle = vi.fn();
    render(OperationsTable, { rows: rows(), sort: { key: 'jobId', descending: true }, utc: true, onopen, ontoggle });
    const grid = screen.getByRole('treegrid');
    grid.focus();
    await fireEvent.keyDown(grid, { key: 'ArrowDown' });
    await fireEvent.keyDown(grid, { key: 'ArrowRight' });
    expect(ontoggle).toHaveBeenCalledWith(12);
    await fireEvent.keyDown(grid, { key: 'End' });
    await fireEvent.keyDown(grid, { key: 'Enter' });
    expect(onopen).toHaveBeenCalledWith(11);
    expect(grid.getAttribute('aria-activedescendant')).toBe('row-op-11');
  });

  it('shows VM rows under an expanded operation', () => {
    render(OperationsTable, {
      rows: rows(new Set([11])),
      sort: { key: 'jobId', descending: true },
      utc: true,
      onopen: vi.fn(),
      ontoggle: vi.fn(),
    });
    const vmRows = screen.getAllByRole('row').filter((r) => r.getAttribute('aria-level') === '2');
    expect(vmRows.map((r) => r.textContent)).toEqual([expect.stringContaining('↳ a'), expect.stringContaining('↳ b')]);
    // No column with another meaning: no replication id under Job ID, no phase count under VMs.
    const cells = within(vmRows[0]!).getAllByRole('gridcell');
    expect(cells[1]!.textContent!.trim()).toBe('');
    expect(vmRows[0]!.textContent).not.toMatch(/#1|\bph\b/);
  });

  it('sorts by a column header, from the keyboard too', async () => {
    const table = render(OperationsTable, {
      rows: rows(),
      sort: { key: 'jobId', descending: true },
      utc: true,
      onopen: vi.fn(),
      ontoggle: vi.fn(),
    });
    const header = screen.getByRole('columnheader', { name: /RTO vs target/ });
    expect(header).toHaveAttribute('aria-sort', 'none');
    const button = within(header).getByRole('button');
    expect(button).not.toHaveAttribute('tabindex', '-1');
    await fireEvent.click(button);
    expect(screen.getByRole('columnheader', { name: /RTO vs target/ })).toHaveAttribute('aria-sort', 'descending');
    await fireEvent.click(within(screen.getByRole('columnheader', { name: /Status/ })).getByRole('button'));
    expect(screen.getByRole('columnheader', { name: /Status/ })).toHaveAttribute('aria-sort', 'ascending');
    table.unmount();
  });
});

const connection: ConnectionView = {
  id: 'c1',
  name: 'Prod',
  webService: 'https://cs.example.com/commandcenter/api',
  format: 'json',
  tls: { mode: 'system' },
  rtoTargetMinutes: null,
  rtoTargetsByGroup: {},
  testIntervalDays: 90,
  testIntervalsByGroup: {},
  username: 'admin',
  domain: '',
  staySignedIn: false,
  rememberPassword: false,
  secretsWithdrawn: false,
  demo: false,
  warnings: [],
  session: {
    connectionId: 'c1',
    signedIn: false,
    userName: null,
    keychain: { state: 'locked', detail: 'The keychain is locked, so sign-ins last until the app closes.' },
    tokenKept: false,
    passwordKept: false,
    problem: null,
  },
};

describe('SignInForm', () => {
  it('sends user, password and the two separate keychain choices, and shows the server message on failure', async () => {
    const user = userEvent.setup();
    const { api, calls } = fakeBridge({
      'session:signIn': () => ({
        ok: false,
        error: { kind: 'bad-credentials', message: 'Sign-in failed: Invalid Username or Password', details: {} },
      }),
    });
    useBridge(api);
    const onsignedin = vi.fn();
    render(SignInForm, { connection, onsignedin, oncancel: vi.fn() });
    expect(screen.getByText(/The keychain is locked, so sign-ins last until the app closes/)).toBeInTheDocument();
    const remember = screen.getByLabelText(/Also remember the password/);
    expect(remember).toBeDisabled();
    await user.type(screen.getByLabelText('Password', { exact: true }), 'pässword');
    await user.click(screen.getByLabelText(/Stay signed in/));
    expect(remember).toBeEnabled();
    await user.click(remember);
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(calls).toEqual([
      {
        channel: 'session:signIn',
        request: {
          connectionId: 'c1',
          username: 'admin',
          password: 'pässword',
          domain: '',
          staySignedIn: true,
          rememberPassword: true,
        },
      },
    ]);
    expect(await screen.findByRole('alert')).toHaveTextContent('Sign-in failed: Invalid Username or Password');
    expect(onsignedin).not.toHaveBeenCalled();
  });

  it('signs in with a pasted token instead', async () => {
    const user = userEvent.setup();
    const status = { ...connection.session, signedIn: true, userName: 'admin' };
    const { api, calls } = fakeBridge({ 'session:useToken': () => ({ ok: true, value: status }) });
    useBridge(api);
    const onsignedin = vi.fn();
    render(SignInForm, { connection, onsignedin, oncancel: vi.fn() });
    await user.click(screen.getByLabelText('Paste a token'));
    await user.type(screen.getByLabelText(/Token/), 'QSDK abc');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(calls[0]).toEqual({
      channel: 'session:useToken',
      request: { connectionId: 'c1', token: 'QSDK abc', staySignedIn: false },
    });
    expect(onsignedin).toHaveBeenCalledWith(status);
  });
});
