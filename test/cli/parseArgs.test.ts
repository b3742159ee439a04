import { describe, expect, it } from 'vitest';
import { parseExportArgs } from '../../electron/cli/parseArgs.js';

const BASE = ['--report', 'phases', '--out', 'a.csv'];

function problem(argv: string[]): string {
  const parsed = parseExportArgs(argv);
  if (parsed.ok) throw new Error('parsed without a problem');
  expect(parsed.error.kind).toBe('invalid-input');
  return parsed.error.message;
}

/** The options of a command line that must parse. */
function parsed(argv: string[]) {
  const result = parseExportArgs(argv);
  if (!result.ok) throw new Error(`did not parse: ${result.error.message}`);
  return result.value;
}

describe('the export command line', () => {
  it('--help wins over everything else, even wrong flags', () => {
    expect(parsed(['--report', 'nonsense', '--help'])).toEqual({ kind: 'help' });
  });

  it('refuses a flag given twice instead of silently taking one of the values', () => {
    expect(problem([...BASE, '--connection', 'Prod', '--report', 'operations'])).toBe(
      '--report was given twice; give each flag once.',
    );
    expect(problem([...BASE, '--from-run', 'a', '--utc', '--utc'])).toBe('--utc was given twice; give each flag once.');
  });

  it("says Node's own words for an unknown flag", () => {
    expect(problem(['--bogus'])).toBe("Unknown option '--bogus'");
  });

  it('reports the first problem in the order the flags are checked', () => {
    expect(problem(['--password', 'x', '--report', 'bad'])).toMatch(/^passwords are not accepted/);
    expect(problem(['--report', 'bad', '--delimiter', 'pipe'])).toBe(
      '--report must be operations, vm-runs, phases, findings, critical-path, forecast, groups or evidence.',
    );
    expect(problem(['--report', 'phases', '--out', ''])).toBe(
      '--out FILE is required (.csv for a CSV report; .html or .pdf for the evidence report).',
    );
    expect(problem([...BASE, '--delimiter', 'pipe'])).toBe(
      'give either --connection NAME or --from-run FILE (one of them).',
    );
    expect(problem([...BASE, '--from-run', 'r', '--delimiter', 'toString'])).toBe(
      '--delimiter must be comma, semicolon or tab.',
    );
    expect(problem([...BASE, '--from-run', 'r', '--job-id', '1.5', '--group-id', 'x'])).toBe(
      '--job-id must be a whole number greater than 0 (got "1.5").',
    );
    // A wrong scope is said before a wrong combination.
    expect(problem([...BASE, '--from-run', 'r', '--job-id', '5', '--range', 'bad'])).toMatch(/^--range takes /);
    expect(problem([...BASE, '--from-run', 'r', '--job-id', '5'])).toBe(
      '--from-run cannot be combined with filters or --save-run.',
    );
  });

  it('treats an empty source as not given', () => {
    expect(problem([...BASE, '--connection', '', '--from-run', ''])).toBe(
      'give either --connection NAME or --from-run FILE (one of them).',
    );
    const live = parsed([...BASE, '--connection', 'Prod', '--from-run', '']);
    expect(live.kind === 'export' && live.options.source.kind).toBe('connection');
  });

  it('gives a live export only the ids that were given, and the options their values', () => {
    const live = parsed([
      ...BASE,
      '--connection',
      'Prod',
      '--group-id',
      '007',
      '--delimiter',
      'tab',
      '--no-bom',
      '--utc',
      '--data-dir',
      '/data',
      '--status',
      'failed',
    ]);
    expect(live).toMatchObject({
      kind: 'export',
      options: {
        report: 'phases',
        out: 'a.csv',
        source: { kind: 'connection', name: 'Prod', filter: { drGroupId: 7 }, dataDir: '/data', saveRun: undefined },
        write: { delimiter: '\t', bom: false },
        utc: true,
        // --group-id is the JobStats filter, as on the Jobs form: the answer is not filtered by it again.
        scope: { groupIds: [], statuses: ['failed'] },
        narrows: true,
      },
    });
    // No keys for ids not given: the filter is kept in a saved run as it is.
    if (live.kind !== 'export' || live.options.source.kind !== 'connection') throw new Error('not a live export');
    expect(live.options.source.filter).toStrictEqual({ drGroupId: 7 });
  });

  it('--groups is the scope’s DR groups, as the picker on the scope bar', () => {
    const live = parsed([...BASE, '--connection', 'Prod', '--groups', '34, 35,34']);
    expect(live).toMatchObject({ options: { scope: { groupIds: [34, 35] } } });
    if (live.kind !== 'export' || live.options.source.kind !== 'connection') throw new Error('not a live export');
    expect(live.options.source.filter).toStrictEqual({});
    expect(problem([...BASE, '--connection', 'Prod', '--groups', 'Finance'])).toBe(
      '--groups takes DR group ids, comma-separated (got "Finance").',
    );
  });

  it('--rto is the scope’s RTO result, as on the scope bar', () => {
    const live = parsed([...BASE, '--connection', 'Prod', '--rto', 'over, not-recovered,live-breach,over']);
    expect(live).toMatchObject({
      options: { scope: { rtoResults: ['over', 'not-recovered', 'live-breach'] }, narrows: true },
    });
    expect(parsed([...BASE, '--from-run', 'r.drrun.json', '--rto', 'within'])).toMatchObject({
      options: { scope: { rtoResults: ['within'] }, narrows: true },
    });
    expect(problem([...BASE, '--connection', 'Prod', '--rto', 'breached'])).toBe(
      '--rto takes within, over, not-recovered, live-breach, unconfirmed (got "breached").',
    );
  });

  it('keeps a saved run in its own scope unless a scope flag narrows it', () => {
    const plain = parsed([...BASE, '--from-run', 'r.drrun.json']);
    expect(plain).toMatchObject({
      kind: 'export',
      options: { source: { kind: 'run', path: 'r.drrun.json' }, narrows: false },
    });
  });
});
