import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selfSignedCertificate } from './certificate.js';
import { simulatorCommand } from './cliOptions.js';
import { CommvaultSimulator } from './server.js';

const command = simulatorCommand(process.argv.slice(2));
if (command.kind === 'help') {
  process.stdout.write(command.text);
  process.exit(0);
}
if (command.kind === 'error') {
  process.stderr.write(`${command.message}\n`);
  process.exit(2);
}
const values = command.options;

const tls =
  values.cert && values.key
    ? { cert: readFileSync(values.cert, 'utf8'), key: readFileSync(values.key, 'utf8') }
    : values.https
      ? await selfSignedCertificate()
      : undefined;

const simulator = await CommvaultSimulator.start({
  port: values.port,
  host: values.host,
  seed: values.seed,
  groups: values.groups,
  vms: values.vms,
  jobs: values.jobs,
  ...(values.running !== undefined ? { running: values.running } : {}),
  speed: values.speed,
  tokenTtlSeconds: values.tokenTtlSeconds,
  oldPathsOnly: values.oldPathsOnly,
  noJobEndpoint: values.noJobEndpoint,
  noGroupDetail: values.noGroupDetail,
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
          `  clear every fault: ${curl} -H 'x-sim-secret: ${simulator.controlSecret}' -X DELETE ${simulator.origin}/__sim/faults`,
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
