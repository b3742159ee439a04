import { join } from 'node:path';
import { AuditEntrySchema, type AuditAction, type AuditEntry, type AuditLogView } from '../contract/audit.js';
import { AppendLog } from './appendLog.js';
import { canonicalJson, sha256Hex } from './evidenceHash.js';

function entryHash(entry: Omit<AuditEntry, 'hash'>): string {
  return sha256Hex(canonicalJson(entry));
}

/**
 * The local audit log: exports, saved and finalized runs, sign-offs, finding notes and deletions, one hash-chained
 * JSON line each, with the account that did it. Appended under the data folder's lock, never rewritten.
 */
export class AuditLog {
  private readonly log: AppendLog<typeof AuditEntrySchema>;

  constructor(dataDir: string) {
    this.log = new AppendLog(join(dataDir, 'audit.log'), AuditEntrySchema);
  }

  append(entry: {
    at: number;
    user: string;
    action: AuditAction;
    subject: string;
    detail: string;
  }): Promise<AuditEntry> {
    return this.log.append(({ entries }) => {
      const last = entries.at(-1);
      const body = { seq: (last?.seq ?? 0) + 1, ...entry, previous: last?.hash ?? null };
      return { ...body, hash: entryHash(body) };
    });
  }

  /** Every line, and where the chain breaks (a damaged line, a changed one, one missing or put in between). */
  async read(): Promise<AuditLogView> {
    const { entries, damaged } = await this.log.read();
    if (damaged[0]) return { entries, broken: `line ${damaged[0].line} is damaged (${damaged[0].why}).` };
    let previous: string | null = null;
    for (const [index, entry] of entries.entries()) {
      const { hash, ...body } = entry;
      if (entry.seq !== index + 1)
        return { entries, broken: `entry ${index + 1} is numbered ${entry.seq}: a line is missing or was added.` };
      if (entry.previous !== previous)
        return { entries, broken: `entry ${entry.seq} does not follow the one before it.` };
      if (entryHash(body) !== hash) return { entries, broken: `entry ${entry.seq} was changed after it was written.` };
      previous = hash;
    }
    return { entries, broken: null };
  }

  idle(): Promise<void> {
    return this.log.idle();
  }
}
