import { fireEvent, render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { ConnectionView } from '../../electron/contract/api';
import type { DrOperation } from '../../electron/contract/model';
import ErrorBanner from '../../renderer/src/components/ErrorBanner.svelte';
import OperationsTable from '../../renderer/src/components/OperationsTable.svelte';
import SignInForm from '../../renderer/src/components/SignInForm.svelte';
import StatusBadge from '../../renderer/src/components/StatusBadge.svelte';
import { useBridge } from '../../renderer/src/lib/api';
import { buildRows } from '../../renderer/src/lib/jobsView';
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
  const rows = (expanded = new Set<number>()) =>
    buildRows(operations, { '30': 'Finance' }, '', { key: 'jobId', descending: true }, expanded, () => 3600);

  it('lists operations with group, status and a flag on RTOs over target', () => {
    render(OperationsTable, {
      rows: rows(),
      sort: { key: 'jobId', descending: true },
      utc: true,
      onopen: vi.fn(),
      ontoggle: vi.fn(),
    });
    const grid = screen.getByRole('grid', { name: 'DR operations' });
    const dataRows = within(grid).getAllByRole('row').slice(1);
    expect(dataRows.map((r) => r.getAttribute('data-job-id'))).toEqual(['13', '12', '11']);
    expect(dataRows[1]).toHaveTextContent('Finance');
    expect(within(dataRows[1]!).getByLabelText('over target')).toBeInTheDocument();
    expect(dataRows[0]).toHaveTextContent('running…');
  });

  it('is driven from the keyboard: arrows move, right expands, Enter opens', async () => {
    const onopen = vi.fn();
    const ontoggle = vi.fn();
    render(OperationsTable, { rows: rows(), sort: { key: 'jobId', descending: true }, utc: true, onopen, ontoggle });
    const grid = screen.getByRole('grid');
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
  });

  it('sorts by a column header', async () => {
    const table = render(OperationsTable, {
      rows: rows(),
      sort: { key: 'jobId', descending: true },
      utc: true,
      onopen: vi.fn(),
      ontoggle: vi.fn(),
    });
    const header = screen.getByRole('columnheader', { name: /RTO/ });
    expect(header).toHaveAttribute('aria-sort', 'none');
    await fireEvent.click(within(header).getByRole('button'));
    expect(screen.getByRole('columnheader', { name: /RTO/ })).toHaveAttribute('aria-sort', 'descending');
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
  demo: false,
  warnings: [],
  session: {
    connectionId: 'c1',
    signedIn: false,
    userName: null,
    keychain: { state: 'locked', detail: 'The keychain is locked.' },
    tokenKept: false,
    passwordKept: false,
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
    expect(screen.getByText(/The keychain is locked\. Secrets stay in memory/)).toBeInTheDocument();
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
