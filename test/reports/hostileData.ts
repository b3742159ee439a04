import { normaliseJobStats } from '../../electron/commvault/normaliseJobStats.js';
import type { CsvContext } from '../../electron/reports/csv.js';

const t = (time: number) => ({ _type_: 55, time });

/** A JobStats answer full of names a spreadsheet would misread or a naive CSV writer would break on. */
export const HOSTILE_BODY = {
  job: [
    {
      jobId: 4242,
      replicationId: 7,
      client: { clientId: 385, clientName: '=HYPERLINK("http://evil.example","click me")' },
      vapp: { vAppId: 38 },
      phase: [
        {
          phase: 15,
          status: 0,
          startTime: t(1700000000),
          endTime: t(1700000008),
          entity: { clientName: '@SUM(A1:A9)' },
        },
        {
          phase: 7,
          status: 1,
          startTime: t(1700000010),
          endTime: t(1700003610),
          entity: { clientName: '-2+3' },
          phaseInfo: {
            job: [{ jobid: 991, failure: { errorMessage: 'Copy failed: "disk, full"; retry\nsecond line' } }],
          },
        },
      ],
    },
    {
      jobId: 4242,
      replicationId: 8,
      client: { clientId: 386, clientName: 'Größe-VM 日本 ÅÄÖ' },
      vapp: { vAppId: 38 },
      phase: [
        { phase: 2, status: 0, startTime: t(1700000000), endTime: t(1700000100), entity: { clientName: '+cmd|calc' } },
        { phase: 99, status: 5, startTime: t(1700000100), endTime: t(1700000200), entity: { clientName: '\tTabbed' } },
      ],
    },
    {
      jobId: 4250,
      replicationId: 9,
      client: { clientId: 387, clientName: 'plain-vm' },
      vapp: { vAppId: 39 },
      phase: [{ phase: 1, status: 0, startTime: t(1720000000) }],
    },
  ],
};

/** Job 4242 was started by a user whose name a spreadsheet would take for a formula; 4250's starter is not reported. */
export const HOSTILE_OPERATIONS = normaliseJobStats(HOSTILE_BODY).map((op) =>
  op.jobId === 4242 ? { ...op, initiatedBy: '=CORP\\dr-admin' } : op,
);

export const HOSTILE_CONTEXT: CsvContext = {
  groupNames: { '38': 'Finance, "Tier 1"', '39': '\rCR group' },
  rtoTargetSeconds: 1800,
  rtoTargetsByGroup: { '39': 600 },
  timeZone: 'Europe/Berlin',
  asOf: 1720000600,
};
