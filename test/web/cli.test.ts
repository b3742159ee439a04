import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callWithSecret, exchange, secretFrom } from './rawHttp.js';

const ROOT = join(import.meta.dirname, '../..');
const LINK = /http:\/\/127\.0\.0\.1:(\d+)\/\S*/;
const LINKS = new RegExp(LINK.source, 'g');

let dir: string;
let running: ChildProcessWithoutNullStreams | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'drjs-webcli-'));
});
afterEach(async () => {
  if (running && running.exitCode === null) {
    running.kill('SIGTERM');
    await once(running, 'exit');
  }
  running = undefined;
  await rm(dir, { recursive: true, force: true });
});

/**
 * `npm run web` as a user starts it, with `xdg-open` replaced by a script that hands its command line to the test
 * through a FIFO: what every other local user could read in /proc while the browser starts.
 */
async function startCli(args: string[]): Promise<{ stdout: () => string; opener: () => Promise<string> }> {
  const bin = join(dir, 'bin');
  await mkdir(bin);
  const fifo = join(dir, 'opener-argv');
  await promisify(execFile)('mkfifo', [fifo]);
  await writeFile(join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s\\n' "$@" > '${fifo}'\n`);
  await chmod(join(bin, 'xdg-open'), 0o755);
  // Read only by a test that expects the browser to be opened (opening a FIFO waits for its writer).
  const opener = async () => {
    let argv = '';
    for await (const chunk of createReadStream(fifo)) argv += String(chunk);
    return argv;
  };
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'electron/web/cli.ts', '--port', '0', '--no-demo', '--data-dir', join(dir, 'data'), ...args],
    { cwd: ROOT, env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, DISPLAY: ':99' } },
  );
  running = child;
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  return { stdout: () => stdout, opener };
}

/** Resolves once the CLI has printed something that matches (or rejects if it exits first). */
function printed(child: ChildProcessWithoutNullStreams, stdout: () => string, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const found = pattern.exec(stdout());
      if (!found) return;
      child.stdout.off('data', check);
      child.off('exit', exited);
      resolve(found[0]);
    };
    const exited = (code: number | null) =>
      reject(new Error(`the CLI exited (${code}) before printing ${pattern}:\n${stdout()}`));
    child.stdout.on('data', check);
    child.once('exit', exited);
    check();
  });
}

/** Every run of 16+ URL-safe characters in the text: anything that could be a secret. */
function candidates(text: string): string[] {
  return [...new Set(text.match(/[\w-]{16,}/g) ?? [])];
}

describe('npm run web', () => {
  it('puts no usable session secret on the browser’s command line or in what it prints; the link works once', async () => {
    const cli = await startCli([]);
    const child = running!;
    const started = await printed(child, cli.stdout, /Ctrl\+C stops it\.\n/);
    expect(started).toBeTruthy();
    const argv = await cli.opener();
    const port = Number(/127\.0\.0\.1:(\d+)/.exec(cli.stdout())![1]);

    // Nothing the opener was given, and nothing printed, is accepted as the session secret.
    for (const value of candidates(argv + cli.stdout())) expect(await callWithSecret(port, value), value).toBe(401);

    // What the browser does with its link: exchange it once for the secret, which works and was never shown.
    const opened = argv.match(LINKS)!;
    expect(opened).toHaveLength(1);
    const secret = await secretFrom(port, opened[0]);
    expect(await callWithSecret(port, secret)).toBe(200);
    expect(argv + cli.stdout()).not.toContain(secret);
    // Whoever read the command line from /proc is too late now.
    expect((await exchange(port, opened[0])).status).toBe(410);

    // A user who closed the tab presses Enter for a new link, which also works once.
    const before = cli.stdout().length;
    child.stdin.write('\n');
    await printed(child, () => cli.stdout().slice(before), LINK);
    const fresh = LINK.exec(cli.stdout().slice(before))![0];
    expect(fresh).not.toBe(opened[0]);
    expect(await secretFrom(port, fresh)).toBe(secret);
    expect((await exchange(port, fresh)).status).toBe(410);
    expect(cli.stdout()).not.toContain(secret);
  });

  it('with --no-open, prints a one-time link and no secret', async () => {
    const cli = await startCli(['--no-open']);
    const child = running!;
    const link = await printed(child, cli.stdout, LINK);
    await printed(child, cli.stdout, /Ctrl\+C stops it\.\n/);
    const port = Number(/127\.0\.0\.1:(\d+)/.exec(link)![1]);
    for (const value of candidates(cli.stdout())) expect(await callWithSecret(port, value), value).toBe(401);
    const secret = await secretFrom(port, link);
    expect(await callWithSecret(port, secret)).toBe(200);
    expect(cli.stdout()).not.toContain(secret);
    expect((await exchange(port, link)).status).toBe(410);
  });
});
