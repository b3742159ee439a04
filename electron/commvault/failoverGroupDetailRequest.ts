import { z } from 'zod';
import { getChecked, pathId, IdNameSchema, looseBool, looseInt, looseList, looseString } from './drShapes.js';
import type { RequestOptions } from './exchange.js';
import type { CommvaultSession } from './session.js';

const ScriptSchema = z.object({ path: looseString, type: looseString });

export const SchedulePatternSchema = z.object({
  scheduleFrequencyType: looseString,
  frequency: looseInt,
  weeklyDays: looseList(z.string()),
  dayOfMonth: looseInt,
  weekOfMonth: looseString,
  dayOfWeek: looseString,
  monthOfYear: looseString,
  startTime: looseInt,
  startDate: looseInt,
  endDate: looseInt,
});

const PlanScheduleSchema = z.object({
  scheduleId: looseInt,
  scheduleName: looseString,
  vmOperationType: looseString,
  schedulePattern: SchedulePatternSchema.optional(),
});

const PairSchema = z.object({
  id: looseInt,
  sourceName: looseString,
  destinationName: looseString,
  GUID: looseString,
  priority: looseInt,
  preFailoverScript: ScriptSchema.optional(),
  postFailoverScript: ScriptSchema.optional(),
});

const DetailSchema = z.object({
  id: looseInt,
  name: looseString,
  source: looseString,
  operationType: looseString,
  isApprovalRequired: looseBool,
  recoveryTarget: IdNameSchema.optional(),
  priorityIntervalInMinutes: looseInt,
  continueDROnFailure: looseBool,
  automaticFailover: z
    .object({ monitoringStatus: looseString, status: looseString, outageDelayTimeInMinutes: looseInt })
    .optional(),
  plannedFailoverSchedules: looseList(PlanScheduleSchema),
  testBootSchedules: looseList(PlanScheduleSchema),
  replicationPairs: looseList(PairSchema),
  arrayReplicationPairs: looseList(PairSchema),
});
/** `FailoverGroupDetails` as read: every field optional, as the spec has it. */
export type FailoverGroupDetail = z.output<typeof DetailSchema>;
export type PlanSchedule = z.output<typeof PlanScheduleSchema>;

/** `GET V4/FailoverGroups/{id}`: members, priorities, scripts, approval, schedules, automatic failover. */
export function getFailoverGroupDetail(
  session: Pick<CommvaultSession, 'send'>,
  id: number,
  request: RequestOptions = {},
): Promise<FailoverGroupDetail> {
  const checked = pathId('failoverGroupId', id);
  return getChecked(
    session,
    `V4/FailoverGroups/${checked}`,
    ['replicationPairs', 'id', 'name'],
    DetailSchema,
    'failover group',
    request,
  );
}
