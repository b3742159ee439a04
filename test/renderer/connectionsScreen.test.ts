import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { ConnectionView } from '../../electron/contract/connections';
import ConnectionsScreen from '../../renderer/src/components/ConnectionsScreen.svelte';
import { appContext } from '../../renderer/src/lib/appContext';
import { AppState } from '../../renderer/src/lib/state.svelte';
import { connectionView } from './simulated';
import { ok, standIn } from './standIn';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQk9HVVM=\n-----END CERTIFICATE-----\n';
const FINGERPRINT = 'AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89';

const signedOut = (overrides: Partial<ConnectionView> = {}) =>
  connectionView({
    id: 'lab',
    name: 'Lab CommServe',
    webService: 'https://lab.example.com/webconsole/api',
    username: 'labadmin',
    ...overrides,
    session: {
      signedIn: false,
      userName: null,
      keychain: {
        state: 'none',
        detail: 'No Secret Service is running, so sign-ins last until the app closes: start GNOME Keyring or KWallet.',
      },
    },
  });

/** The Connections screen on main's stand-in, the app started as App.svelte starts it. */
async function connectionsScreen(options: Parameters<typeof standIn>[0] = {}) {
  const main = standIn(options);
  const app = new AppState();
  expect((await app.start()).ok).toBe(true);
  render(ConnectionsScreen, { context: appContext(app) });
  return { ...main, app, user: userEvent.setup() };
}

const card = (name: string) => screen.getByRole('listitem', { name });

describe('ConnectionsScreen: the list', () => {
  it('shows each connection’s address, settings, session and keychain in words', async () => {
    await connectionsScreen({
      connections: [
        connectionView({
          format: 'xml',
          tls: { mode: 'pinned', fingerprint256: FINGERPRINT },
          rtoTargetMinutes: 30,
          testIntervalsByGroup: { '31': 30 },
          warnings: ['This address is a Web Console root: Command Center’s is faster.'],
          session: { tokenKept: true },
        }),
        signedOut({ demo: true, testIntervalDays: 1, testIntervalsByGroup: { '1': 7, '2': 14 } }),
      ],
    });
    const prod = card('Prod CommServe');
    expect(prod).toHaveTextContent('https://cs.example.com/commandcenter/api');
    expect(prod).toHaveTextContent(
      'XML Pinned certificate RTO target: 30 min Test interval: 90 days (1 group has its own)',
    );
    expect(prod).toHaveTextContent('⚠ This address is a Web Console root: Command Center’s is faster.');
    expect(prod).toHaveTextContent('● Signed in as admin');
    expect(prod).toHaveTextContent('Keychain: available · token kept');
    expect(within(prod).queryByTestId('keychain-detail')).toBeNull();
    expect(within(prod).getByRole('button', { name: 'Open jobs' })).toBeInTheDocument();

    const lab = card('Lab CommServe');
    expect(lab).toHaveTextContent('Lab CommServe built-in demo');
    expect(lab).toHaveTextContent('JSON System trust RTO target: none Test interval: 1 day (2 groups have their own)');
    expect(lab).toHaveTextContent('○ Signed out');
    expect(lab).toHaveTextContent('Keychain: not available');
    // Why sign-ins do not last, and what fixes it, on the card itself.
    expect(within(lab).getByTestId('keychain-detail')).toHaveTextContent(
      'No Secret Service is running, so sign-ins last until the app closes: start GNOME Keyring or KWallet.',
    );
  });

  it('invites the user to add a first connection', async () => {
    await connectionsScreen({ connections: [] });
    expect(screen.getByRole('heading', { name: 'No connections yet' })).toBeInTheDocument();
  });

  it('tests a connection and says what it found', async () => {
    const { user, requests } = await connectionsScreen({
      answers: {
        'connections:test': () =>
          ok({
            reachable: false,
            message: 'Certificate not trusted: compare the fingerprint with the server’s.',
            error: { kind: 'tls', message: 'Certificate not trusted.', details: {} },
          }),
      },
    });
    await user.click(within(card('Prod CommServe')).getByRole('button', { name: 'Test' }));
    expect(requests('connections:test')).toEqual([{ connectionId: 'prod' }]);
    expect(await within(card('Prod CommServe')).findByRole('status')).toHaveTextContent(
      'Certificate not trusted: compare the fingerprint with the server’s.',
    );
  });

  it('signs out, and shows the list main answers after', async () => {
    const { user, requests, connections } = await connectionsScreen({
      answers: {
        'session:signOut': () => {
          connections.list = [connectionView({ session: { signedIn: false, userName: null } })];
          return ok(connections.list[0]!.session);
        },
      },
    });
    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(requests('session:signOut')).toEqual([{ connectionId: 'prod' }]);
    expect(await within(card('Prod CommServe')).findByText('○ Signed out')).toBeInTheDocument();
  });

  it('shows why an action failed, until dismissed', async () => {
    const { user } = await connectionsScreen({
      answers: {
        'session:signOut': () => ({
          ok: false,
          error: {
            kind: 'keychain',
            message: 'The keychain is locked: the kept token could not be deleted.',
            details: {},
          },
        }),
      },
    });
    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The keychain is locked: the kept token could not be deleted.');
    await user.click(within(alert).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('deletes a connection only once confirmed', async () => {
    const { user, requests, connections } = await connectionsScreen({
      connections: [connectionView(), signedOut()],
      answers: {
        'connections:delete': (request) => {
          connections.list = connections.list.filter(
            (c) => c.id !== (request as { connectionId: string }).connectionId,
          );
          return ok({});
        },
      },
    });
    const lab = card('Lab CommServe');
    await user.click(within(lab).getByRole('button', { name: 'Delete…' }));
    expect(lab).toHaveTextContent('Delete “Lab CommServe” and its kept secrets?');
    await user.click(within(lab).getByRole('button', { name: 'Keep' }));
    expect(requests('connections:delete')).toEqual([]);
    await user.click(within(lab).getByRole('button', { name: 'Delete…' }));
    await user.click(within(lab).getByRole('button', { name: 'Delete' }));
    expect(requests('connections:delete')).toEqual([{ connectionId: 'lab' }]);
    await vi.waitFor(() => expect(screen.queryByRole('listitem', { name: 'Lab CommServe' })).toBeNull());
    expect(card('Prod CommServe')).toBeInTheDocument();
  });
});

describe('ConnectionsScreen: signing in', () => {
  it('signs in, then opens that connection’s jobs', async () => {
    const { user, app, requests, connections } = await connectionsScreen({
      connections: [connectionView(), signedOut()],
      answers: {
        'session:signIn': () => {
          const status = { ...connections.list[1]!.session, signedIn: true, userName: 'labadmin' };
          connections.list = [connections.list[0]!, { ...connections.list[1]!, session: status }];
          return ok(status);
        },
      },
    });
    const lab = card('Lab CommServe');
    await user.click(within(lab).getByRole('button', { name: 'Sign in…' }));
    expect(within(lab).getByRole('button', { name: 'Sign in…' })).toBeDisabled();
    // The user name the connection keeps is filled in; the keychain's state is said where it matters.
    expect(within(lab).getByRole('textbox', { name: 'User name' })).toHaveValue('labadmin');
    await user.type(within(lab).getByLabelText('Password', { exact: true }), 's3cret');
    await user.click(within(lab).getByRole('button', { name: 'Sign in' }));
    expect(requests('session:signIn')).toEqual([
      {
        connectionId: 'lab',
        username: 'labadmin',
        password: 's3cret',
        domain: '',
        staySignedIn: false,
        rememberPassword: false,
      },
    ]);
    await vi.waitFor(() => expect(app.screen).toBe('jobs'));
    expect(app.activeId).toBe('lab');
    expect(requests('jobs:fetch').at(-1)).toMatchObject({ connectionId: 'lab', filter: {} });
  });

  it('closes the sign-in form on Cancel', async () => {
    const { user } = await connectionsScreen({ connections: [signedOut()] });
    await user.click(screen.getByRole('button', { name: 'Sign in…' }));
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByLabelText('Password', { exact: true })).toBeNull();
  });

  it('opens the jobs of a connection already signed in', async () => {
    const { user, app, requests } = await connectionsScreen();
    app.showScreen('connections');
    const fetches = requests('jobs:fetch').length;
    await user.click(screen.getByRole('button', { name: 'Open jobs' }));
    await vi.waitFor(() => expect(app.screen).toBe('jobs'));
    expect(requests('jobs:fetch')).toHaveLength(fetches + 1);
  });
});

describe('ConnectionForm', () => {
  it('adds a connection with a pinned certificate, and makes it the active one when there was none', async () => {
    const saved = connectionView({ id: 'new-1', name: 'DR site', session: { signedIn: false, userName: null } });
    const { user, requests, connections, app } = await connectionsScreen({
      connections: [],
      answers: {
        'connections:save': () => {
          connections.list = [saved];
          return ok(saved);
        },
      },
    });
    await user.click(screen.getByRole('button', { name: 'Add connection' }));
    expect(screen.getByRole('button', { name: 'Add connection' })).toBeDisabled();
    const form = screen.getByRole('form', { name: 'New connection' });
    await user.type(within(form).getByRole('textbox', { name: 'Name' }), 'DR site');
    await user.type(
      within(form).getByRole('textbox', { name: /Web service address/ }),
      'https://dr.example.com:81/SearchSvc/CVWebService.svc',
    );
    await user.selectOptions(within(form).getByRole('combobox', { name: 'Response format' }), 'XML');
    await user.type(within(form).getByRole('textbox', { name: 'RTO target (minutes)' }), '120');
    await user.clear(within(form).getByRole('textbox', { name: /Test interval \(days\)/ }));
    await user.type(within(form).getByRole('textbox', { name: /Test interval \(days\)/ }), '30');
    await user.selectOptions(within(form).getByRole('combobox', { name: 'Certificate trust' }), 'pinned');
    await user.type(within(form).getByRole('textbox', { name: /SHA-256 fingerprint/ }), FINGERPRINT);
    await user.click(within(form).getByRole('button', { name: 'Save connection' }));
    expect(requests('connections:save')).toEqual([
      {
        name: 'DR site',
        webService: 'https://dr.example.com:81/SearchSvc/CVWebService.svc',
        format: 'xml',
        tls: { mode: 'pinned', fingerprint256: FINGERPRINT },
        rtoTargetMinutes: 120,
        testIntervalDays: 30,
      },
    ]);
    expect(await screen.findByRole('listitem', { name: 'DR site' })).toBeInTheDocument();
    expect(screen.queryByRole('form', { name: 'New connection' })).toBeNull();
    expect(app.activeId).toBe('new-1');
  });

  it('trusts a CA certificate file by its content, read from the file picked', async () => {
    const { user, requests } = await connectionsScreen({
      answers: { 'connections:save': () => ok(connectionView()) },
    });
    await user.click(screen.getByRole('button', { name: 'Edit' }));
    const form = screen.getByRole('form', { name: 'Edit Prod CommServe' });
    expect(within(form).getByRole('heading')).toHaveTextContent('Edit “Prod CommServe”');
    expect(within(form).getByRole('textbox', { name: 'Name' })).toHaveValue('Prod CommServe');
    await user.selectOptions(within(form).getByRole('combobox', { name: 'Certificate trust' }), 'ca-file');
    // Saving without a file says what is missing, and asks nothing of main.
    await user.click(within(form).getByRole('button', { name: 'Save connection' }));
    expect(within(form).getByRole('alert')).toHaveTextContent('Check the input Choose the CA certificate file (PEM).');
    expect(requests('connections:save')).toEqual([]);
    await user.upload(
      within(form).getByLabelText('CA certificate file (PEM)'),
      new File([PEM], 'corp-root.pem', { type: 'application/x-pem-file' }),
    );
    expect(await within(form).findByTestId('ca-chosen')).toHaveTextContent('Trusting corp-root.pem');
    await user.click(within(form).getByRole('button', { name: 'Save connection' }));
    expect(requests('connections:save')).toEqual([
      expect.objectContaining({ id: 'prod', tls: { mode: 'ca-file', caPem: PEM, caName: 'corp-root.pem' } }),
    ]);
  });

  it('says a file far too large for a CA certificate is not one, instead of reading it as one chosen before', async () => {
    const { user, requests } = await connectionsScreen();
    await user.click(screen.getByRole('button', { name: 'Edit' }));
    const form = screen.getByRole('form', { name: 'Edit Prod CommServe' });
    await user.selectOptions(within(form).getByRole('combobox', { name: 'Certificate trust' }), 'ca-file');
    await user.upload(
      within(form).getByLabelText('CA certificate file (PEM)'),
      new File(['x'.repeat(300 * 1024)], 'backup.pem', { type: 'application/x-pem-file' }),
    );
    expect(await within(form).findByRole('alert')).toHaveTextContent(
      'backup.pem is not a CA certificate file: those are a few kilobytes, this one is 300 KB.',
    );
    expect(within(form).queryByTestId('ca-chosen')).toBeNull();
    await user.click(within(form).getByRole('button', { name: 'Save connection' }));
    expect(requests('connections:save')).toEqual([]);
  });

  it('keeps an older connection’s CA path on screen until a file is picked again', async () => {
    await connectionsScreen({
      connections: [connectionView({ tls: { mode: 'ca-file', caFile: '/etc/ssl/corp-root.pem' } })],
    });
    await userEvent.click(screen.getByRole('button', { name: 'Edit' }));
    expect(screen.getByTestId('ca-chosen')).toHaveTextContent(
      'Was /etc/ssl/corp-root.pem: choose the file again to keep trusting it',
    );
  });

  it('refuses a target or an interval that is not a number, and shows main’s refusal', async () => {
    const { user, requests } = await connectionsScreen({
      answers: {
        'connections:save': () => ({
          ok: false,
          error: { kind: 'invalid-input', message: 'A connection named “Lab” already exists.', details: {} },
        }),
      },
    });
    await user.click(screen.getByRole('button', { name: 'Edit' }));
    const form = screen.getByRole('form', { name: 'Edit Prod CommServe' });
    const rto = within(form).getByRole('textbox', { name: 'RTO target (minutes)' });
    await user.type(rto, 'two hours');
    await user.click(within(form).getByRole('button', { name: 'Save connection' }));
    expect(within(form).getByRole('alert')).toHaveTextContent(
      'The RTO target is a number of minutes greater than 0 and at most 100,000 (empty: no target).',
    );
    await user.clear(rto);
    const interval = within(form).getByRole('textbox', { name: /Test interval/ });
    await user.clear(interval);
    await user.type(interval, '0');
    await user.click(within(form).getByRole('button', { name: 'Save connection' }));
    expect(within(form).getByRole('alert')).toHaveTextContent(/test interval/i);
    expect(requests('connections:save')).toEqual([]);
    await user.clear(interval);
    await user.click(within(form).getByRole('button', { name: 'Save connection' }));
    // Empty fields: no target, the default interval.
    expect(requests('connections:save')).toEqual([
      expect.objectContaining({ id: 'prod', rtoTargetMinutes: null, testIntervalDays: 90 }),
    ]);
    expect(await within(form).findByText('A connection named “Lab” already exists.')).toBeInTheDocument();
    await user.click(within(form).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('form')).toBeNull();
  });
});
