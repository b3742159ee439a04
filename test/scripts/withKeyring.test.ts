import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROOT } from '../cli/builtCli.js';
import { keyringDaemonsUnder, keyringReady, keyringSkipReason } from '../helpers/keyring.js';

const run = promisify(execFile);
let scratch: string;

beforeEach(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'drjs-wk-'));
});
afterEach(() => rm(scratch, { recursive: true, force: true }));

describe.skipIf(!keyringReady)(
  `scripts/with-keyring.sh${keyringReady ? '' : ` (skipped: ${keyringSkipReason})`}`,
  () => {
    it('runs the command with an unlocked keyring, and leaves no keyring daemon behind when it ends', async () => {
      const { stdout } = await run(
        'sh',
        [join(ROOT, 'scripts/with-keyring.sh'), 'sh', '-c', 'echo "$DRJS_TEST_KEYRING"'],
        {
          env: { ...process.env, TMPDIR: scratch },
        },
      );
      expect(stdout.trim()).toBe('unlocked');
      expect(await keyringDaemonsUnder(scratch)).toEqual([]);
    });
  },
);
