// Takes the lock of the file at argv[2], prints "holding", and keeps it until it is killed: a crashed app that left
// its lock behind.
import { withFileLock } from '../../electron/storage/fileLock.js';

await withFileLock(process.argv[2]!, () => {
  process.stdout.write('holding\n');
  // A timer keeps the process alive (a bare pending promise would let it exit, and release nothing either).
  setInterval(() => undefined, 1 << 30);
  return new Promise<never>(() => undefined);
});
