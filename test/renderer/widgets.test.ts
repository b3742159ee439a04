import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppError } from '../../electron/contract/errors';
import type { PhaseStatus } from '../../electron/contract/model';
import DefinitionsLink from '../../renderer/src/components/DefinitionsLink.svelte';
import ErrorBanner from '../../renderer/src/components/ErrorBanner.svelte';
import StatusBadge from '../../renderer/src/components/StatusBadge.svelte';

describe('DefinitionsLink', () => {
  // jsdom has no modal dialogs: a dialog that opens and closes as the browser's does (open attribute, close event).
  const proto = HTMLDialogElement.prototype as Partial<HTMLDialogElement>;
  beforeAll(() => {
    proto.showModal = function (this: HTMLDialogElement) {
      this.setAttribute('open', '');
    };
    proto.close = function (this: HTMLDialogElement) {
      this.removeAttribute('open');
      this.dispatchEvent(new Event('close'));
    };
  });
  afterAll(() => {
    delete proto.showModal;
    delete proto.close;
  });

  it('opens the written definition of every figure in place, and closes it', async () => {
    const user = userEvent.setup();
    render(DefinitionsLink, { label: 'How RTO is judged' });
    // Closed, the page is not part of the screen's text.
    expect(document.body).not.toHaveTextContent('Recovery RTO');
    await user.click(screen.getByRole('button', { name: 'How RTO is judged' }));
    const dialog = screen.getByRole('dialog', { name: 'What the numbers mean' });
    expect(dialog).toHaveAttribute('open');
    expect(dialog).toHaveTextContent('docs/evidence.md');
    // docs/evidence.md, rendered: its headings are the page's.
    expect(within(dialog).getAllByRole('heading').length).toBeGreaterThan(3);
    expect(dialog).toHaveTextContent(/RTO/);
    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('is worded for the overview by default', () => {
    render(DefinitionsLink);
    expect(screen.getByRole('button', { name: 'How these figures are defined' })).toBeInTheDocument();
  });
});

describe('ErrorBanner', () => {
  const error = (kind: AppError['kind'], details: AppError['details'] = {}): AppError => ({
    kind,
    message: 'What happened, in words.',
    details,
  });

  it.each([
    ['bad-credentials', 'Sign-in failed'],
    ['session-expired', 'Session expired'],
    ['server-error', 'The CommServe reported an error'],
    ['unexpected-response', 'Unexpected answer from the server'],
    ['too-large', 'Response too large'],
    ['timeout', 'No answer in time'],
    ['refused', 'Connection refused'],
    ['dns', 'Host not found'],
    ['network', 'Network problem'],
    ['invalid-input', 'Check the input'],
    ['cancelled', 'Cancelled'],
    ['internal', 'Something went wrong'],
  ] as const)('titles a %s failure "%s"', (kind, title) => {
    render(ErrorBanner, { error: error(kind) });
    expect(screen.getByRole('alert')).toHaveTextContent(`${title} What happened, in words.`);
    // Without handlers, nothing to click.
    expect(within(screen.getByRole('alert')).queryAllByRole('button')).toEqual([]);
  });

  it('shows the excerpt of an answer it could not read', () => {
    render(ErrorBanner, { error: error('unexpected-response', { excerpt: '<html><title>Maintenance</title>' }) });
    expect(screen.getByRole('alert')).toHaveTextContent('<html><title>Maintenance</title>');
  });

  it('can be dismissed', async () => {
    let dismissed = 0;
    render(ErrorBanner, { error: error('network'), ondismiss: () => dismissed++ });
    await userEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(dismissed).toBe(1);
  });
});

describe('StatusBadge', () => {
  it.each([
    ['succeeded', '✓', 'Succeeded'],
    ['failed', '✕', 'Failed'],
    ['running', '◔', 'Running'],
    ['unknown', '?', 'Unknown'],
  ] as const)('shows %s as a symbol and a word', (status: PhaseStatus, symbol, word) => {
    render(StatusBadge, { status });
    const badge = screen.getByText(word);
    expect(badge).toHaveTextContent(`${symbol} ${word}`);
    expect(badge).toHaveAttribute('title', word);
  });
});
