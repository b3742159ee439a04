import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { figuresDifference } from './figures.js';
import type { HandlerSlice } from '../contract/api.js';
import type { Attestation } from '../contract/attestations.js';
import { AppFailure, appError } from '../contract/errors.js';
import { DEFAULT_RETENTION_DAYS, type Pack } from '../contract/pack.js';
import type { PackCheck, PackVerdict } from '../contract/verify.js';
import type { Run, RunSummary } from '../contract/run.js';
import { evidenceContent, evidenceSha256, packSha256 } from '../storage/evidenceHash.js';
import { parseRunFile } from '../storage/runFile.js';
import type { PackHead, RunLibrary } from '../storage/runLibrary.js';
import type { AuditService } from './audit.js';
import type { RunService } from './runs.js';
import type { SignOffService } from './signOffs.js';

const DAY = 86_400;

/** Where a pack's signing key comes from; the private key itself is never put in a pack, a log or the page. */
export interface SigningKeys {
  /** The key in a PEM file the admin named (the headless export's --signing-key), or undefined when none. */
  fromFile?: () => Promise<KeyObject | undefined>;
}

/**
 * Evidence packs: a saved run finalized is frozen (renaming, annotating refused; later sign-offs are addenda in the
 * data folder), chained to the data folder's previous pack by hash, optionally signed with Ed25519, and kept until
 * its retention date. `verify` checks a pack file without the app's data: anyone can run it.
 */
export class PackService {
  constructor(
    private readonly deps: {
      library: RunLibrary;
      runs: RunService;
      signOffs: SignOffService;
      audit: AuditService;
      keys: SigningKeys;
    },
  ) {}

  handlers(): HandlerSlice<'runs:saveFile' | 'runs:finalize' | 'runs:verify'> {
    return {
      'runs:saveFile': async ({ fetchId, name, note, scope, finalize }) => {
        const { run, scopeText } = this.deps.runs.freshRun(fetchId, name, note, scope);
        if (!finalize) return this.deps.runs.writeRunFile(run, scopeText);
        const signOffs = [...(await this.deps.signOffs.forSource({ kind: 'live', fetchId })).values()].flatMap(
          (s) => s.history,
        );
        const pack = await this.finalizeFile(run, signOffs, finalize.retentionDays, finalize.sign);
        return this.deps.runs.writeRunFile(pack, scopeText);
      },
      'runs:finalize': ({ runId, retentionDays, sign: signIt }) => this.finalize(runId, retentionDays, signIt),
      'runs:verify': ({ text, publicKey, previous }) =>
        verifyPack(text, { publicKeyPem: publicKey, previousText: previous }),
    };
  }

  async finalize(runId: string, retentionDays = DEFAULT_RETENTION_DAYS, signIt = false): Promise<RunSummary> {
    const signOffs = [...(await this.deps.signOffs.forSource({ kind: 'saved', runId })).values()].flatMap(
      (s) => s.history,
    );
    const key = signIt ? await this.signingKey() : undefined;
    const at = this.deps.audit.now();
    const by = this.deps.audit.user();
    const summary = await this.deps.library.finalize(runId, (run, head) =>
      packed(run, signOffs, head, { at, by, retainUntil: at + retentionDays * DAY, key }),
    );
    await this.deps.audit.record(
      'finalize',
      `run “${summary.name}” (${summary.id})`,
      `retained until ${new Date(summary.pack!.retainUntil * 1000).toISOString().slice(0, 10)}${summary.pack!.signed ? ', signed' : ''}`,
    );
    return summary;
  }

  /** A run file written elsewhere (the headless export's --save-run --finalize), chained to this folder's packs. */
  async finalizeFile(run: Run, signOffs: Attestation[], retentionDays: number, signIt: boolean): Promise<Run> {
    const key = signIt ? await this.signingKey() : undefined;
    const at = this.deps.audit.now();
    const pack = await this.deps.library.chain((head) =>
      packed(run, signOffs, head, {
        at,
        by: this.deps.audit.user(),
        retainUntil: at + retentionDays * DAY,
        key,
      }),
    );
    await this.deps.audit.record('finalize', `run file “${run.name}” (${run.id})`, 'written by the headless export');
    return pack;
  }

  private async signingKey(): Promise<KeyObject> {
    const key = await this.deps.keys.fromFile?.();
    if (!key) {
      throw new AppFailure(
        appError('invalid-input', 'No signing key was given: name an Ed25519 private key file (--signing-key FILE).'),
      );
    }
    return key;
  }
}

/** The run as a pack: its sign-offs frozen in, its evidence hashed, chained to `head`, signed when a key is given. */
function packed(
  run: Run,
  signOffs: Attestation[],
  head: PackHead | null,
  how: { at: number; by: string; retainUntil: number; key: KeyObject | undefined },
): Run {
  const withSignOffs: Run = { ...run, signOffs };
  const base: Omit<Pack, 'packSha256' | 'signature'> = {
    finalizedAt: how.at,
    finalizedBy: how.by,
    retainUntil: how.retainUntil,
    evidenceSha256: evidenceSha256(evidenceContent(withSignOffs, run.scope, signOffs)),
    previous: head,
  };
  const digest = packSha256(run, base);
  const signature = how.key
    ? {
        algorithm: 'ed25519' as const,
        publicKey: createPublicKey(how.key).export({ type: 'spki', format: 'pem' }).toString(),
        value: sign(null, Buffer.from(digest, 'utf8'), how.key).toString('base64'),
      }
    : null;
  return { ...withSignOffs, pack: { ...base, packSha256: digest, signature } };
}

/**
 * Checks a pack file as an auditor would, without the app's data: it reads as a run (its answer matches its SHA-256),
 * its evidence hash and its pack hash are what its content gives, its chain matches the previous pack given, and its
 * signature verifies with the public key given. Each check says what it found.
 */
export async function verifyPack(
  text: string,
  options: { publicKeyPem?: string | undefined; previousText?: string | undefined } = {},
): Promise<PackVerdict> {
  const checks: PackCheck[] = [];
  let run: Run;
  try {
    run = parseRunFile(text);
    checks.push({ check: 'file', ok: true, detail: 'reads as a run; its answer matches its SHA-256' });
  } catch (error) {
    checks.push({ check: 'file', ok: false, detail: (error as Error).message });
    return { ok: false, checks };
  }
  const difference = await figuresDifference(run);
  checks.push(
    difference
      ? { check: 'figures', ok: false, detail: `its figures do not follow from its answer: ${difference}` }
      : { check: 'figures', ok: true, detail: `its ${run.operations.length} operations follow from its answer` },
  );
  const pack = run.pack;
  if (!pack) {
    checks.push({ check: 'pack', ok: false, detail: 'this run was never finalized: it is not an evidence pack' });
    return { ok: false, checks };
  }
  const signOffs = run.signOffs ?? [];
  const evidence = evidenceSha256(evidenceContent(run, run.scope, signOffs));
  checks.push(
    evidence === pack.evidenceSha256
      ? { check: 'evidence', ok: true, detail: `evidence SHA-256 ${evidence}` }
      : {
          check: 'evidence',
          ok: false,
          detail: `what the evidence hash covers changed (the answer's facts, scope, targets or sign-offs: ${signOffs.length} now): ${evidence} is not ${pack.evidenceSha256}`,
        },
  );
  const { packSha256: recorded, signature } = pack;
  const digest = packSha256(run, packBase(pack));
  checks.push(
    digest === recorded
      ? { check: 'pack', ok: true, detail: `pack SHA-256 ${digest}` }
      : {
          check: 'pack',
          ok: false,
          detail: `the pack's own facts (name, note, dates, chain) changed: ${digest} is not ${recorded}`,
        },
  );
  checks.push(chainCheck(pack, options.previousText));
  checks.push(signatureCheck(digest, signature, options.publicKeyPem));
  return { ok: checks.every((c) => c.ok !== false), checks };
}

/** A pack's facts without its hash and signature: what the hash is taken of. */
function packBase(pack: Pack): Omit<Pack, 'packSha256' | 'signature'> {
  return {
    finalizedAt: pack.finalizedAt,
    finalizedBy: pack.finalizedBy,
    retainUntil: pack.retainUntil,
    evidenceSha256: pack.evidenceSha256,
    previous: pack.previous,
  };
}

function chainCheck(pack: Pack, previousText: string | undefined): PackCheck {
  if (!pack.previous) return { check: 'chain', ok: true, detail: 'the first pack of its data folder' };
  if (previousText === undefined)
    return {
      check: 'chain',
      ok: null,
      detail: `not checked: previous pack “${pack.previous.name}” (${pack.previous.id}) not given`,
    };
  let previous: Run;
  try {
    previous = parseRunFile(previousText);
  } catch (error) {
    return { check: 'chain', ok: false, detail: `the previous pack does not read: ${(error as Error).message}` };
  }
  if (previous.id !== pack.previous.id || !previous.pack)
    return {
      check: 'chain',
      ok: false,
      detail: `the previous pack given is not “${pack.previous.name}” (${pack.previous.id})`,
    };
  const recorded = previous.pack.packSha256;
  const digest = packSha256(previous, packBase(previous.pack));
  if (digest !== recorded || digest !== pack.previous.packSha256)
    return {
      check: 'chain',
      ok: false,
      detail: `the previous pack “${previous.name}” was changed after this one named it`,
    };
  return { check: 'chain', ok: true, detail: `follows “${previous.name}” (${previous.id})` };
}

function signatureCheck(digest: string, signature: Pack['signature'], publicKeyPem: string | undefined): PackCheck {
  if (publicKeyPem === undefined)
    return signature
      ? { check: 'signature', ok: null, detail: 'signed; not checked: give the public key you trust (--public-key)' }
      : { check: 'signature', ok: null, detail: 'not signed' };
  if (!signature) return { check: 'signature', ok: false, detail: 'not signed, but a public key was given' };
  let key: KeyObject;
  try {
    key = createPublicKey(publicKeyPem);
  } catch {
    return { check: 'signature', ok: false, detail: 'the public key given is not a PEM public key' };
  }
  const good = verify(null, Buffer.from(digest, 'utf8'), key, Buffer.from(signature.value, 'base64'));
  return good
    ? { check: 'signature', ok: true, detail: 'Ed25519 signature verifies with the public key given' }
    : { check: 'signature', ok: false, detail: 'the signature does not verify with the public key given' };
}
