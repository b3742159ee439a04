import { DEFAULT_THRESHOLD } from '$contract/compare';
import type { AppError, Result } from '$contract/errors';
import type { RunSummary } from '$contract/run';
import { call } from './api';
import { deliver } from './files';
import { formatTime } from './format';
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
    const listed = await call('runs:list', {});
    if (listed.ok) this.runs = listed.value;
    else this.error = listed.error;
    this.loaded = true;
  }

  /** `content`: a file the page read (browser mode); absent, main asks with its own dialog. */
  importRun(content?: string): Promise<boolean> {
    return this.act(async () => {
      const answer = await call('runs:import', content === undefined ? {} : { content });
      if (!answer.ok) return answer;
      const { imported } = answer.value;
      if (imported) this.status = `Imported “${imported.name}”.`;
      await this.load();
      return answer;
    });
  }

  update(runId: string, change: { name: string; note: string }): Promise<boolean> {
    return this.act(async () => {
      const updated = await call('runs:update', { runId, ...change });
      if (updated.ok) await this.load();
      return updated;
    });
  }

  /** `beforeRetention`: the second confirmation an evidence pack still inside its retention period needs. */
  remove(runId: string, beforeRetention = false): Promise<boolean> {
    return this.act(async () => {
      const deleted = await call('runs:delete', { runId, beforeRetention });
      if (deleted.ok) await this.load();
      return deleted;
    });
  }

  /** Freezes a run as an evidence pack, kept for `retentionDays`. */
  finalize(runId: string, retentionDays: number): Promise<boolean> {
    return this.act(async () => {
      const done = await call('runs:finalize', { runId, retentionDays });
      if (done.ok) {
        this.status = `“${done.value.name}” is now an evidence pack: frozen, chained to the packs before it, and kept until ${formatTime(done.value.pack!.retainUntil, this.app.utc).slice(0, 10)}.`;
        await this.load();
      }
      return done;
    });
  }

  exportFile(runId: string): Promise<boolean> {
    return this.act(async () => {
      const exported = await call('runs:exportFile', { runId });
      if (exported.ok) this.status = await deliver(exported.value);
      return exported;
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

  /** True when the action succeeded; its failure is shown as `error`. */
  private async act(task: () => Promise<Result<unknown>>): Promise<boolean> {
    this.error = null;
    this.status = '';
    const result = await task();
    if (!result.ok) this.error = result.error;
    return result.ok;
  }
}
