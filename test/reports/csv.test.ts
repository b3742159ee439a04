import { readFileSync } from 'node:fs';
import { PassThrough, Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import {
  defaultDelimiter,
  neutralise,
  reportColumns,
  reportCsv,
  reportRowCount,
  reportRows,
  safeFileName,
  writeReportCsv,
} from '../../electron/reports/csv.js';
import { ZonedTimeFormatter } from '../../electron/contract/timeFormat.js';
import { HOSTILE_CONTEXT, HOSTILE_OPERATIONS } from './hostileData.js';

/** A hostile scope text too: it starts with a formula character and holds the delimiter and quotes. */
const CONTEXT = { ...HOSTILE_CONTEXT, scopeText: '=Finance, "Tier 1" · last 30 days · 2 of 9 operations' };

const golden = (name: string) => readFileSync(new URL(`../fixtures/csv/${name}`, import.meta.url));

describe('CSV reports', () => {
  it.each(['operations', 'vm-runs', 'phases'] as const)('%s match their golden file byte for byte', (report) => {
    const csv = reportCsv(report, HOSTILE_OPERATIONS, CONTEXT, { delimiter: ',', bom: true });
    expect(Buffer.from(csv, 'utf8').equals(golden(`${report}.csv`))).toBe(true);
  });

  it('matches the golden file with ; and no BOM too', () => {
    const csv = reportCsv('phases', HOSTILE_OPERATIONS, CONTEXT, { delimiter: ';', bom: false });
    expect(Buffer.from(csv, 'utf8').equals(golden('phases-semicolon-nobom.csv'))).toBe(true);
  });

  it('starts with a UTF-8 BOM, ends lines with CRLF, and parses back to the same values', () => {
    const bytes = golden('phases.csv');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records = parse(bytes, { bom: true, columns: true, relax_column_count: false }) as Record<string, string>[];
    expect(Object.keys(records[0]!)).toEqual(reportColumns('phases'));
    expect(records).toHaveLength(5);
    const replication = records.find((r) => r.phase === 'Replication')!;
    expect(replication).toMatchObject({
      job_id: '4242',
      dr_group: 'Finance, "Tier 1"',
      vm: `'=HYPERLINK("http://evil.example","click me")`,
      machine: "'-2+3",
      start_time: '2023-11-14 23:13:30',
      time_zone: 'Europe/Berlin',
      start_epoch: '1700000010',
      duration_seconds: '3600',
      child_job_id: '991',
      error_message: 'Copy failed: "disk, full"; retry\nsecond line',
    });
    expect(records.find((r) => r.phase === 'Power Off')!.vm).toBe('Größe-VM 日本 ÅÄÖ');
    expect(records.find((r) => r.phase === 'Phase 99')!).toMatchObject({
      status: 'unknown',
      raw_status: '5',
      machine: "'\tTabbed",
    });
  });

  it('neutralises every formula-starting character in text, and leaves numbers as bare numbers', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r', '\n']) expect(neutralise(`${start}x`)).toBe(`'${start}x`);
    expect(neutralise('safe')).toBe('safe');
    expect(neutralise('')).toBe('');
    const line = golden('operations.csv').toString('utf8').split('\r\n')[2]!;
    expect(line.startsWith('4242,38,')).toBe(true);
    expect(line).toContain(',3610,,1800,"not recovered (0 of 2 VMs)",1,0,');
  });

  it('states the scope in the last column of every row of every report, neutralised', () => {
    for (const report of ['operations', 'vm-runs', 'phases'] as const) {
      expect(reportColumns(report).at(-1)).toBe('scope');
      const records = parse(golden(`${report}.csv`), { bom: true, columns: true }) as Record<string, string>[];
      expect(records.length).toBeGreaterThan(0);
      for (const record of records) expect(record.scope).toBe(`'${CONTEXT.scopeText}`);
    }
  });

  it('leaves the scope column empty when no scope is given (a caller that states none)', () => {
    const csv = reportCsv('operations', HOSTILE_OPERATIONS, HOSTILE_CONTEXT, { delimiter: ',', bom: false });
    const records = parse(csv, { columns: true }) as Record<string, string>[];
    expect(records.every((r) => r.scope === '')).toBe(true);
  });

  it('judges operations against their RTO target (per-group override), and never calls a failed one within', () => {
    const records = parse(golden('operations.csv'), { bom: true, columns: true }) as Record<string, string>[];
    expect(records.map((r) => [r.job_id, r.operation_type, r.rto_seconds, r.rto_target_seconds, r.rto_result])).toEqual(
      [
        ['4250', 'Unknown', '', '600', 'no RTO (Unknown)'],
        ['4242', 'Planned Failover', '', '1800', 'not recovered (0 of 2 VMs)'],
      ],
    );
  });

  it('streams the same bytes it writes in one go, reporting progress', async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const progress: number[] = [];
    const rows = await writeReportCsv('phases', HOSTILE_OPERATIONS, CONTEXT, { delimiter: ',', bom: true }, out, (n) =>
      progress.push(n),
    );
    expect(rows).toBe(5);
    expect(progress.at(-1)).toBe(5);
    expect(Buffer.concat(chunks).equals(golden('phases.csv'))).toBe(true);
  });

  it('ends with the error of a destination that fails part way (disk full), never waiting on it for ever', async () => {
    let chunks = 0;
    const diskFull = new Writable({
      highWaterMark: 1,
      write(_chunk, _encoding, callback) {
        if (++chunks > 3) callback(new Error('ENOSPC: no space left on device'));
        else setImmediate(callback);
      },
    });
    // Enough rows that the writer has to wait for room more than once.
    const many = Array.from({ length: 400 }, () => HOSTILE_OPERATIONS).flat();
    await expect(writeReportCsv('phases', many, CONTEXT, { delimiter: ',', bom: true }, diskFull)).rejects.toThrow(
      'ENOSPC',
    );
  });

  it('counts the rows a report will have before writing it (the progress total)', () => {
    for (const report of ['operations', 'vm-runs', 'phases'] as const)
      expect(reportRowCount(report, HOSTILE_OPERATIONS), report).toBe(
        [...reportRows(report, HOSTILE_OPERATIONS, CONTEXT)].length,
      );
  });

  it('writes one cell per column in every row', () => {
    for (const report of ['operations', 'vm-runs', 'phases'] as const)
      for (const row of reportRows(report, HOSTILE_OPERATIONS, CONTEXT))
        expect(row, report).toHaveLength(reportColumns(report).length);
  });

  it('takes the delimiter from the locale: ; where decimals use a comma', () => {
    expect(defaultDelimiter('de-DE')).toBe(';');
    expect(defaultDelimiter('fr-FR')).toBe(';');
    expect(defaultDelimiter('en-US')).toBe(',');
    expect(defaultDelimiter('en-GB')).toBe(',');
  });

  it('makes file names safe on every OS', () => {
    expect(safeFileName('Prod: DR/test "Q3" <final>?\u0007')).toBe("Prod- DR-test 'Q3' -final-");
    expect(safeFileName('   ')).toBe('export');
  });

  it('shortens a long name in its middle, keeping its start and its count whole', () => {
    const name =
      'Demo CommServe - operations - all DR groups, last 30 days, Test Boot, Planned Failover, failed, succeeded, matching "fina", 15 of 300';
    const safe = safeFileName(name);
    expect(safe.length).toBeLessThanOrEqual(120);
    expect(safe.startsWith('Demo CommServe - operations - all DR groups')).toBe(true);
    expect(safe.endsWith("matching 'fina', 15 of 300")).toBe(true);
    expect(safe).toContain('…');
    // A name that fits is left whole.
    expect(safeFileName('Lab - phases - all DR groups, all time, 13 of 200')).toBe(
      'Lab - phases - all DR groups, all time, 13 of 200',
    );
    // Never half of a character made of two UTF-16 units, wherever the cut falls.
    for (let pad = 0; pad < 6; pad++) {
      const emoji = safeFileName(`${'x'.repeat(pad)}${'🚀'.repeat(80)} 15 of 300`);
      expect(emoji.endsWith(' 15 of 300')).toBe(true);
      expect(emoji).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    }
  });

  it('formats local times across daylight-saving changes and in UTC', () => {
    const berlin = new ZonedTimeFormatter('Europe/Berlin');
    // 2024-03-31 at 01:00 UTC clocks jump from 02:00 to 03:00; Lord Howe moves by half an hour.
    expect(berlin.format(1711846799)).toBe('2024-03-31 01:59:59');
    expect(berlin.format(1711846800)).toBe('2024-03-31 03:00:00');
    expect(new ZonedTimeFormatter('UTC').format(1502403488)).toBe('2017-08-10 22:18:08');
    const lordHowe = new ZonedTimeFormatter('Australia/Lord_Howe');
    expect(lordHowe.format(1712415599)).toBe('2024-04-07 01:59:59');
    expect(lordHowe.format(1712415600)).toBe('2024-04-07 01:30:00');
  });
});
