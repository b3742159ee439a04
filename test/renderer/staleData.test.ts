import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SessionStatus } from '../../electron/contract/sessions';
import App from '../../renderer/src/App.svelte';
import { formatClock } from '../../renderer/src/lib/format';
import { AppState } from '../../renderer/src/lib/state.svelte';
import { recordingCanvas } from './canvas';
import { connectionView, NOW, simulatedCommServe } from './simulated';
import { ok, printMedium, standIn } from './standIn';

/**
 * Data that is no longer the CommServe's answer, on every screen: after a failed fetch each screen says so in the
 * same words and no chart is saved as an image of current data; after sign-out no screen keeps that CommServe's
 * figures.
 */

// jsdom lays nothing out: every element gets a box, so focus after a screen change lands as in a window.
beforeEach(() => {
  vi.spyOn(Element.prototype, 'getClientRects').mockImplementation(
    () => [new DOMRect(0, 0, 100, 20)] as unknown as DOMRectList,
  );
});
afterEach(() => vi.restoreAllMocks());

const tab = (name: string) => within(screen.getByRole('navigation', { name: 'Screens' })).getByRole('button', { name });

/** The whole page on main's stand-in; the second fetch fails as an unreachable CommServe does. */
async function page() {
  printMedium();
  recordingCanvas();
  const commServe = simulatedCommServe({}, { rtoTargetSeconds: 1800 });
  let fetches = 0;
  let emit: ReturnType<typeof standIn>['emit'] = () => undefined;
  const main = standIn({
    commServe,
    answers: {
      'jobs:fetch': (request) =>
        ++fetches === 2
          ? { ok: false, error: { kind: 'network', message: 'The CommServe could not be reached.', details: {} } }
          : ok({ ...commServe.fetch(), requestId: (request as { requestId: string }).requestId, fetchId: 'f-1' }),
      'export:png': () => ok({ kind: 'cancelled' }),
      'session:signOut': () => {
        const status: SessionStatus = { ...connectionView().session, signedIn: false, userName: null };
        main.connections.list = [connectionView({ session: { signedIn: false, userName: null } })];
        // Main tells every page, as sessions.ts announces a sign-out.
        emit('session:changed', status);
        return ok(status);
      },
    },
  });
  emit = main.emit;
  const state = new AppState();
  render(App, { props: { state } });
  await vi.waitFor(() => expect(screen.getByTestId('summary')).toBeInTheDocument());
  return { ...main, state, user: userEvent.setup() };
}

describe('data no longer current', () => {
  it('after a failed fetch, every screen says it is out of date in the same words, and saves no chart image', async () => {
    const { state, user, requests } = await page();
    await state.setAutoRefresh(false);
    await state.fetchJobs();
    expect(state.stale).not.toBeNull();
    const words = /⚠ Out of date: the fetch at \d\d:\d\d:\d\d failed \(The CommServe could not be reached\)/;
    const note = () => screen.getByTestId('stale-note');
    // Dismissing the error does not make the data current again.
    await user.click(within(screen.getByRole('alert')).getByRole('button', { name: 'Dismiss' }));

    expect(note()).toHaveTextContent(words);
    expect(note()).toHaveTextContent(`this is the data from ${formatClock(NOW)}`);

    await user.click(tab('Overview'));
    expect(await screen.findByRole('heading', { name: 'Compliance overview' })).toBeInTheDocument();
    expect(note()).toHaveTextContent(words);

    await user.click(tab('Insights'));
    expect(await screen.findByRole('heading', { name: 'Insights' })).toBeInTheDocument();
    expect(note()).toHaveTextContent(words);
    const saves = screen.getAllByRole('button', { name: 'Save chart as PNG' });
    expect(saves.length).toBeGreaterThan(0);
    for (const save of saves) expect(save).toBeDisabled();

    state.selectJob(state.result!.operations.find((op) => op.status === 'failed')!.jobId);
    expect(await screen.findByRole('heading', { name: /^Job \d+$/ })).toBeInTheDocument();
    expect(note()).toHaveTextContent(words);
    expect(screen.getByRole('button', { name: 'Save chart as PNG' })).toBeDisabled();
    expect(requests('export:png')).toEqual([]);

    // A good fetch makes it current again: the charts can be saved.
    await state.fetchJobs();
    expect(screen.queryByTestId('stale-note')).toBeNull();
    expect(screen.getByRole('button', { name: 'Save chart as PNG' })).toBeEnabled();
  });

  it('after sign-out, no screen keeps that CommServe’s figures', async () => {
    const { state, user } = await page();
    await user.click(tab('Connections'));
    await user.click(await screen.findByRole('button', { name: 'Sign out' }));
    await vi.waitFor(() => expect(screen.getByText('○ signed out')).toBeInTheDocument());
    expect(state.result).toBeNull();

    await user.click(tab('Overview'));
    expect(await screen.findByRole('heading', { name: 'Signed out of Prod CommServe' })).toBeInTheDocument();
    expect(screen.queryByRole('list', { name: 'Key figures' })).toBeNull();

    await user.click(tab('Insights'));
    expect(await screen.findByRole('heading', { name: 'Signed out of Prod CommServe' })).toBeInTheDocument();
    expect(screen.queryByTestId('rto-by-group')).toBeNull();

    await user.click(tab('Jobs'));
    expect(await screen.findByRole('heading', { name: 'Signed out of Prod CommServe' })).toBeInTheDocument();

    state.openEvidenceReport();
    expect(await screen.findByText(/No data to report/)).toBeInTheDocument();
    expect(screen.queryByRole('article', { name: 'DR test evidence report' })).toBeNull();
  });
});
