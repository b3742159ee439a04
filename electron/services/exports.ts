import type { HandlerSlice } from '../contract/api.js';
import { AppFailure, appError } from '../contract/errors.js';
import { type EventHub } from './events.js';

import type { CheckedCompareRequest, Comparison } from '../contract/compare.js';
import {
  type CheckedCsvOptions,
  type CsvReport,
  type DataSource,
  type ReportFileRequestSchema,
  type SaveOutcome,
} from '../contract/exports.js';
import type { z } from 'zod';

type CheckedReportFile = z.output<typeof ReportFileRequestSchema>;
import { compareOperations, compareRuns, type SideContext } from '../reports/compare.js';
import { comparisonCsv } from '../reports/comparisonCsv.js';
import {
  csvContextFor,
  defaultDelimiter,
  reportRowCount,
  reportTimeZone,
  safeFileName,
  writeReportCsv,
  type CsvContext,
  type CsvWriteOptions,
} from '../reports/csv.js';
import { contentWriter, CSV_FILTER, HTML_FILTER, PDF_FILTER, PNG_FILTER, type FileSink } from '../sinks/fileSink.js';
import { evidenceReport } from '../contract/report.js';
import { localTimeZone } from '../contract/timeFormat.js';
import type { Timers } from '../contract/timers.js';
import type { AuditService } from './audit.js';
import { savedScopeOf, type RunContent } from '../contract/run.js';
import type { Scope } from '../contract/scope.js';
import type { FindingService } from './findings.js';
import type { ReportRecordService } from './reportRecord.js';
import { scopeContent, type RunService } from './runs.js';
import type { ReadinessReport } from '../contract/readiness.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface ExportServiceDeps {
  runs: RunService;
  /** Who and what the evidence report puts on record beside its figures. */
  reportRecord: ReportRecordService;
  /** The findings report's rows. */
  findings: FindingService;
  sink: FileSink;
  events?: EventHub;
  /** The OS locale, for the default CSV delimiter. */
  locale: string;
  /** Desktop only: the window printed to PDF. */
  printToPdf?: (options?: PdfOptions) => Promise<Buffer>;
  /** Desktop only: a self-contained HTML page printed to PDF (the evidence report file). */
  printHtmlToPdf?: (html: string, options: PdfOptions) => Promise<Buffer>;
  /** The app's name and version, printed on the report. */
  app: { name: string; version: string };
  /** The clock a report's "generated" time is read from. */
  timers: Timers;
  /** Every export is written to the audit log. */
  audit: AuditService;
  /** The groups CSV: readiness read now for a live fetch's connection (null for a saved run, or when not read). */
  readinessFor?: (source: DataSource) => Promise<ReadinessReport | null>;
}

/** The evidence report prints portrait on the chosen paper; without a size the window prints as it is. */
export interface PdfOptions {
  pageSize: 'A4' | 'Letter';
}

/** CSV reports, comparisons, chart images and PDFs — made in main from data main holds, saved through the sink. */
export class ExportService {
  constructor(private readonly deps: ExportServiceDeps) {}

  /** The channels this service answers. */
  handlers(): HandlerSlice<
    'export:csv' | 'export:report' | 'compare:run' | 'export:comparisonCsv' | 'export:png' | 'export:pdf'
  > {
    return {
      'export:csv': ({ source, report, options, scope }) => this.csv(source, report, options, scope),
      'export:report': ({ source, scope, ...file }) => this.report(source, file, scope),
      'compare:run': (request) => this.compare(request),
      'export:comparisonCsv': ({ compare, options }) => this.comparisonCsv(compare, options),
      'export:png': ({ fileName, pngBase64 }) => this.png(fileName, pngBase64),
      'export:pdf': ({ fileName, pageSize }) => this.pdf(fileName, pageSize),
    };
  }

  /**
   * A CSV of the operations in `scope` (what the screen shows; absent means everything fetched). Every row and the
   * file name state the scope, so a file can never pass for more than it holds.
   */
  async csv(source: DataSource, report: CsvReport, options: CheckedCsvOptions, scope?: Scope): Promise<SaveOutcome> {
    const resolved = await this.deps.runs.resolve(source);
    const timeZone = reportTimeZone(options);
    // The scope's dates are named in the same zone as the file's times. No scope: the data as it was saved (a saved
    // run keeps its own scope; a live fetch has none yet).
    const { content, label, scopeShort, scopeText } = scopeContent(
      resolved.content,
      resolved.label,
      scope ?? savedScopeOf(resolved.content),
      timeZone,
    );
    const context: CsvContext = {
      ...csvContextFor(content, timeZone),
      history: resolved.content.operations,
      ...(report === 'groups' ? { readiness: (await this.deps.readinessFor?.(source)) ?? null } : {}),
    };
    // The findings of the operations in scope, closure looked for in everything held (services/findings.ts).
    if (report === 'findings')
      context.findings = await this.deps.findings.list(source, scope ?? savedScopeOf(resolved.content));
    const total = reportRowCount(report, content.operations, context);
    let rows = 0;
    const outcome = await this.deps.sink.save(
      `${safeFileName(`${label} - ${report} - ${scopeShort}`)}.csv`,
      [CSV_FILTER],
      async (out) => {
        rows = await writeReportCsv(report, content.operations, context, this.writeOptions(options), out, (done) =>
          this.deps.events?.emit('export:progress', { rows: done, total }),
        );
      },
    );
    return this.written(outcome, `${report} CSV of ${label}`, rows, scopeText);
  }

  /**
   * The evidence report of `scope` as a file: the report screen's model and component, rendered here (HTML), or that
   * HTML printed to PDF where the desktop app can print. Stale live data is refused, as for every export.
   */
  async report(source: DataSource, file: CheckedReportFile, scope?: Scope): Promise<SaveOutcome> {
    const resolved = await this.deps.runs.resolve(source);
    const timeZone = file.utc ? 'UTC' : localTimeZone();
    const held = resolved.content;
    const scoped = scopeContent(held, resolved.label, scope ?? savedScopeOf(held), timeZone);
    const asOf = held.fetchedAt;
    const model = evidenceReport({
      operations: scoped.content.operations,
      // Each group's last tests: everything held, whatever the scope (groupCompliance).
      history: held.operations,
      scopeText: scoped.scopeText,
      groupNames: held.groupNames,
      targets: { rtoTargetSeconds: held.rtoTargetSeconds, rtoTargetsByGroup: held.rtoTargetsByGroup },
      intervals:
        held.testIntervalDays !== undefined || held.testIntervalsByGroup !== undefined
          ? { testIntervalDays: held.testIntervalDays ?? null, testIntervalsByGroup: held.testIntervalsByGroup ?? {} }
          : null,
      asOf,
      generatedAt: Math.floor(this.deps.timers.now() / 1000),
      server: { name: held.server.connectionName, address: held.server.webService },
      savedRun: source.kind === 'live' ? null : { name: resolved.label, savedScopeText: held.scopeText ?? '' },
      stale: null,
      app: this.deps.app,
      dataSha256: held.rawBodySha256,
      record: await this.deps.reportRecord.record(source, scoped.scope),
    });
    const title = `DR test evidence report - ${resolved.label} - ${scoped.scopeShort}`;
    // Loaded when a report file is first asked for: the server renderer brings Svelte's, which nothing else needs.
    const { evidenceReportHtml } = await import('../render/evidenceHtml.js');
    const html = evidenceReportHtml(model, { utc: file.utc, paper: file.paper, title });
    if (file.format === 'html') {
      const outcome = await this.deps.sink.save(`${safeFileName(title)}.html`, [HTML_FILTER], contentWriter(html));
      return this.written(outcome, `evidence report of ${resolved.label}`, model.rows.length, scoped.scopeText);
    }
    if (!this.deps.printHtmlToPdf) {
      throw new AppFailure(
        appError(
          'invalid-input',
          'A PDF is printed by the installed desktop app. Here, write the report as HTML (--out report.html) and print it from a browser.',
        ),
      );
    }
    const pdf = await this.deps.printHtmlToPdf(html, { pageSize: file.paper });
    const outcome = await this.deps.sink.save(`${safeFileName(title)}.pdf`, [PDF_FILTER], contentWriter(pdf));
    return this.written(outcome, `evidence report of ${resolved.label}`, model.rows.length, scoped.scopeText);
  }

  private async handedOut(outcome: SaveOutcome, what: string): Promise<SaveOutcome> {
    if (outcome.kind !== 'cancelled') await this.deps.audit.record('export', what);
    return outcome;
  }

  /** A file handed out is evidence leaving the app: the audit log says what, of which data, in which scope. */
  private async written(outcome: SaveOutcome, what: string, rows: number, scopeText: string): Promise<SaveOutcome> {
    if (outcome.kind === 'cancelled') return outcome;
    await this.deps.audit.record('export', what, `${rows} rows; ${scopeText}`);
    return { ...outcome, rows, scopeText };
  }

  async compare(request: CheckedCompareRequest): Promise<Comparison> {
    if (request.mode === 'runs') {
      const [left, right] = await Promise.all([
        this.deps.runs.resolve(request.left),
        this.deps.runs.resolve(request.right),
      ]);
      return compareRuns(
        left.content.operations,
        right.content.operations,
        [left.label, right.label],
        request.threshold,
        // So Compare can warn when the two runs hold differently filtered data.
        [
          { scope: left.content.scope, text: left.content.scopeText },
          { scope: right.content.scope, text: right.content.scopeText },
        ],
        [sideContext(left.content), sideContext(right.content)],
      );
    }
    const [left, right] = await Promise.all([
      this.deps.runs.resolve(request.left.source),
      this.deps.runs.resolve(request.right.source),
    ]);
    const find = (ops: typeof left.content.operations, jobId: number) => {
      const op = ops.find((o) => o.jobId === jobId);
      if (!op) throw new AppFailure(appError('not-found', `Job ${jobId} is not in that data.`));
      return op;
    };
    return compareOperations(
      find(left.content.operations, request.left.jobId),
      find(right.content.operations, request.right.jobId),
      request.threshold,
      [sideContext(left.content), sideContext(right.content)],
    );
  }

  async comparisonCsv(request: CheckedCompareRequest, options: CheckedCsvOptions): Promise<SaveOutcome> {
    const comparison = await this.compare(request);
    const csv = comparisonCsv(comparison, this.writeOptions(options));
    const name = `Comparison - ${comparison.leftLabel} vs ${comparison.rightLabel}`;
    return this.handedOut(
      await this.deps.sink.save(`${safeFileName(name)}.csv`, [CSV_FILTER], contentWriter(csv)),
      name,
    );
  }

  /** The delimiter asked for, else the OS locale's. */
  private writeOptions(options: CheckedCsvOptions): CsvWriteOptions {
    return { delimiter: options.delimiter ?? defaultDelimiter(this.deps.locale), bom: options.bom };
  }

  async png(fileName: string, base64: string): Promise<SaveOutcome> {
    const data = Buffer.from(base64, 'base64');
    if (!data.subarray(0, 8).equals(PNG_SIGNATURE))
      throw new AppFailure(appError('invalid-input', 'The chart image is not a PNG.'));
    const name = `${safeFileName(fileName.replace(/\.png$/i, ''))}.png`;
    return this.handedOut(await this.deps.sink.save(name, [PNG_FILTER], contentWriter(data)), `chart image ${name}`);
  }

  async pdf(fileName: string, pageSize?: PdfOptions['pageSize']): Promise<SaveOutcome> {
    if (!this.deps.printToPdf) {
      throw new AppFailure(
        appError('invalid-input', "In the browser, use the browser's Print (Ctrl+P) and choose Save as PDF."),
      );
    }
    const data = await this.deps.printToPdf(pageSize ? { pageSize } : undefined);
    const name = `${safeFileName(fileName.replace(/\.pdf$/i, ''))}.pdf`;
    return this.handedOut(await this.deps.sink.save(name, [PDF_FILTER], contentWriter(data)), `PDF ${name}`);
  }
}

/** What one side of a comparison is judged with: its own targets, at its own fetch time. */
function sideContext(content: RunContent): SideContext {
  return {
    targets: { rtoTargetSeconds: content.rtoTargetSeconds, rtoTargetsByGroup: content.rtoTargetsByGroup },
    asOf: content.fetchedAt,
  };
}
