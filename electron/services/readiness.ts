import type {
  CommvaultClient,
  ContinuousPair,
  FailoverGroupDetail,
  PlanSchedule,
  ReplicationGroupDetail,
  StreamingPair,
  TestFailoverMachine,
} from '../commvault/client.js';
import { CommvaultError } from '../commvault/errors.js';
import type { HandlerSlice } from '../contract/api.js';
import { describePattern, nextScheduledRun } from '../contract/drSchedule.js';
import { formatSeconds } from '../contract/evidence.js';
import {
  blrStatus,
  failoverStatus,
  groupRpo,
  lagMinutesToSeconds,
  liveSyncStatus,
  readinessChecks,
  readinessVerdict,
  type EndpointRead,
  type GroupDefinition,
  type GroupReadiness,
  type ReadinessEndpoint,
  type ReadinessReport,
  type RunReadiness,
  type ScheduleView,
  type TestClone,
  type VmReplication,
} from '../contract/readiness.js';
import { realTimers, type Timers } from '../contract/timers.js';
import { canonicalJson, sha256Hex } from '../storage/evidenceHash.js';
import type { SessionService } from './sessions.js';

export interface ReadinessServiceDeps {
  sessions: SessionService;
  /** The clock readiness is judged by, and its deadline's timer (tests drive both). */
  timers?: Timers;
  /** How long one reading may take before what has not answered is "did not answer in time" (default 60 s). */
  deadlineMs?: number;
}

/** Kinds that say the CommServe or the way to it is down, or the session ended: the reading as a whole fails. */
const FATAL = new Set(['session-expired', 'bad-credentials', 'refused', 'dns', 'tls', 'network', 'invalid-input']);

interface Got<T> {
  value: T;
  at: number;
}

/**
 * One reading of readiness: which endpoints this CommServe lacks (asked once, then skipped), and what each group
 * read. An endpoint that is missing, refuses the user, sends something unreadable or does not answer before the
 * deadline is "not available on this CommServe", never a failure of the reading.
 */
class Reading {
  readonly missing = new Map<ReadinessEndpoint, EndpointRead>();
  readonly controller = new AbortController();

  constructor(private readonly timers: Timers) {}

  now(): number {
    return Math.floor(this.timers.now() / 1000);
  }

  async attempt<T>(
    endpoint: ReadinessEndpoint,
    reads: EndpointRead[] | undefined,
    call: (signal: AbortSignal) => Promise<T>,
  ): Promise<Got<T> | undefined> {
    const known = this.missing.get(endpoint);
    if (known) {
      reads?.push(known);
      return undefined;
    }
    try {
      const value = await call(this.controller.signal);
      const at = this.now();
      reads?.push({ endpoint, available: true, readAt: at, note: '' });
      return { value, at };
    } catch (error) {
      const note = this.whyUnavailable(error);
      const read: EndpointRead = { endpoint, available: false, readAt: this.now(), note };
      this.missing.set(endpoint, read);
      reads?.push(read);
      return undefined;
    }
  }

  private whyUnavailable(error: unknown): string {
    if (this.controller.signal.aborted) return 'not available on this CommServe: it did not answer in time';
    if (!(error instanceof CommvaultError) || FATAL.has(error.kind)) throw error;
    const status = error.details.status;
    if (status === 404 || error.kind === 'not-found')
      return 'not available on this CommServe (not found: an older version?)';
    if (status === 403 || status === 401) return 'not available on this CommServe (no permission)';
    if (error.kind === 'unexpected-response') return 'not available on this CommServe: its answer could not be read';
    return `not available on this CommServe: ${error.message}`;
  }
}

/** Readiness of each DR group between tests, read from the CommServe with the connection's session. */
export class ReadinessService {
  private readonly timers: Timers;

  constructor(private readonly deps: ReadinessServiceDeps) {
    this.timers = deps.timers ?? realTimers;
  }

  handlers(): HandlerSlice<'readiness:get'> {
    return { 'readiness:get': ({ connectionId, groupId }) => this.read(connectionId, groupId) };
  }

  /**
   * What was tested, read with a fetch and kept with its data: each group's definition (members, priorities, scripts,
   * approval, recovery target, RPO target) under its hash. No deadline timer of its own (each exchange has its time
   * limit), so a fetch waits on no extra timer; any failure leaves the fetch without it (null), never failed.
   */
  async readForFetch(connectionId: string, groupId?: number): Promise<RunReadiness | null> {
    try {
      return await this.definitions(connectionId, groupId);
    } catch {
      return null;
    }
  }

  private async definitions(connectionId: string, groupId?: number): Promise<RunReadiness> {
    const client = await this.deps.sessions.client(connectionId);
    const reading = new Reading(this.timers);
    const readAt = reading.now();
    const groups =
      groupId === undefined ? await this.groups(client, reading) : [{ id: groupId, name: `Group ${groupId}` }];
    let continuous: Promise<Got<ContinuousPair[]> | undefined> | undefined;
    const streamingOf = (id: number | undefined) =>
      reading.attempt('Replications/Monitors/streaming', undefined, (signal) =>
        client.getStreamingPairs(id, { signal }),
      );
    // Pairs are found by their ids, which are the CommServe's own: one answer with every pair serves every group whose
    // detail lists its pairs (one request a fetch, not one a group). A group that lists none needs its own answer.
    let everyPair: ReturnType<typeof streamingOf> | undefined;
    const records = await inPool(groups, 4, async (group) => {
      const detail = await reading.attempt('V4/FailoverGroups/{id}', undefined, (signal) =>
        client.getFailoverGroupDetail(group.id, { signal }),
      );
      if (!detail) return undefined;
      const listsPairs = membersOf(detail.value, []).length > 0;
      const streaming = await (listsPairs && groups.length > 1
        ? (everyPair ??= streamingOf(undefined))
        : streamingOf(group.id));
      const members = membersOf(detail.value, streaming?.value ?? []);
      const ids = new Set(members.map((m) => m.replicationId));
      let rgId = streaming?.value.find((p) => ids.has(p.replicationId ?? null))?.replicationGroup?.replicationGroupId;
      if (!rgId) {
        continuous ??= reading.attempt('Replications/Monitors/continuous', undefined, (signal) =>
          client.getContinuousPairs({ signal }),
        );
        rgId = (await continuous)?.value.find((p) => ids.has(p.id ?? null))?.replicationGroup?.replicationGroupId;
      }
      const rg = rgId
        ? await reading.attempt('V4/ReplicationGroup/{id}', undefined, (signal) =>
            client.getReplicationGroup(rgId, { signal }),
          )
        : undefined;
      const definition = definitionOf(group, detail.value, rg ? rpoTarget(rg.value) : null);
      return {
        groupId: group.id,
        record: { sha256: sha256Hex(canonicalJson(definition)), readAt: detail.at, definition },
      };
    });
    const definitions: RunReadiness['definitions'] = {};
    for (const r of records) if (r) definitions[String(r.groupId)] = r.record;
    return { readAt, definitions, unavailable: [...reading.missing.values()] };
  }

  async read(connectionId: string, groupId?: number, { deadline = true } = {}): Promise<ReadinessReport> {
    const client = await this.deps.sessions.client(connectionId);
    const reading = new Reading(this.timers);
    const timer = deadline
      ? this.timers.set(() => reading.controller.abort(), this.deps.deadlineMs ?? 60_000)
      : undefined;
    try {
      const readAt = reading.now();
      const groups = await this.groups(client, reading);
      const chosen = groupId === undefined ? groups : groups.filter((g) => g.id === groupId);
      if (groupId !== undefined && !chosen.length)
        throw new CommvaultError('not-found', `DR group ${groupId} was not found on this CommServe.`);
      const continuous = await reading.attempt('Replications/Monitors/continuous', undefined, (signal) =>
        client.getContinuousPairs({ signal }),
      );
      const out = await inPool(chosen, 4, (group) => this.group(client, reading, group, continuous));
      return { readAt, groups: out, unavailable: [...reading.missing.values()] };
    } finally {
      if (timer !== undefined) this.timers.clear(timer);
    }
  }

  /** The failover groups (V4), or where V4 lacks them, the DR groups list every CommServe has. */
  private async groups(client: CommvaultClient, reading: Reading): Promise<{ id: number; name: string }[]> {
    const v4 = await reading.attempt('V4/FailoverGroups', undefined, (signal) => client.listFailoverGroups({ signal }));
    if (v4) return v4.value;
    return (await client.listDrGroups({ signal: reading.controller.signal })).map((g) => ({ id: g.id, name: g.name }));
  }

  private async group(
    client: CommvaultClient,
    reading: Reading,
    group: { id: number; name: string },
    continuous: Got<ContinuousPair[]> | undefined,
  ): Promise<GroupReadiness> {
    const reads: EndpointRead[] = [];
    const at = reading.now();
    const detail = await reading.attempt('V4/FailoverGroups/{id}', reads, (signal) =>
      client.getFailoverGroupDetail(group.id, { signal }),
    );
    const clones = await reading.attempt('V4/FailoverGroups/{id}/TestFailoverMachines', reads, (signal) =>
      client.getTestFailoverMachines(group.id, { signal }),
    );
    const streaming = await reading.attempt('Replications/Monitors/streaming', reads, (signal) =>
      client.getStreamingPairs(group.id, { signal }),
    );
    const replication = await this.replication(client, reading, reads, detail?.value, streaming, continuous);
    const rgId = replicationGroupIdOf(streaming?.value ?? [], continuous?.value ?? [], replication.vms);
    const rg =
      rgId === undefined
        ? undefined
        : await reading.attempt('V4/ReplicationGroup/{id}', reads, (signal) =>
            client.getReplicationGroup(rgId, { signal }),
          );
    const rpoTargetSeconds = rg ? rpoTarget(rg.value) : undefined;
    const cloneViews = clones ? clones.value.map((c) => cloneView(c, clones.at)) : undefined;
    const schedules = detail ? scheduleViews(detail.value, at) : [];
    const checks = readinessChecks(
      {
        at,
        replicationAt: replication.at,
        vms: replication.at === undefined ? undefined : replication.vms,
        detailAt: detail?.at,
        automaticFailover: detail
          ? {
              monitoringStatus: detail.value.automaticFailover?.monitoringStatus ?? null,
              status: detail.value.automaticFailover?.status ?? null,
            }
          : undefined,
        replicationGroupAt: rg?.at,
        validateDestination: rg
          ? {
              value: rg.value.advancedOption?.validateDestinationVM ?? true,
              stated: rg.value.advancedOption?.validateDestinationVM !== undefined,
            }
          : undefined,
        rpoTargetSeconds,
        clonesAt: clones?.at,
        clones: cloneViews,
      },
      formatSeconds,
    );
    const next = (kind: ScheduleView['kind']) =>
      schedules
        .filter((s) => s.kind === kind && s.next !== null)
        .reduce<number | null>((min, s) => (min === null || s.next! < min ? s.next : min), null);
    return {
      groupId: group.id,
      name: detail?.value.name ?? group.name,
      verdict: readinessVerdict(checks),
      checks,
      rpo: groupRpo(rpoTargetSeconds ?? null, replication.vms),
      testClones: cloneViews ?? [],
      schedules,
      nextTestBoot: next('test-boot'),
      nextPlannedFailover: next('planned-failover'),
      definition: detail ? definitionOf(group, detail.value, rpoTargetSeconds ?? null) : null,
      reads,
    };
  }

  /**
   * Each member's sync state, failover state and lag. A periodic pair (in the streaming monitor) lags as long ago as
   * its last synced backup job ended; a continuous pair's lag is V4's (seconds), else the older monitor's (minutes).
   */
  private async replication(
    client: CommvaultClient,
    reading: Reading,
    reads: EndpointRead[],
    detail: FailoverGroupDetail | undefined,
    streaming: Got<StreamingPair[]> | undefined,
    continuous: Got<ContinuousPair[]> | undefined,
  ): Promise<{ vms: VmReplication[]; at: number | undefined }> {
    const members = membersOf(detail, streaming?.value ?? []);
    let at: number | undefined;
    const seen = (when: number) => (at = Math.max(at ?? 0, when));
    const vms = await inPool(members, 8, async (member): Promise<VmReplication> => {
      const periodic = streaming?.value.find((p) => p.replicationId === member.replicationId);
      if (periodic) {
        seen(streaming!.at);
        return this.periodicVm(client, reading, member.name, periodic);
      }
      const v4 =
        member.replicationId === null
          ? undefined
          : await reading.attempt('V4/ReplicationMonitor/{pairId}', reads, (signal) =>
              client.getReplicationMonitor(member.replicationId!, { signal }),
            );
      const summary = v4?.value.summary;
      if (v4 && summary) {
        seen(v4.at);
        return {
          name: member.name,
          replicationId: member.replicationId,
          lagSeconds: summary.replicationLag ?? null,
          lagSource: summary.replicationLag === undefined ? 'none' : 'v4-monitor',
          ...blrStatus(summary.synchronizationStatus),
          ...blrFailover(summary.synchronizationStatus),
        };
      }
      const old = continuous?.value.find(
        (p) => (member.replicationId !== null && p.id === member.replicationId) || p.sourceName === member.name,
      );
      if (old && continuous) {
        seen(continuous.at);
        return {
          name: member.name,
          replicationId: member.replicationId,
          lagSeconds: old.lagTime === undefined ? null : lagMinutesToSeconds(old.lagTime),
          lagSource: old.lagTime === undefined ? 'none' : 'continuous-monitor',
          ...blrStatus(old.status),
          ...blrFailover(old.status),
        };
      }
      return {
        name: member.name,
        replicationId: member.replicationId,
        lagSeconds: null,
        lagSource: 'none',
        syncStatus: null,
        syncState: 'unknown',
        failoverStatus: null,
        failoverState: 'unknown',
      };
    });
    return { vms, at };
  }

  private async periodicVm(
    client: CommvaultClient,
    reading: Reading,
    name: string,
    pair: StreamingPair,
  ): Promise<VmReplication> {
    let lagSeconds: number | null = null;
    if (pair.lastSyncedBkpJob !== undefined && pair.lastSyncedBkpJob > 0) {
      // The synced job's end, from its summary: a job the CommServe cannot describe leaves the lag unreported.
      const summary = await client
        .getJobSummary(pair.lastSyncedBkpJob, { signal: reading.controller.signal })
        .catch(() => undefined);
      if (summary?.end) lagSeconds = Math.max(0, reading.now() - summary.end);
    }
    return {
      name,
      replicationId: pair.replicationId ?? null,
      lagSeconds,
      lagSource: lagSeconds === null ? 'none' : 'last-synced-job',
      ...liveSyncStatus(pair.status),
      ...failoverStatus(pair.FailoverStatus ?? pair.failoverStatus),
    };
  }
}

/** A continuous pair's status names its failover state too (failing over, failover failed, failed over). */
function blrFailover(status: number | string | undefined): Pick<VmReplication, 'failoverStatus' | 'failoverState'> {
  const word = blrStatus(status).syncStatus;
  if (word === 'failing over' || word === 'failing back') return { failoverStatus: word, failoverState: 'in-progress' };
  if (word === 'failover failed' || word === 'failback failed')
    return { failoverStatus: word, failoverState: 'failed' };
  if (word === 'failed over') return { failoverStatus: word, failoverState: 'failed-over' };
  return {
    failoverStatus: status === undefined ? null : 'none',
    failoverState: status === undefined ? 'unknown' : 'none',
  };
}

interface MemberRef {
  name: string;
  replicationId: number | null;
}

/** Members from the group's definition; where it is not available, the pairs the streaming monitor lists. */
function membersOf(detail: FailoverGroupDetail | undefined, streaming: readonly StreamingPair[]): MemberRef[] {
  const pairs = detail ? [...detail.replicationPairs, ...detail.arrayReplicationPairs] : [];
  if (pairs.length)
    return pairs.map((p) => ({ name: p.sourceName ?? `pair ${p.id ?? '?'}`, replicationId: p.id ?? null }));
  return streaming.map((p) => ({
    name: p.sourceName ?? `pair ${p.replicationId ?? '?'}`,
    replicationId: p.replicationId ?? null,
  }));
}

function replicationGroupIdOf(
  streaming: readonly StreamingPair[],
  continuous: readonly ContinuousPair[],
  vms: readonly VmReplication[],
): number | undefined {
  const ids = new Set(vms.map((v) => v.replicationId));
  const fromStreaming = streaming.find((p) => ids.has(p.replicationId ?? null))?.replicationGroup?.replicationGroupId;
  if (fromStreaming) return fromStreaming;
  return continuous.find((p) => ids.has(p.id ?? null))?.replicationGroup?.replicationGroupId || undefined;
}

/** `rpo.replicationFrequency` is minutes; null when the group states none. */
function rpoTarget(rg: ReplicationGroupDetail): number | null {
  const minutes = rg.rpo?.replicationFrequency;
  return minutes === undefined || minutes <= 0 ? null : minutes * 60;
}

function cloneView(clone: TestFailoverMachine, at: number): TestClone {
  const expiresAt = clone.expirationTime && clone.expirationTime > 0 ? clone.expirationTime : null;
  return {
    name: clone.name ?? 'unnamed clone',
    state: (clone.state ?? 'UNKNOWN').toLowerCase().replaceAll('_', ' '),
    creator: clone.creator?.name ?? null,
    expiresAt,
    pastExpiry: expiresAt !== null && expiresAt <= at,
  };
}

function scheduleViews(detail: FailoverGroupDetail, at: number): ScheduleView[] {
  const view = (kind: ScheduleView['kind'], s: PlanSchedule): ScheduleView => {
    const p = s.schedulePattern;
    const pattern = p?.scheduleFrequencyType ? { ...p, scheduleFrequencyType: p.scheduleFrequencyType } : undefined;
    return {
      kind,
      name: s.scheduleName ?? (kind === 'test-boot' ? 'Test boot' : 'Planned failover'),
      pattern: pattern ? describePattern(pattern) : 'no pattern stated',
      next: pattern ? nextScheduledRun(pattern, at) : null,
    };
  };
  return [
    ...detail.testBootSchedules.map((s) => view('test-boot', s)),
    ...detail.plannedFailoverSchedules.map((s) => view('planned-failover', s)),
  ];
}

function definitionOf(
  group: { id: number; name: string },
  detail: FailoverGroupDetail,
  rpoTargetSeconds: number | null,
): GroupDefinition {
  return {
    groupId: group.id,
    name: detail.name ?? group.name,
    members: [...detail.replicationPairs, ...detail.arrayReplicationPairs]
      .map((p) => ({
        name: p.sourceName ?? `pair ${p.id ?? '?'}`,
        destinationName: p.destinationName ?? null,
        replicationId: p.id ?? null,
        priority: p.priority ?? null,
        preScript: p.preFailoverScript?.path ?? null,
        postScript: p.postFailoverScript?.path ?? null,
      }))
      .sort((a, b) => (a.priority ?? 0) - (b.priority ?? 0) || a.name.localeCompare(b.name)),
    priorityIntervalMinutes: detail.priorityIntervalInMinutes ?? null,
    continueOnFailure: detail.continueDROnFailure ?? null,
    approvalRequired: detail.isApprovalRequired ?? null,
    recoveryTarget: detail.recoveryTarget?.name ?? null,
    rpoTargetSeconds,
  };
}

/** `work` over `items`, at most `limit` at a time, the results in the items' order. */
async function inPool<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      out[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
