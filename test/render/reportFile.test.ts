import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../electron/cli/exitCodes.js';
import { exportCommand } from '../../electron/cli/exportCommand.js';
import { ConnectionProfileSchema } from '../../electron/contract/connections.js';
import { rtoVerdict, targetFor } from '../../electron/contract/evidence.js';
import type { CommvaultSimulator } from '../../electron/simulator/server.js';
import { evidenceContent, evidenceSha256 } from '../../electron/storage/evidenceHash.js';
import { parseRunFile } from '../../electron/storage/runFile.js';
import { SettingsStore } from '../../electron/storage/settingsStore.js';
import { startSimulator } from '../helpers/commvault.js';

let sim: CommvaultSimulator;
let dir: string;
let html: string;
let lines: string[];
let code: number;

beforeAll(async () => {
  sim = await startSimulator({ seed: 2, groups: 3, vms: 3, jobs: 40, running: 1 });
  dir = await mkdtemp(join(tmpdir(), 'drjs-report-file-'));
  await new SettingsStore(dir).update((s) => ({
    ...s,
    connections: [
      ConnectionProfileSchema.parse({ id: 'prod', name: 'Prod CommServe', webService: sim.url, rtoTargetMinutes: 45 }),
    ],
  }));
  const tokens = sim.issuedTokens();
  const login = await fetch(`${sim.url}/Login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ username: 'demo', password: Buffer.from('demo').toString('base64') }),
  });
  expect(login.status).toBe(200);
  const token = sim.issuedTokens().find((t) => !tokens.includes(t))!;
  lines = [];
  code = await exportCommand(
    [
      '--connection',
      'Prod CommServe',
      '--report',
      'evidence',
      '--out',
      join(dir, 'report.html'),
      '--save-run',
      join(dir, 'run.drrun.json'),
      '--data-dir',
      dir,
      '--utc',
    ],
    { env: { DRJS_TOKEN: token }, out: (l) => lines.push(l), err: (l) => lines.push(l) },
  );
  html = await readFile(join(dir, 'report.html'), 'utf8').catch(() => '');
});
afterAll(async () => {
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

/** The report's DR groups table: each group's last test and last successful test cells, in words. */
function groupRows(page: string): Record<string, [string, string]> {
  const start = page.indexOf('>DR groups<');
  const table = page.slice(start, page.indexOf('</table>', start));
  const words = (cell: string) =>
    cell
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
  const rows = [...table.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)]
    .slice(1)
    .map((row) => [...row[1]!.matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/g)].map((cell) => words(cell[1]!)));
  return Object.fromEntries(rows.map((cells) => [cells[0]!, [cells[2]!, cells[3]!]]));
}

describe('dr-job-stats export --report evidence --out r.html', () => {
  it('writes one self-contained page: no script, nothing fetched from elsewhere, a policy that allows neither', () => {
    expect(code).toBe(EXIT.ok);
    expect(lines).toEqual([
      expect.stringMatching(/^Wrote the evidence report of 40 operations to .*report\.html and the run to/),
    ]);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/(src|href)="https?:/i);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    // The component's own styles came with it, and paper stays light on a dark screen.
    expect(html).toMatch(/\.paper[.\w-]*\s*\{/);
    expect(html).not.toMatch(/prefers-color-scheme: dark/);
  });

  it("states the same data SHA-256 as the run saved from the same fetch, and the report's figures", async () => {
    const run = parseRunFile(await readFile(join(dir, 'run.drrun.json'), 'utf8'));
    expect(html).toContain(`<span data-testid="report-sha256">${run.rawBodySha256}</span>`);
    expect(html).toContain('Prod CommServe');
    expect(html).toContain('all DR groups · all time · 40 of 40 operations');
    // A timeline for every failed operation of any type and every one over its target.
    const breaches = run.operations.filter(
      (op) => op.status === 'failed' || rtoVerdict(op, targetFor(op, run), run.fetchedAt).breach,
    );
    expect(html.match(/<figure class="timeline/g) ?? []).toHaveLength(breaches.length);
    expect(breaches.length).toBeGreaterThan(0);
    expect(html.match(/<svg/g)?.length).toBeGreaterThanOrEqual(breaches.length);
  });

  it('names the evidence hash of what it shows on its first page and at the top of every page, with who prepared it', async () => {
    const run = parseRunFile(await readFile(join(dir, 'run.drrun.json'), 'utf8'));
    const evidence = evidenceSha256(evidenceContent(run, run.scope, []));
    expect(html).toContain(`<span data-testid="report-evidence-sha256">${evidence}</span>`);
    expect(html).toContain(
      `--report-running: "Prod CommServe · all DR groups · all time · 40 of 40 operations · evidence SHA-256 ${evidence}"`,
    );
    expect(html).toMatch(/Sign-offs \(0; \d+ recovery operations? not signed off\)/);
    expect(html.replace(/<!--[^>]*-->/g, '')).toMatch(/Prepared by<\/th>\s*<td[^>]*>[^<]+, \d{4}-\d\d-\d\d/);
    expect(html).toContain('Last successful test (all data fetched)');
  });

  it('finds each group’s last successful test in all the data, however narrow the scope (main’s report too)', async () => {
    const out = join(dir, 'failbacks.html');
    const written = await exportCommand(
      ['--from-run', join(dir, 'run.drrun.json'), '--report', 'evidence', '--type', 'failback', '--out', out, '--utc'],
      { env: {}, err: () => undefined, out: () => undefined },
    );
    expect(written).toBe(EXIT.ok);
    const narrow = await readFile(out, 'utf8');
    expect(narrow).toMatch(/· Failback · \d+ of 40 operations/);
    // Each group's last test and last successful test as the whole scope's report has them: never "never".
    const narrowGroups = groupRows(narrow);
    expect(Object.keys(narrowGroups).length).toBeGreaterThan(0);
    const allGroups = groupRows(html);
    for (const [group, cells] of Object.entries(narrowGroups)) {
      expect(cells, group).toEqual(allGroups[group]);
      expect(cells[1], group).toMatch(/^\d{4}-\d\d-\d\d · \d+ days? ago/);
    }
  });

  it('a PDF needs the installed app: here it says so, with what to do instead, and writes nothing', async () => {
    const err: string[] = [];
    const pdf = await exportCommand(
      ['--from-run', join(dir, 'run.drrun.json'), '--report', 'evidence', '--out', join(dir, 'report.pdf')],
      { env: {}, err: (l) => err.push(l), out: () => undefined },
    );
    expect(pdf).toBe(EXIT.usage);
    expect(err.join('\n')).toMatch(/printed by the installed desktop app.*--out report\.html/);
    await expect(readFile(join(dir, 'report.pdf'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
