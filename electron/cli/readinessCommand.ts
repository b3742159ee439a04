import { parseArgs } from 'node:util';
import type { CoreContext } from '../bridge/core.js';
import { createNodeCore, defaultDataDir } from '../bridge/nodeCore.js';
import { formatSeconds } from '../contract/evidence.js';
import type { GroupReadiness, ReadinessReport } from '../contract/readiness.js';
import { startDemoServer } from '../simulator/demoServer.js';
import { EXIT, fail } from './exitCodes.js';
import { caller, openDataDir, rejected, signedInConnection } from './runExport.js';
import { TOKEN_ENV } from './usage.js';

export const READINESS_HELP = `Usage: dr-job-stats readiness --connection NAME [--group-id N] [--data-dir DIR]

Reads from the CommServe, now, whether each DR group is ready between tests: replication in sync, no failover in
progress or partial, automatic-failover monitoring healthy (where configured), destination validation on, no test
clone past its expiry, RPO within target. Prints one line per group: READY, NOT READY (a check failed; the line
names it) or UNKNOWN (nothing could be judged: the CommServe has none of the endpoints).

Signs in as export does: the token the app keeps for that connection ("Stay signed in"), or ${TOKEN_ENV}.

Exit codes: 0 every group is ready, 6 a group is not ready (or could not be judged), 2 wrong usage, 3 not signed in
or session expired, 4 CommServe or network error, 1 anything else. For cron: "dr-job-stats readiness --connection
Prod || notify-admins".
`;

export interface ReadinessDeps {
  out?: (line: string) => void;
  err?: (line: string) => void;
  env?: NodeJS.ProcessEnv;
  version?: string;
  /** Parts of the core a test replaces (its keychain, its clock). */
  core?: Partial<CoreContext>;
}

const LABEL = { ready: 'READY', 'not-ready': 'NOT READY', unknown: 'UNKNOWN' } as const;

/** One line for a group: its verdict, its name and id, its RPO, what failed or warns, and the next test. */
export function readinessLine(group: GroupReadiness): string {
  const rpo =
    group.rpo.worstLagSeconds !== null && group.rpo.targetSeconds !== null
      ? `RPO ${formatSeconds(group.rpo.worstLagSeconds)} of ${formatSeconds(group.rpo.targetSeconds)}`
      : 'RPO not reported';
  const problems = group.checks
    .filter((c) => c.state === 'fail' || c.state === 'warn')
    .sort((a, b) => (a.state === b.state ? 0 : a.state === 'fail' ? -1 : 1))
    .map((c) => `${c.state === 'fail' ? '' : 'warning: '}${CHECK_WORDS[c.id]}: ${c.value}`);
  const next = group.nextTestBoot
    ? `next test boot ${new Date(group.nextTestBoot * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC`
    : 'no test boot scheduled';
  return [`${LABEL[group.verdict].padEnd(9)} ${group.name} (${group.groupId})`, rpo, ...problems, next].join(' · ');
}

const CHECK_WORDS: Record<GroupReadiness['checks'][number]['id'], string> = {
  'replication-in-sync': 'replication in sync',
  'no-failover-in-progress': 'no failover in progress',
  'automatic-failover-monitoring': 'automatic failover monitoring',
  'destination-validation': 'destination validation',
  'test-clones-expiry': 'test clones',
  'rpo-within-target': 'RPO within target',
};

/** `dr-job-stats readiness …`: one line per DR group; exit 0 when all are ready, 6 when any is not. */
export async function readinessCommand(argv: string[], deps: ReadinessDeps = {}): Promise<number> {
  const out = deps.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const err = deps.err ?? ((line: string) => process.stderr.write(`dr-job-stats: ${line}\n`));
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        connection: { type: 'string' },
        'group-id': { type: 'string' },
        'data-dir': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    err(`${(error as Error).message}\n${READINESS_HELP}`);
    return EXIT.usage;
  }
  if (values.help) {
    out(READINESS_HELP);
    return EXIT.ok;
  }
  const groupId = values['group-id'] === undefined ? undefined : Number(values['group-id']);
  if (!values.connection || (groupId !== undefined && !(Number.isSafeInteger(groupId) && groupId > 0))) {
    err(
      `${values.connection ? '--group-id must be a whole number above 0.' : 'give --connection NAME.'}\n${READINESS_HELP}`,
    );
    return EXIT.usage;
  }
  try {
    const report = await read(values.connection, groupId, values['data-dir'], deps);
    for (const group of report.groups) out(readinessLine(group));
    return report.groups.every((g) => g.verdict === 'ready') ? EXIT.ok : EXIT.notReady;
  } catch (error) {
    return fail(error, err);
  }
}

async function read(
  name: string,
  groupId: number | undefined,
  dataDir: string | undefined,
  deps: ReadinessDeps,
): Promise<ReadinessReport> {
  if (dataDir) await openDataDir(dataDir, false);
  const core = await createNodeCore({
    mode: 'cli',
    version: deps.version ?? 'cli',
    dataDir: dataDir ?? defaultDataDir(),
    platform: process.platform,
    demo: startDemoServer,
    sink: { save: () => Promise.reject(new Error('readiness writes no file')) },
    locale: 'en-US',
    ...deps.core,
  });
  try {
    const call = caller(core);
    const { connection, tokenFromEnv } = await signedInConnection(call, name, deps.env ?? process.env);
    return await call('readiness:get', {
      connectionId: connection.id,
      ...(groupId !== undefined ? { groupId } : {}),
    }).catch(rejected(connection, tokenFromEnv));
  } finally {
    await core.close();
  }
}
