import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SCREENSHOTS } from './fixtures.js';

const run = promisify(execFile);

/** Greyscale page images (PGM) of a PDF at 50 dpi, plus a PNG of page 1 to look at. */
export async function pageImages(
  pdf: Buffer,
  name: string,
): Promise<{ width: number; height: number; pixels: Buffer }[]> {
  const dir = await mkdtemp(join(tmpdir(), 'drjs-pdf-'));
  try {
    await writeFile(join(dir, 'r.pdf'), pdf);
    await run('pdftoppm', ['-r', '50', '-gray', join(dir, 'r.pdf'), join(dir, 'p')]);
    await run('pdftoppm', [
      '-r',
      '80',
      '-png',
      '-f',
      '1',
      '-l',
      '1',
      '-singlefile',
      join(dir, 'r.pdf'),
      join(dir, 'first'),
    ]);
    await mkdir(SCREENSHOTS, { recursive: true });
    await run('pdftoppm', ['-r', '50', '-png', join(dir, 'r.pdf'), join(SCREENSHOTS, `${name}-page`)]);
    await copyFile(join(dir, 'first.png'), join(SCREENSHOTS, `${name}-page1.png`));
    const files = (await readdir(dir)).filter((f) => f.endsWith('.pgm')).sort();
    return Promise.all(files.map(async (f) => parsePgm(await readFile(join(dir, f)))));
  } finally {
    await rm(dir, { recursive: true, force: true, maxRetries: 5 });
  }
}

function parsePgm(data: Buffer): { width: number; height: number; pixels: Buffer } {
  // "P5\n<w> <h>\n<max>\n" then one byte per pixel.
  const header = data.subarray(0, 64).toString('latin1');
  const match = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(header);
  if (!match) throw new Error('not a PGM image');
  const width = Number(match[1]);
  const height = Number(match[2]);
  return { width, height, pixels: data.subarray(match[0].length, match[0].length + width * height) };
}

/** Columns of the right margin strip (the outer `marginInches` of the page) that hold any non-white pixel. */
export function inkInRightMargin(
  image: { width: number; height: number; pixels: Buffer },
  marginInches: number,
): number {
  const strip = Math.floor(marginInches * 50) - 1;
  let ink = 0;
  for (let y = 0; y < image.height; y++) {
    for (let x = image.width - strip; x < image.width; x++) if (image.pixels[y * image.width + x]! < 235) ink++;
  }
  return ink;
}

export async function pdfText(pdf: Buffer): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'drjs-pdf-'));
  try {
    await writeFile(join(dir, 'r.pdf'), pdf);
    const { stdout } = await run('pdftotext', ['-layout', join(dir, 'r.pdf'), '-']);
    return stdout;
  } finally {
    await rm(dir, { recursive: true, force: true, maxRetries: 5 });
  }
}
