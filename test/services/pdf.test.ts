import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { Core } from '../../electron/bridge/core.js';
import type { PdfOptions } from '../../electron/services/exports.js';
import { DownloadSink } from '../../electron/sinks/downloadSink.js';
import { testApp } from '../helpers/app.js';

let app: Core | undefined;
let dir: string | undefined;
afterEach(async () => {
  await app?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('export:pdf prints the evidence report portrait on the chosen paper, and the window as before without one', async () => {
  dir = await mkdtemp(join(tmpdir(), 'drjs-pdf-'));
  const calls: (PdfOptions | undefined)[] = [];
  const sink = new DownloadSink();
  app = await testApp(dir, {
    mode: 'electron',
    sink: sink,
    // Stands in for webContents.printToPDF: what main is asked to print is the point here.
    printToPdf: (options) => {
      calls.push(options);
      return Promise.resolve(Buffer.from('%PDF-1.7\n'));
    },
  });
  const letter = await app.dispatch('export:pdf', { fileName: 'DR test evidence report', pageSize: 'Letter' });
  expect(letter.ok).toBe(true);
  expect(letter.ok && letter.value).toMatchObject({ fileName: 'DR test evidence report.pdf' });
  const plain = await app.dispatch('export:pdf', { fileName: 'Job 1 report' });
  expect(plain.ok).toBe(true);
  expect(calls).toEqual([{ pageSize: 'Letter' }, undefined]);
  const bad = await app.dispatch('export:pdf', { fileName: 'x', pageSize: 'A3' });
  expect(bad.ok).toBe(false);
});
