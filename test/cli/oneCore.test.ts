import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXIT } from '../../electron/cli/exitCodes.js';
import { exportCommand } from '../../electron/cli/exportCommand.js';
import type { Core } from '../../electron/bridge/core.js';
import type { Channel, ChannelRequest } from '../../electron/contract/api.js';
import type { JobStatsFilter } from '../../electron/contract/model.js';
import { DownloadSink } from '../../electron/sinks/downloadSink.js';
import type { CommvaultSimulator } from '../../electron/simulator/server.js';
import { parseRunFile } from '../../electron/storage/runFile.js';
import { connectToSimulator, dispatched, testApp } from '../helpers/app.js';
import { startSimulator } from '../helpers/commvault.js';

/**
 * The original API page's exchange: asked for job 10286 of DR group 34 (pair 23, client 122), the CommServe answered
 * with job 2416 of vApp 1. Whatever a CommServe answers, the app and the headless export must read it alike.
 */
const ASKED: JobStatsFilter = { jobId: 10286, drGroupId: 34, replicationId: 23, clientId: 122 };
const ASKED_FLAGS = ['--job-id', '10286', '--group-id', '34', '--replication-id', '23', '--client-id', '122'];

let sim: CommvaultSimulator;
let app: Core;
let dir: string;
let downloads: DownloadSink;
let connectionId: string;

beforeEach(async () => {
  sim = await startSimulator({ seed: 1, groups: 2, vms: 2, jobs: 10 });
  const body = await readFile(new URL('../fixtures/sample-jobstats.json', import.meta.url), 'utf8');
  sim.setFault({ path: 'JobStats', type: 'answer', body, contentType: 'application/json' });
  dir = await mkdtemp(join(tmpdir(), 'drjs-onecore-'));
  downloads = new DownloadSink();
  app = await testApp(dir, { sink: downloads });
  connectionId = await connectToSimulator(app, sim.url, 'Prod CommServe');
});
afterEach(async () => {
  await app.close();
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

const call = <C extends Channel>(channel: C, request: ChannelRequest<C>) => dispatched(app, channel, request);

const rows = (csv: string | Buffer) => parse(csv, { bom: true, columns: true }) as Record<string, string>[];

describe('one CommServe answer, the app and the headless export', () => {
  it('give the same operations, rows and scope line, a job of another group than the filter included', async () => {
    // The app: the Jobs form with the four filters, then the operations CSV of everything fetched.
    const fetched = await call('jobs:fetch', { connectionId, filter: ASKED, requestId: 'r1' });
    expect(fetched.operations.map((op) => [op.jobId, op.drGroupId])).toEqual([[2416, 1]]);
    const appCsv = await call('export:csv', {
      source: { kind: 'live', fetchId: fetched.fetchId },
      report: 'operations',
      options: { delimiter: ',', bom: true, utc: true },
    });
    if (appCsv.kind !== 'download') throw new Error('expected a download');
    const appRows = rows(downloads.take(appCsv.token)!.data);
    await app.close();

    // The headless export, on the same data folder, with the same four filters as flags.
    const out = join(dir, 'ops.csv');
    const saved = join(dir, 'run.drrun.json');
    const lines: string[] = [];
    const code = await exportCommand(
      [
        '--connection',
        'Prod CommServe',
        ...ASKED_FLAGS,
        '--report',
        'operations',
        '--out',
        out,
        '--save-run',
        saved,
        '--utc',
        '--delimiter',
        'comma',
        '--data-dir',
        dir,
      ],
      { env: { DRJS_TOKEN: sim.issuedTokens().at(-1)! }, out: (l) => lines.push(l), err: (l) => lines.push(l) },
    );
    expect({ code, lines }).toMatchObject({ code: EXIT.ok });
    const cliRows = rows(await readFile(out));
    const run = parseRunFile(await readFile(saved, 'utf8'));

    expect(cliRows).toHaveLength(1);
    expect(cliRows).toEqual(appRows);
    expect(run.operations.map((op) => op.jobId)).toEqual(fetched.operations.map((op) => op.jobId));
    expect(run.query.filter).toEqual(ASKED);
    expect(lines).toEqual([`Wrote 1 operations rows to ${out} and the run to ${saved}. Scope: ${appCsv.scopeText}.`]);
    expect(appCsv.scopeText).toBe(
      'Group 34 · job 10286 · replication pair 23 · client 122 · all time · 1 of 1 operation',
    );
  });
});
