#!/usr/bin/env node
// Makes the OS keychain module (keytar, an optional native dependency) loadable, or says exactly what is missing.
//
//   npm run setup:keychain            build keytar now (after installing libsecret's development package)
//   (postinstall) --after-install     the same, quietly, only when keytar cannot be loaded; never fails an install
//
// keytar's own install downloads a prebuilt binary, else builds with node-gyp, which downloads Node's headers. On a
// machine that reaches only the npm registry both downloads fail and npm drops the optional package. The headers
// are usually on the machine already (Debian's nodejs: /usr/include/node; Node's own tarballs: <prefix>/include/node),
// so this script finds them and builds against them, without any setting in the user's environment.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const afterInstall = process.argv.includes('--after-install');

function log(message) {
  console.log(`keychain: ${message}`);
}

/** Loads keytar in a child process (a native module that fails to load must not take this script with it). */
function keytarLoads() {
  const child = spawnSync(process.execPath, ['-e', "require('keytar')"], { cwd: root, encoding: 'utf8' });
  return { ok: child.status === 0, why: (child.stderr || '').split('\n').find((line) => /Error/.test(line)) ?? '' };
}

/** A folder whose include/node holds Node's headers for this very Node, or null. */
function localNodeHeaders() {
  const candidates = [
    process.env.npm_config_nodedir,
    resolve(dirname(process.execPath), '..'),
    '/usr',
    '/usr/local',
  ].filter(Boolean);
  for (const dir of candidates) {
    const version = join(dir, 'include', 'node', 'node_version.h');
    if (!existsSync(version)) continue;
    const text = readFileSync(version, 'utf8');
    const part = (name) => new RegExp(`#define\\s+NODE_${name}_VERSION\\s+(\\d+)`).exec(text)?.[1];
    const found = `${part('MAJOR')}.${part('MINOR')}.${part('PATCH')}`;
    if (found === process.versions.node) return dir;
  }
  return null;
}

function libsecretPresent() {
  if (process.platform !== 'linux') return true;
  const check = spawnSync('pkg-config', ['--exists', 'libsecret-1']);
  // Without pkg-config there is no cheap way to know: let the build say.
  return check.error ? true : check.status === 0;
}

const FIX_LINUX =
  'install libsecret\u2019s development package (Debian/Ubuntu: sudo apt-get install libsecret-1-dev), then run: npm run setup:keychain';

function finish(ok, message) {
  log(message);
  process.exit(ok || afterInstall ? 0 : 1);
}

/**
 * keytar loading is not the whole story: the app keeps tokens only if a keychain answers (a Secret Service on
 * Linux, unlocked). Ask the app's own keychain store, so this says what the connection card will say.
 */
function keychainReport(verb) {
  const child = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'keychain-status.ts')], {
    cwd: root,
    encoding: 'utf8',
    timeout: 20_000,
  });
  let status;
  try {
    status = JSON.parse(child.stdout);
  } catch {
    // Without the dev tools (tsx) the store cannot be asked here; keytar itself loads.
    return [true, `keytar ${verb}; whether a keychain answers is shown on each connection in the app.`];
  }
  if (status.state === 'available') return [true, `keytar ${verb}; tokens are kept in the system keychain.`];
  return [true, `keytar ${verb}, but: ${status.detail}`];
}

const before = keytarLoads();
if (before.ok) finish(...keychainReport('loads'));
if (afterInstall) log(`keytar is not usable yet (${before.why || 'not installed'}).`);
if (!libsecretPresent()) {
  finish(false, `keytar needs libsecret to build. Until then tokens last for the session only. To fix: ${FIX_LINUX}`);
}
const headers = localNodeHeaders();
const env = { ...process.env };
if (headers) env.npm_config_nodedir = headers;
else log(`no local headers for Node ${process.versions.node} were found; node-gyp will try to download them.`);

const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).optionalDependencies?.keytar;
const installed = existsSync(join(root, 'node_modules', 'keytar', 'package.json'));
const npm = process.env.npm_execpath
  ? [process.execPath, [process.env.npm_execpath]]
  : [process.platform === 'win32' ? 'npm.cmd' : 'npm', []];
// A dropped optional package is installed again without touching package.json or the lock file.
const args = installed
  ? ['rebuild', 'keytar', '--foreground-scripts']
  : ['install', '--no-save', '--no-audit', '--no-fund', '--ignore-scripts=false', `keytar@${version}`];
log(`${installed ? 'rebuilding' : 'installing'} keytar${headers ? ` with Node's headers from ${headers}` : ''}…`);
const run = spawnSync(npm[0], [...npm[1], ...args], { cwd: root, env, stdio: 'inherit' });
const after = keytarLoads();
if (after.ok) finish(...keychainReport('is built'));
finish(
  false,
  `keytar could not be built (npm exited ${run.status}; ${after.why || 'no reason given'}). Tokens last for the session only. To fix: ${FIX_LINUX}`,
);
