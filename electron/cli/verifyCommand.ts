import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { createNodeCore } from '../bridge/nodeCore.js';
import { AppFailure, appError } from '../contract/errors.js';
import type { PackCheck } from '../contract/verify.js';
import { EXIT, fail } from './exitCodes.js';

export const VERIFY_HELP = `Usage: dr-job-stats verify PACK.drrun.json [--public-key KEY.pem] [--previous PREVIOUS.drrun.json]

Checks an evidence pack (a run finalized in the app, or by export --save-run FILE --finalize) without the app's data:
it reads as a run and its answer matches its SHA-256; its figures follow from that answer; the evidence it covers
(the answer's facts, the scope, the targets, every sign-off) is what its hash says; its own facts match its pack hash;
it follows the previous pack of its chain (given with --previous, or found beside it); and, with the public key you
trust, its Ed25519 signature verifies.

Exit codes: 0 every check passed (one that could not be made says so), 7 a check failed (each line says which),
2 wrong usage, 5 a file could not be read.
`;

const MARK = { true: '✓', false: '✕', null: '–' } as const;

/** `dr-job-stats verify FILE …`: prints one line per check; exit 0 when none failed, 7 when one did. */
export async function verifyCommand(
  argv: string[],
  io: { out?: (line: string) => void; err?: (line: string) => void; version?: string } = {},
): Promise<number> {
  const out = io.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const err = io.err ?? ((line: string) => process.stderr.write(`dr-job-stats: ${line}\n`));
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'public-key': { type: 'string' },
        previous: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    err(`${(error as Error).message}\n${VERIFY_HELP}`);
    return EXIT.usage;
  }
  if (parsed.values.help) {
    out(VERIFY_HELP);
    return EXIT.ok;
  }
  const [file, ...extra] = parsed.positionals;
  if (!file || extra.length) {
    err(`give one pack file to verify.\n${VERIFY_HELP}`);
    return EXIT.usage;
  }
  // The core wants a data folder; an auditor's machine has none of the app's: a scratch one, removed after.
  const scratch = await mkdtemp(join(tmpdir(), 'drjs-verify-'));
  const core = await createNodeCore({
    mode: 'cli',
    version: io.version ?? 'cli',
    dataDir: scratch,
    platform: process.platform,
    sink: { save: () => Promise.reject(new Error('verify writes no file')) },
    locale: 'en-US',
  });
  try {
    const text = await readText(file);
    const publicKey = parsed.values['public-key'] ? await readText(parsed.values['public-key']) : undefined;
    const previous = parsed.values.previous ? await readText(parsed.values.previous) : await findPrevious(file, text);
    const result = await core.dispatch('runs:verify', {
      text,
      ...(publicKey !== undefined ? { publicKey } : {}),
      ...(previous !== undefined ? { previous } : {}),
    });
    if (!result.ok) throw new AppFailure(result.error);
    const verdict = result.value as { ok: boolean; checks: PackCheck[] };
    for (const c of verdict.checks) out(`${MARK[String(c.ok) as keyof typeof MARK]} ${c.check}: ${c.detail}`);
    out(verdict.ok ? `${basename(file)}: verified.` : `${basename(file)}: NOT verified.`);
    return verdict.ok ? EXIT.ok : EXIT.notVerified;
  } catch (error) {
    return fail(error, err);
  } finally {
    await core.close();
    await rm(scratch, { recursive: true, force: true });
  }
}

async function readText(path: string): Promise<string> {
  return readFile(path, 'utf8').catch(() => {
    throw new AppFailure(appError('storage', `cannot read ${path}.`));
  });
}

/** The previous pack of the chain, if it lies beside this one (packs are kept together): found by its id. */
async function findPrevious(file: string, text: string): Promise<string | undefined> {
  let wanted: unknown;
  try {
    wanted = (JSON.parse(text) as { pack?: { previous?: { id?: unknown } | null } }).pack?.previous?.id;
  } catch {
    return undefined;
  }
  if (typeof wanted !== 'string') return undefined;
  const folder = dirname(file);
  for (const name of await readdir(folder).catch(() => [] as string[])) {
    if (!name.endsWith('.json') || join(folder, name) === file) continue;
    const candidate = await readFile(join(folder, name), 'utf8').catch(() => '');
    try {
      if ((JSON.parse(candidate) as { id?: unknown }).id === wanted) return candidate;
    } catch {
      // Not a run file.
    }
  }
  return undefined;
}
