import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { selfSignedCertificate } from './certificate.js';
import { CommvaultSimulator } from './server.js';

const HELP = `Commvault web service simulator for DR Job Stats

Usage: npm run simulator -- [options]
  --port N            port on 127.0.0.1 (default 8400; 0 picks a free one)
  --seed N            data set seed (default 1)
  --groups N          DR groups (default 5)
  --vms N             VMs per DR group, at most (default 8)
  --jobs N            DR operations (default 200)
  --running N         operations still running at start (default about 2%)
  --speed N           simulated seconds per real second (default 1)
  --token-ttl S       idle seconds before a token expires (default 1800)
  --https             serve HTTPS with a fresh self-signed certificate (or --cert/--key files)
  --old-paths-only    behave like an older CommServe (no DR/JobStats)
  --no-job-endpoint   no Job/{jobId} job summaries (404): operation types are inferred from phases
  --no-group-detail   no DRGroups/{id} (404): groups come from DRGroups alone
  --controls          turn on the /__sim/* controls (faults, time) with a per-start secret it prints
  --user U --password P   the account that can sign in (default demo / demo)
`;

const { values } = parseArgs({
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
});

function int(name: string, value: string | undefined, min = 0): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) {
    process.stderr.write(`--${name} must be a whole number of at least ${min} (got "${value}")\n`);
    process.exit(2);
  }
  return n;
}

if (values.help) {
  process.stdout.write(HELP);
  process.exit(0);
}

const tls =
  values.cert && values.key
    ? { cert: readFileSync(values.cert, 'utf8'), key: readFileSync(values.key, 'utf8') }
    : values.https
      ? await selfSignedCertificate()
      : undefined;

const simulator = await CommvaultSimulator.start({
  port: int('port', values.port),
  host: values.host,
  seed: int('seed', values.seed),
  groups: int('groups', values.groups, 1),
  vms: int('vms', values.vms, 1),
  jobs: int('jobs', values.jobs, 1),
  ...(values.running !== undefined ? { running: int('running', values.running) } : {}),
  speed: Number(values.speed) > 0 ? Number(values.speed) : 1,
  tokenTtlSeconds: int('token-ttl', values['token-ttl'], 1),
  oldPathsOnly: values['old-paths-only'],
  noJobEndpoint: values['no-job-endpoint'],
  noGroupDetail: values['no-group-detail'],
  user: values.user,
  password: values.password,
  ...(tls ? { tls } : {}),
  ...(values.controls ? { controlSecret: randomBytes(18).toString('base64url') } : {}),
});

const { groups, operations, vmRunCount } = simulator.dataset;
// curl (like the app) must be told to trust the self-signed certificate, not to skip the check.
const caFile = tls ? join(tmpdir(), `dr-job-stats-simulator-${simulator.port}.pem`) : undefined;
if (tls && caFile) writeFileSync(caFile, tls.cert);
const curl = caFile ? `curl -s --cacert ${caFile}` : 'curl -s';
process.stdout.write(
  [
    `Commvault simulator listening: ${simulator.url}`,
    `  also: ${simulator.origin}/webconsole/api and ${simulator.origin}/SearchSvc/CVWebService.svc`,
    `  sign in as ${values.user} / ${values.password}`,
    `  ${groups.length} DR groups, ${operations.length} operations, ${vmRunCount} VM runs`,
    ...(simulator.fingerprint256
      ? [
          `  self-signed certificate SHA-256: ${simulator.fingerprint256}`,
          `  its PEM (use as the connection's CA file): ${caFile}`,
        ]
      : []),
    ...(simulator.controlSecret
      ? [
          `  controls on: ${curl} -H 'x-sim-secret: ${simulator.controlSecret}' -X POST -d '{"path":"JobStats","type":"html"}' ${simulator.origin}/__sim/faults`,
        ]
      : []),
    '',
    'Try it:',
    `  TOKEN=$(${curl} -H 'Accept: application/json' -H 'Content-Type: application/json' \\`,
    `    -d '{"username":"${values.user}","password":"'$(printf %s '${values.password}' | base64)'"}' ${simulator.url}/Login | sed 's/.*"token":"\\([^"]*\\)".*/\\1/')`,
    `  ${curl} -H 'Accept: application/xml' -H "Authtoken: $TOKEN" '${simulator.url}/DRGroups/JobStats?drGroupId=${groups[0]?.vAppId ?? 30}'`,
    `  ${curl} -H 'Accept: application/json' -H "Authtoken: $TOKEN" '${simulator.url}/Job/${operations[0]?.jobId ?? 10000}'`,
    '',
  ].join('\n'),
);

const stop = () => {
  void simulator.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
