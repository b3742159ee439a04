import type { AppError } from '$contract/errors';
import type { GroupReadiness, ReadinessReport } from '$contract/readiness';
import { call } from './api';

/**
 * Readiness between tests, as main read it from the CommServe (`readiness:get`): read once per fetch of a signed-in
 * connection, so the overview's cards and the report show the same reading, with the time it was read. A reading
 * that fails says so on the cards, quietly: never an error banner, never a failed fetch.
 */
export class ReadinessState {
  report = $state.raw<ReadinessReport | null>(null);
  error = $state.raw<AppError | null>(null);
  loading = $state(false);
  #key = '';

  /** Reads again when the connection or the fetch (`stamp`) changed; otherwise keeps what it has. */
  async ensure(connectionId: string, stamp: string): Promise<void> {
    const key = `${connectionId}\n${stamp}`;
    if (key === this.#key) return;
    this.#key = key;
    this.loading = true;
    const result = await call('readiness:get', { connectionId });
    if (this.#key !== key) return;
    this.loading = false;
    this.report = result.ok ? result.value : null;
    this.error = result.ok ? null : result.error;
  }

  /** Nothing to show (offline, signed out). */
  clear(): void {
    this.#key = '';
    this.report = null;
    this.error = null;
    this.loading = false;
  }

  group(groupId: number | null): GroupReadiness | null {
    return groupId === null ? null : (this.report?.groups.find((g) => g.groupId === groupId) ?? null);
  }
}

export const readiness = new ReadinessState();
