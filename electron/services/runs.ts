import { randomUUID } from 'node:crypto';
import type { HandlerSlice } from '../contract/api.js';
import { localTimeZone } from '../contract/timeFormat.js';
import { AppFailure, appError } from '../contract/errors.js';
import type { OpenRunResult } from '../contract/jobs.js';
import type { DataSource, SaveOutcome } from '../contract/exports.js';
import {
  newRun,
  RUN_FILE_EXTENSION,
  savedScopeOf,
  type Run,
  type RunContent,
  type RunSummary,
} from '../contract/run.js';
import { applyScope, describeScope, EMPTY_SCOPE, isEmptyScope, sameScope, type Scope } from '../contract/scope.js';
import { safeFileName } from '../reports/csv.js';
import { parseRunFile, RunFileError, serialiseRun } from '../storage/runFile.js';
import type { RunLibrary } from '../storage/runLibrary.js';
import { contentWriter, RUN_FILTER, type FileSink } from '../sinks/fileSink.js';
import { assertFiguresFollow } from './figures.js';
import { runView } from './jobs.js';
import type { AuditService } from './audit.js';
import type { LiveRuns } from './liveRuns.js';

export interface ResolvedSource {
  content: RunContent;
  label: string;
}

/** Data narrowed to a scope, and the scope in words. */
export interface ScopedSource extends ResolvedSource {
  scope: Scope;
  scopeText: string;
  /** The scope in a few words for a file name. */
  scopeShort: string;
}

/**
 * The operations of `content` in `scope` (absent: everything in it), with the scope stated. A saved run already
 * holds only its own scope: narrowing it further says so, since its other operations are not in the file.
 */
export function scopeContent(
  content: RunContent,
  label: string,
  requested: Scope | undefined,
  timeZone: string,
): ScopedSource {
  const scope = requested ?? EMPTY_SCOPE;
  const operations = applyScope(content.operations, scope, {
    groupNames: content.groupNames,
    asOf: content.fetchedAt,
    targets: { rtoTargetSeconds: content.rtoTargetSeconds, rtoTargetsByGroup: content.rtoTargetsByGroup },
  });
  const held = content.operations.length;
  const total = content.totalOperations ?? held;
  const savedScope = savedScopeOf(content);
  const savedText = content.scopeText ?? '';
  const narrowerThanSaved = savedText !== '' && !sameScope(savedScope, scope);
  const base = describeScope(scope, {
    groupNames: content.groupNames,
    shown: operations.length,
    total: narrowerThanSaved ? held : total,
    timeZone,
    fetched: content.query.filter,
  });
  const scopeText = narrowerThanSaved ? `${base} (of a run saved as: ${savedText})` : base;
  const scopeShort =
    isEmptyScope(scope) && !savedText ? 'all operations' : base.replaceAll(' · ', ', ').replace(/ operations?$/, '');
  return {
    content: { ...content, operations, scope, scopeText, totalOperations: total },
    label,
    scope,
    scopeText,
    scopeShort,
  };
}

/** Saved runs: save a live fetch, list, open offline, rename, annotate, delete, export and import run files. */
export class RunService {
  constructor(
    private readonly library: RunLibrary,
    private readonly liveRuns: LiveRuns,
    private readonly sink: FileSink,
    private readonly audit: AuditService,
  ) {}

  /** The channels this service answers. */
  handlers(): HandlerSlice<
    'runs:list' | 'runs:save' | 'runs:open' | 'runs:update' | 'runs:delete' | 'runs:exportFile' | 'runs:import'
  > {
    return {
      'runs:list': () => this.list(),
      'runs:save': ({ fetchId, name, note, scope }) => this.save(fetchId, name, note, scope),
      'runs:open': ({ runId }) => this.open(runId),
      'runs:update': ({ runId, name, note }) =>
        this.update(runId, { ...(name !== undefined ? { name } : {}), ...(note !== undefined ? { note } : {}) }),
      'runs:delete': async ({ runId, beforeRetention }) => {
        await this.delete(runId, beforeRetention);
        return {};
      },
      'runs:exportFile': ({ runId }) => this.exportFile(runId),
      'runs:import': ({ content }) => this.import(content),
    };
  }

  list(): Promise<RunSummary[]> {
    return this.library.list();
  }

  /** Saves the operations in `scope` of a fresh live fetch, with the scope, its words and the fetch's total. */
  async save(fetchId: string, name: string, note: string, scope?: Scope): Promise<RunSummary> {
    const scoped = this.freshScoped(fetchId, scope);
    const saved = await this.library.save(scoped.content, name || `${scoped.label} - ${scoped.scopeShort}`, note);
    await this.audit.record('save-run', `run “${saved.name}” (${saved.id})`, scoped.scopeText);
    return saved;
  }

  /** A fresh live fetch in `scope` as a run, not kept here (the headless export's --save-run writes it). */
  freshRun(fetchId: string, name: string, note: string, scope?: Scope): { run: Run; scopeText: string } {
    const scoped = this.freshScoped(fetchId, scope);
    const run = newRun(scoped.content, {
      id: randomUUID(),
      name: name.trim() || `${scoped.label} - ${scoped.scopeShort}`,
      note,
      savedAt: this.audit.now(),
    });
    return { run, scopeText: scoped.scopeText };
  }

  /** Writes a run file where the sink says, and records it. */
  async writeRunFile(run: Run, scopeText: string): Promise<SaveOutcome> {
    const outcome = await this.sink.save(
      `${safeFileName(run.name)}${RUN_FILE_EXTENSION}`,
      [RUN_FILTER],
      contentWriter(serialiseRun(run)),
    );
    if (outcome.kind !== 'cancelled') await this.audit.record('save-run', `run file “${run.name}”`, scopeText);
    return outcome;
  }

  private freshScoped(fetchId: string, scope: Scope | undefined): ScopedSource {
    const content = this.liveRuns.get(fetchId);
    if (!content)
      throw new AppFailure(appError('not-found', 'That fetch is no longer held in memory; fetch again, then save.'));
    this.refuseStale(fetchId, 'saved');
    return scopeContent(content, defaultName(content), scope, localTimeZone());
  }

  private refuseStale(fetchId: string, what: 'saved' | 'exported'): void {
    const reason = this.liveRuns.staleReason(fetchId);
    if (reason === null) return;
    throw new AppFailure(
      appError(
        'invalid-input',
        `This data is out of date and cannot be ${what} as a current result: ${reason} Fetch again first.`,
        { stale: true },
      ),
    );
  }

  async open(runId: string): Promise<OpenRunResult> {
    const run = await this.library.open(runId);
    await assertFiguresFollow(run);
    const summary = (await this.library.list()).find((r) => r.id === runId);
    if (!summary) throw new RunFileError('Unknown run.');
    return { summary, ...runView(run), savedScope: run.scope };
  }

  update(runId: string, change: { name?: string; note?: string }): Promise<RunSummary> {
    return this.library.update(runId, change);
  }

  /** Deletes a run; an evidence pack still inside its retention period only when asked twice (`beforeRetention`). */
  async delete(runId: string, beforeRetention = false): Promise<void> {
    const summary = (await this.library.list()).find((r) => r.id === runId);
    const keepUntil = summary?.pack && summary.pack.retainUntil > this.audit.now() ? summary.pack.retainUntil : null;
    if (keepUntil !== null && !beforeRetention) {
      const date = new Date(keepUntil * 1000).toISOString().slice(0, 10);
      throw new AppFailure(
        appError(
          'invalid-input',
          `“${summary!.name}” is an evidence pack to be kept until ${date}. Deleting it now needs a second confirmation.`,
          { needsConfirmation: true, retainUntil: keepUntil },
        ),
      );
    }
    await this.library.delete(runId);
    await this.audit.record(
      'delete-run',
      `run “${summary?.name ?? runId}” (${runId})`,
      keepUntil !== null
        ? `an evidence pack deleted before its retention date (${new Date(keepUntil * 1000).toISOString().slice(0, 10)}), confirmed twice`
        : '',
    );
  }

  async exportFile(runId: string): Promise<SaveOutcome> {
    const [text, summary] = await Promise.all([
      this.library.fileText(runId),
      this.library.list().then((l) => l.find((r) => r.id === runId)),
    ]);
    return this.sink.save(
      `${safeFileName(summary?.name ?? runId)}${RUN_FILE_EXTENSION}`,
      [RUN_FILTER],
      contentWriter(text),
    );
  }

  async import(content: string | undefined): Promise<{ imported: RunSummary | null }> {
    let text = content;
    if (text === undefined) {
      if (!this.sink.open) throw new AppFailure(appError('invalid-input', 'Choose a run file to import.'));
      text = (await this.sink.open([RUN_FILTER])) ?? undefined;
      if (text === undefined) return { imported: null };
    }
    await assertFiguresFollow(parseRunFile(text));
    const imported = await this.library.import(text);
    await this.audit.record('import-run', `run “${imported.name}” (${imported.id})`);
    return { imported };
  }

  /** The data behind a live fetch or a saved run, for exports and comparisons. A stale live fetch is refused. */
  async resolve(source: DataSource): Promise<ResolvedSource> {
    if (source.kind === 'live') {
      const content = this.liveRuns.get(source.fetchId);
      if (!content) throw new AppFailure(appError('not-found', 'That fetch is no longer held in memory; fetch again.'));
      this.refuseStale(source.fetchId, 'exported');
      return { content, label: defaultName(content) };
    }
    if (source.kind === 'run-file') {
      const run = parseRunFile(source.text);
      await assertFiguresFollow(run);
      return { content: run, label: run.name };
    }
    const run = await this.library.open(source.runId);
    await assertFiguresFollow(run);
    return { content: run, label: run.name };
  }
}

export function defaultName(content: RunContent): string {
  const at = new Date(content.fetchedAt * 1000).toISOString().slice(0, 16).replace('T', ' ');
  return `${content.server.connectionName} ${at} UTC`;
}
