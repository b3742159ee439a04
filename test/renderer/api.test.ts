import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { AppError } from '../../electron/contract/errors';
import ExportPanel from '../../renderer/src/components/ExportPanel.svelte';
import { call, useBridge } from '../../renderer/src/lib/api';
import { appContext } from '../../renderer/src/lib/appContext';
import { createHttpApi } from '../../renderer/src/lib/transport';
import { RunsLibrary } from '../../renderer/src/lib/runsLibrary.svelte';
import { AppState } from '../../renderer/src/lib/state.svelte';
import { fakeBridge } from './fakeBridge';

const readOnly: AppError = { kind: 'storage', message: 'The export folder is read-only.', details: {} };

describe('call', () => {
  it('resolves to the failure main reported, as a value: it never rejects', async () => {
    useBridge(fakeBridge({ 'runs:list': () => ({ ok: false, error: readOnly }) }).api);
    await expect(call('runs:list', {})).resolves.toEqual({ ok: false, error: readOnly });
  });

  it('resolves to a failure even when the bridge itself throws', async () => {
    useBridge({
      invoke: () => {
        throw new Error('sessionStorage is not available');
      },
      on: () => () => undefined,
    });
    await expect(call('runs:list', {})).resolves.toEqual({
      ok: false,
      error: { kind: 'internal', message: 'sessionStorage is not available', details: {} },
    });
  });

  it('resolves to the value on success', async () => {
    useBridge(fakeBridge({ 'runs:list': () => ({ ok: true, value: [] }) }).api);
    await expect(call('runs:list', {})).resolves.toEqual({ ok: true, value: [] });
  });
});

describe('a failure on screen', () => {
  it('ExportPanel shows the message of a refused export and can export again', async () => {
    const user = userEvent.setup();
    const { api, calls } = fakeBridge({ 'export:csv': () => ({ ok: false, error: readOnly }) });
    useBridge(api);
    render(ExportPanel, {
      props: { source: { kind: 'live', fetchId: 'f1' }, utc: false, onclose: () => undefined },
      context: appContext(new AppState()),
    });
    await user.click(screen.getByRole('button', { name: 'Export CSV' }));
    expect(await screen.findByRole('status')).toHaveTextContent('The export folder is read-only.');
    expect(screen.getByRole('button', { name: 'Export CSV' })).toBeEnabled();
    expect(calls.map((c) => c.channel)).toEqual(['export:csv']);
  });
});

describe('the browser-mode transport', () => {
  it('answers a dead server and a damaged answer with a failure, never a rejection', async () => {
    const api = createHttpApi('secret');
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')));
    await expect(api.invoke('runs:list', {})).resolves.toMatchObject({ ok: false, error: { kind: 'network' } });
    vi.stubGlobal('fetch', () => Promise.resolve(new Response('{not json', { status: 200 })));
    await expect(api.invoke('runs:list', {})).resolves.toMatchObject({ ok: false, error: { kind: 'internal' } });
  });

  it('sends the preferences so they outlive a closing tab, and nothing else that way', async () => {
    const api = createHttpApi('secret');
    const sent: { url: string; keepalive: boolean | undefined }[] = [];
    vi.stubGlobal('fetch', (url: string, init: RequestInit) => {
      sent.push({ url, keepalive: init.keepalive });
      return Promise.resolve(Response.json({ ok: true, value: {} }));
    });
    await api.invoke('ui:set', { columns: ['target'] });
    await api.invoke('runs:list', {});
    expect(sent).toEqual([
      { url: '/api/invoke/ui:set', keepalive: true },
      { url: '/api/invoke/runs:list', keepalive: false },
    ]);
  });
});

describe('opening a saved run that fails', () => {
  it('shows the failure as the app’s error and on the Runs screen, and reports no success', async () => {
    useBridge(fakeBridge({ 'runs:open': () => ({ ok: false, error: readOnly }) }).api);
    const app = new AppState();
    const library = new RunsLibrary(app);
    expect(await library.open('r1')).toBe(false);
    expect(app.error).toEqual(readOnly);
    expect(library.error).toEqual(readOnly);
    expect(app.source).toBeNull();
  });
});
