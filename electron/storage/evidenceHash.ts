import { createHash } from 'node:crypto';
import type { Attestation } from '../contract/attestations.js';
import type { EvidenceContent, JobFacts, Pack } from '../contract/pack.js';
import { packFacts } from '../contract/pack.js';
import type { Run, RunContent } from '../contract/run.js';
import type { Scope } from '../contract/scope.js';

/**
 * JSON with every object's keys in sorted order and no white space: the one text a value is hashed as, so the same
 * evidence gives the same SHA-256 on any machine and in any version that writes its fields in another order.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** What the evidence SHA-256 of `content` in `scope`, with these sign-offs, covers (contract/pack.ts). */
export function evidenceContent(
  content: Pick<
    RunContent,
    | 'server'
    | 'query'
    | 'fetchedAt'
    | 'rawBodySha256'
    | 'rtoTargetSeconds'
    | 'rtoTargetsByGroup'
    | 'testIntervalDays'
    | 'testIntervalsByGroup'
  > & { jobFacts?: JobFacts | undefined },
  scope: Scope,
  signOffs: readonly Attestation[],
): EvidenceContent {
  return {
    version: 1,
    server: { webService: content.server.webService },
    query: { filter: content.query.filter, endpoint: content.query.endpoint },
    fetchedAt: content.fetchedAt,
    answerSha256: content.rawBodySha256,
    jobFacts: content.jobFacts ?? {},
    scope,
    targets: { rtoTargetSeconds: content.rtoTargetSeconds, rtoTargetsByGroup: content.rtoTargetsByGroup },
    intervals: {
      testIntervalDays: content.testIntervalDays ?? null,
      testIntervalsByGroup: content.testIntervalsByGroup ?? {},
    },
    signOffs: [...signOffs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  };
}

export function evidenceSha256(content: EvidenceContent): string {
  return sha256Hex(canonicalJson(content));
}

/** The SHA-256 of a pack's own facts: what its signature signs and the next pack's chain names. */
export function packSha256(
  run: Pick<Run, 'id' | 'name' | 'note' | 'savedAt'>,
  pack: Omit<Pack, 'packSha256' | 'signature'>,
): string {
  return sha256Hex(canonicalJson(packFacts(run, pack)));
}
