import { userInfo } from 'node:os';
import type { HandlerSlice } from '../contract/api.js';
import type { AuditAction } from '../contract/audit.js';
import type { Timers } from '../contract/timers.js';
import type { AuditLog } from '../storage/auditLog.js';

/** The account on this computer, as the audit log and sign-offs name it. */
export function osUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown user';
  }
}

/** Writes what happens to evidence to the local audit log, with who and when; and shows it. */
export class AuditService {
  constructor(private readonly deps: { log: AuditLog; timers: Timers; user?: () => string }) {}

  handlers(): HandlerSlice<'audit:list'> {
    return { 'audit:list': () => this.deps.log.read() };
  }

  /** The account acts are recorded as. */
  user(): string {
    return (this.deps.user ?? osUserName)();
  }

  now(): number {
    return Math.floor(this.deps.timers.now() / 1000);
  }

  /**
   * Records an act. A log that cannot be written fails the act that asked for it: evidence is not handed out or
   * changed without its trace.
   */
  async record(action: AuditAction, subject: string, detail = ''): Promise<void> {
    await this.deps.log.append({ at: this.now(), user: this.user(), action, subject, detail });
  }
}
