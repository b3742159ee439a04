import { field, isRecord, list, numField, strField, type Loose } from './loose.js';

export interface ServerError {
  code: number | undefined;
  message: string;
}

/** Keys that carry an error in any of the shapes Commvault uses, for `unwrapRoot`. */
export const ERROR_KEYS = ['errorCode', 'errList', 'error', 'errors'] as const;

function fromEntry(entry: unknown): ServerError | undefined {
  if (!isRecord(entry)) return undefined;
  const code = numField(entry, 'errorCode');
  const message = strField(entry, 'errLogMessage') ?? strField(entry, 'errorMessage') ?? strField(entry, 'errorString');
  if (code === 0 || (code === undefined && !message)) return undefined;
  return { code, message: message?.trim() || `Error code ${code}` };
}

function fromErrList(owner: Loose): ServerError | undefined {
  for (const entry of list(owner, 'errList')) {
    const found = fromEntry(entry);
    if (found) return found;
  }
  return undefined;
}

/**
 * Finds a Commvault error in a parsed body, whatever its shape: top-level `errorCode`/`errorMessage`,
 * `errList[]`, `error{…}` or `error{errList[]}`, and `errors[0].errList[0]`. Most of these arrive with HTTP 200,
 * so every response goes through here before it is read as data. `errorCode: 0` with no message is success.
 */
export function findServerError(body: Loose): ServerError | undefined {
  const top = numField(body, 'errorCode');
  if (top !== undefined && top !== 0) {
    return {
      code: top,
      message: (strField(body, 'errorMessage') ?? strField(body, 'errLogMessage'))?.trim() || `Error code ${top}`,
    };
  }
  const listed = fromErrList(body);
  if (listed) return listed;

  const error = field(body, 'error');
  if (isRecord(error)) {
    const nested = fromEntry(error) ?? fromErrList(error);
    if (nested) return nested;
  } else if (typeof error === 'string' && error.trim()) {
    return { code: undefined, message: error.trim() };
  }

  for (const entry of list(body, 'errors')) {
    if (!isRecord(entry)) continue;
    const nested = fromErrList(entry) ?? fromEntry(entry);
    if (nested) return nested;
  }
  return undefined;
}

/** Login's lock-out fields (`isAccountLocked`, `remainingLockTime` in seconds). */
export function lockOutSeconds(body: Loose): number | undefined {
  const locked = field(body, 'isAccountLocked');
  const remaining = numField(body, 'remainingLockTime');
  if (locked === true || locked === 'true') return remaining ?? 0;
  return remaining !== undefined && remaining > 0 ? remaining : undefined;
}
