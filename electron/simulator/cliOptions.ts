import { parseArgs } from 'node:util';

export const SIMULATOR_HELP = `Commvault web service simulator for DR Job Stats

Usage: npm run simulator -- [options]
  --port N            port on 127.0.0.1 (default 8400; 0 picks a free one)
  --seed N            data set seed (default 1)
  --groups N          DR groups (default 5)
  --vms N             VMs per DR group, at most (default 8)
  --jobs N            DR operations (default 200)
  --running N         operations still running at start (default about 2%)
  --speed N           simulated seconds per real second (default 1; 0 stops the clock)
  --token-ttl S       idle seconds before a token expires (default 1800)
  --https             serve HTTPS with a fresh self-signed certificate (or --cert/--key files)
  --old-paths-only    behave like an older CommServe (no DR/JobStats)
  --no-job-endpoint   no Job/{jobId} job summaries (404): operation types are inferred from phases
  --no-group-detail   no DRGroups/{id} (404): groups come from DRGroups alone
  --controls          turn on the /__sim/* controls (faults, time) with a per-start secret it prints
  --user U --password P   the account that can sign in (default demo / demo)

With --controls, a fault stays until it is used up ("times") or cleared:
  curl -H 'x-sim-secret: SECRET' -X POST -d '{"path":"JobStats","type":"html"}' http://127.0.0.1:8400/__sim/faults
  curl -H 'x-sim-secret: SECRET' -X DELETE http://127.0.0.1:8400/__sim/faults     (clears every fault)
`;

/** What `npm run simulator -- …` asks for, checked. */
export interface SimulatorCommandOptions {
  port: number;
  host: string;
  seed: number;
  groups: number;
  vms: number;
  jobs: number;
  running: number | undefined;
  speed: number;
  tokenTtlSeconds: number;
  https: boolean;
  cert: string | undefined;
  key: string | undefined;
  oldPathsOnly: boolean;
  noJobEndpoint: boolean;
  noGroupDetail: boolean;
  controls: boolean;
  user: string;
  password: string;
}

export type SimulatorCommand =
  | { kind: 'start'; options: SimulatorCommandOptions }
  | { kind: 'help'; text: string }
  | { kind: 'error'; message: string };

class WrongOption extends Error {}

function int(name: string, value: string | undefined, min = 0): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new WrongOption(`--${name} must be a whole number of at least ${min} (got "${value}")`);
  return n;
}

/** The simulator's command line → what to start, the help text, or why it is wrong. */
export function simulatorCommand(argv: string[]): SimulatorCommand {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string', default: '8400' },
        host: { type: 'string', default: '127.0.0.1' },
        seed: { type: 'string', default: '1' },
        groups: { type: 'string', default: '5' },
        vms: { type: 'string', default: '8' },
        jobs: { type: 'string', default: '200' },
        running: { type: 'string' },
        speed: { type: 'string', default: '1' },
        'token-ttl': { type: 'string', default: '1800' },
        https: { type: 'boolean', default: false },
        cert: { type: 'string' },
        key: { type: 'string' },
        'old-paths-only': { type: 'boolean', default: false },
        'no-job-endpoint': { type: 'boolean', default: false },
        'no-group-detail': { type: 'boolean', default: false },
        controls: { type: 'boolean', default: false },
        user: { type: 'string', default: 'demo' },
        password: { type: 'string', default: 'demo' },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    return { kind: 'error', message: (error as Error).message };
  }
  if (values.help) return { kind: 'help', text: SIMULATOR_HELP };
  try {
    const speed = values.speed.trim() === '' ? NaN : Number(values.speed);
    if (!Number.isFinite(speed) || speed < 0)
      throw new WrongOption(`--speed must be a number of at least 0 (0 stops the clock; got "${values.speed}")`);
    return {
      kind: 'start',
      options: {
        port: int('port', values.port),
        host: values.host,
        seed: int('seed', values.seed),
        groups: int('groups', values.groups, 1),
        vms: int('vms', values.vms, 1),
        jobs: int('jobs', values.jobs, 1),
        running: values.running === undefined ? undefined : int('running', values.running),
        speed,
        tokenTtlSeconds: int('token-ttl', values['token-ttl'], 1),
        https: values.https,
        cert: values.cert,
        key: values.key,
        oldPathsOnly: values['old-paths-only'],
        noJobEndpoint: values['no-job-endpoint'],
        noGroupDetail: values['no-group-detail'],
        controls: values.controls,
        user: values.user,
        password: values.password,
      },
    };
  } catch (error) {
    if (error instanceof WrongOption) return { kind: 'error', message: error.message };
    throw error;
  }
}
