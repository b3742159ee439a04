import { DEFAULT_THRESHOLD } from '$contract/compare';
import type { AppError } from '$contract/errors';
import type { RunSummary } from '$contract/run';
import { call, errorOf } from './api';
import { deliver } from './files';
import type { AppState } from './state.svelte';

/**
 * The Runs screen's actions on the saved-runs library. Each action clears the last message, does its work and
 * shows what happened (`status`) or why it could not (`error`); the list is read again after every change.
 */
export class RunsLibrary {
  runs = $state.raw<RunSummary[]>([]);
  loaded = $state(false);
  error = $state<AppError | null>(null);
  status = $state('');

  constructor(private readonly app: AppState) {}

  async load(): Promise<void> {
    try {
      this.runs = await call('runs:list', {});
    } catch (e) {
      this.error = errorOf(e);
    } finally {
      this.loaded = true;
    }
  }

  /** `content`: a file the page read (browser mode); absent, main asks with its own dialog. */
  importRun(content?: string): Promise<boolean> {
    return this.act(async () => {
      const { imported } = await call('runs:import', content === undefined ? {} : { content });
      if (imported) this.status = `Imported “${imported.name}”.`;
      await this.load();
    });
  }

  update(runId: string, change: { name: string; note: string }): Promise<boolean> {
    return this.act(async () => {
      await call('runs:update', { runId, ...change });
      await this.load();
    });
  }

  remove(runId: string): Promise<boolean> {
    return this.act(async () => {
      await call('runs:delete', { runId });
      await this.load();
    });
  }

  exportFile(runId: string): Promise<boolean> {
    return this.act(async () => {
      this.status = await deliver(await call('runs:exportFile', { runId }));
    });
  }

  open(runId: string): Promise<boolean> {
    return this.act(() => this.app.openRun(runId));
  }

  /** Compares two runs, the earlier fetched on the left. */
  compare(runIds: readonly string[]): void {
    const [left, right] = runIds
      .map((id) => this.runs.find((r) => r.id === id))
      .filter((r): r is RunSummary => r !== undefined)
      .sort((a, b) => a.fetchedAt - b.fetchedAt);
    if (!left || !right) return;
    this.app.openCompare({
      mode: 'runs',
      left: { kind: 'saved', runId: left.id },
      right: { kind: 'saved', runId: right.id },
      threshold: DEFAULT_THRESHOLD,
    });
  }

  dismissError(): void {
    this.error = null;
  }

  /** True when the action succeeded. */
  private async act(task: () => Promise<unknown>): Promise<boolean> {
    this.error = null;
    this.status = '';
    try {
      await task();
      return true;
    } catch (e) {
      this.error = errorOf(e);
      return false;
    }
  }
}
