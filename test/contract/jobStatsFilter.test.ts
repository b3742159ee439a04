import { describe, expect, it } from 'vitest';
import {
  checkJobStatsFilter,
  FILTER_FIELD_LABELS,
  JobStatsFilterSchema,
  parseFilterField,
} from '../../electron/contract/model.js';

describe('the filter field rule', () => {
  it('reads ids typed in a form or on a command line', () => {
    expect(parseFilterField('jobId', '42')).toEqual({ id: 42 });
    expect(parseFilterField('jobId', ' 007 ')).toEqual({ id: 7 });
    expect(parseFilterField('jobId', 42)).toEqual({ id: 42 });
  });

  it('takes a blank or missing field as no filter', () => {
    for (const value of [undefined, '', '   ']) expect(parseFilterField('clientId', value)).toEqual({ id: undefined });
  });

  it.each(['0', '-3', '1.5', '1e3', '0x1f', '12a', '99999999999999999999', 0, -3, 1.5, Number.NaN, 2 ** 53])(
    'refuses %s with the field and its label',
    (value) => {
      expect(parseFilterField('replicationId', value)).toEqual({
        field: 'replicationId',
        message: 'Replication pair must be a whole number greater than 0 (an id).',
      });
    },
  );

  it('agrees with the schema the bridge checks', () => {
    for (const value of [1, 42, 0, -1, 1.5, Number.NaN, Infinity, 2 ** 53 - 1, 2 ** 53]) {
      const rule = parseFilterField('jobId', value);
      expect('id' in rule).toBe(JobStatsFilterSchema.safeParse({ jobId: value }).success);
    }
  });

  it('labels every field as the form does', () => {
    expect(FILTER_FIELD_LABELS).toEqual({
      drGroupId: 'DR group',
      jobId: 'Job ID',
      replicationId: 'Replication pair',
      clientId: 'Client',
    });
  });
});

describe('checkJobStatsFilter', () => {
  it('builds the typed filter from the fields given, leaving blank ones out', () => {
    expect(checkJobStatsFilter({ drGroupId: '31', jobId: '', replicationId: ' 5 ', clientId: '' })).toEqual({
      filter: { drGroupId: 31, replicationId: 5 },
    });
    expect(checkJobStatsFilter({})).toEqual({ filter: {} });
  });

  it('reports the first bad field in the order the form shows them', () => {
    expect(checkJobStatsFilter({ clientId: 'x', jobId: '0', drGroupId: '2' })).toEqual({
      field: 'jobId',
      message: 'Job ID must be a whole number greater than 0 (an id).',
    });
  });
});
