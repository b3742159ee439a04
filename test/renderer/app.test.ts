import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import App from '../../renderer/src/App.svelte';
import { formatTime } from '../../renderer/src/lib/format';
import { AppState } from '../../renderer/src/lib/state.svelte';
import { connectionView, NOW, simulatedCommServe } from './simulated';
import { deferred, ok, printMedium, queueDrained, standIn } from './standIn';

/** The whole page, started as main.ts starts it, on main's stand-in. */
async function app(options: Parameters<typeof standIn>[0] = {}) {
  printMedium();
  const main = standIn({ commServe: simulatedCommServe({}, { rtoTargetSeconds: 1800 }), ...options });
  const state = new AppState();
  render(App, { props: { state } });
  await vi.waitFor(() => expect(screen.queryByText('Starting…')).toBeNull());
  return { ...main, state, user: userEvent.setup() };
}

// jsdom lays nothing out, so no element has a box and none counts as shown; focus goes to the first heading that
// is shown (lib/screenFocus.ts). Here, as in a window, every element has one.
beforeAll(() => {
  vi.spyOn(Element.prototype, 'getClientRects').mockImplementation(
    () => [new DOMRect(0, 0, 100, 20)] as unknown as DOMRectList,
  );
});
afterAll(() => vi.restoreAllMocks());

const tab = (name: string) => within(screen.getByRole('navigation', { name: 'Screens' })).getByRole('button', { name });

describe('App', () => {
  it('says it is starting until main has answered, then shows the jobs of the signed-in connection', async () => {
    printMedium();
    const info = deferred();
    standIn({ answers: { 'app:info': info.answer } });
    render(App, { props: { state: new AppState() } });
    expect(screen.getByText('Starting…')).toBeInTheDocument();
    await info.request;
    info.reply(
      ok({
        name: 'DR Job Stats',
        version: '0.1.0',
        mode: 'browser',
        dataDir: '/data',
        platform: 'linux',
        user: 'admin',
        settingsProblem: null,
        autoRefreshSeconds: 15,
      }),
    );
    expect(await screen.findByRole('region', { name: 'Jobs' })).toBeInTheDocument();
    expect(tab('Jobs')).toHaveAttribute('aria-current', 'page');
    expect(screen.getByText('● admin')).toBeInTheDocument();
  });

  it('goes to each screen from its tab, puts focus on it, and marks the tab', async () => {
    const { user } = await app();
    await user.click(tab('Overview'));
    expect(tab('Overview')).toHaveAttribute('aria-current', 'page');
    expect(tab('Jobs')).not.toHaveAttribute('aria-current');
    await vi.waitFor(() => expect(screen.getByRole('heading', { name: 'Compliance overview' })).toHaveFocus());
    for (const [name, heading] of [
      ['Insights', 'Insights'],
      ['Runs', 'Saved runs'],
      ['Compare', 'Compare'],
      ['Connections', 'Connections'],
    ] as const) {
      await user.click(tab(name));
      await vi.waitFor(() => expect(screen.getByRole('heading', { name: heading, level: 2 })).toHaveFocus());
    }
    // The Jobs screen has no heading: focus goes to the page's main region, never stays on the tab bar.
    await user.click(tab('Jobs'));
    await vi.waitFor(() => expect(screen.getByRole('main')).toHaveFocus());
  });

  it('comes back from the evidence report to the button that opened it', async () => {
    const { user } = await app();
    await user.click(tab('Overview'));
    await user.click(screen.getByRole('button', { name: 'DR test report' }));
    expect(await screen.findByRole('article', { name: 'DR test evidence report' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: '← Back' }));
    await vi.waitFor(() => expect(screen.getByRole('button', { name: 'DR test report' })).toHaveFocus());
    expect(tab('Overview')).toHaveAttribute('aria-current', 'page');
  });

  it('opens the Connections screen first when there is no connection', async () => {
    await app({ connections: [] });
    expect(screen.getByRole('heading', { name: 'No connections yet' })).toBeInTheDocument();
    expect(screen.queryByRole('combobox', { name: 'Connection' })).toBeNull();
  });

  it('shows why it could not start', async () => {
    await app({
      answers: {
        'app:info': () => ({
          ok: false,
          error: { kind: 'network', message: 'DR Job Stats (browser mode) is not running any more.', details: {} },
        }),
      },
    });
    expect(screen.getByRole('alert')).toHaveTextContent('DR Job Stats (browser mode) is not running any more.');
  });

  it('says when the settings had to be reset', async () => {
    await app({ info: { settingsProblem: 'settings.json was damaged; it was kept as settings.damaged-1.json.' } });
    expect(screen.getByRole('alert')).toHaveTextContent(
      'settings.json was damaged; it was kept as settings.damaged-1.json.',
    );
  });

  it('switches connection from the bar, and shows the other CommServe’s jobs', async () => {
    const lab = connectionView({ id: 'lab', name: 'Lab CommServe', session: { userName: 'labadmin' } });
    const off = connectionView({ id: 'old', name: 'Old CommServe', session: { signedIn: false, userName: null } });
    const { user, requests, state } = await app({ connections: [connectionView(), lab, off] });
    const select = screen.getByRole('combobox', { name: 'Connection' });
    expect(
      within(select)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Prod CommServe', 'Lab CommServe', 'Old CommServe (signed out)']);
    await user.selectOptions(select, 'Lab CommServe');
    await vi.waitFor(() => expect(requests('jobs:fetch').at(-1)).toMatchObject({ connectionId: 'lab' }));
    expect(screen.getByText('● labadmin')).toBeInTheDocument();
    await user.selectOptions(select, 'Old CommServe (signed out)');
    expect(await screen.findByText('○ signed out')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Signed out of Old CommServe' })).toBeInTheDocument();
    expect(state.result).toBeNull();
  });

  it('follows the menu’s commands and main’s news about sessions', async () => {
    const { emit, requests, state } = await app();
    emit('app:command', { command: 'show-insights' });
    expect(await screen.findByRole('heading', { name: 'Insights' })).toBeInTheDocument();
    emit('app:command', { command: 'show-runs' });
    expect(await screen.findByRole('heading', { name: 'Saved runs' })).toBeInTheDocument();
    emit('app:command', { command: 'toggle-utc' });
    expect(state.utc).toBe(true);
    await vi.waitFor(() => expect(screen.getByRole('checkbox', { name: 'UTC' })).toBeChecked());
    const fetches = requests('jobs:fetch').length;
    emit('app:command', { command: 'refresh' });
    await vi.waitFor(() => expect(requests('jobs:fetch')).toHaveLength(fetches + 1));
    emit('app:command', { command: 'show-jobs' });
    expect(await screen.findByRole('region', { name: 'Jobs' })).toBeInTheDocument();
    emit('session:changed', { ...connectionView().session, signedIn: false, userName: null });
    expect(await screen.findByText('○ signed out')).toBeInTheDocument();
    // Signed out: F5 asks nothing of the CommServe.
    emit('app:command', { command: 'refresh' });
    await queueDrained();
    expect(requests('jobs:fetch')).toHaveLength(fetches + 1);
  });

  it('shows times in UTC when switched, on every screen', async () => {
    const { user, state } = await app();
    const start = state.result!.operations[0]!.start;
    await user.click(screen.getByRole('checkbox', { name: 'UTC' }));
    expect(screen.getByRole('treegrid')).toHaveTextContent(formatTime(start, true));
    expect(screen.getByTestId('last-fetched')).toHaveTextContent(formatTime(NOW, true).slice(11));
  });
});
