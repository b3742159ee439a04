// Saves three large runs into the library at argv[2] and exits 0, or prints the error and exits 1: another process
// (the test) lists the same folder meanwhile, as the desktop app, the browser mode and the CLI may.
import { RunLibrary } from '../../electron/storage/runLibrary.js';
import { bigRunContent } from './bigRun.js';

const content = bigRunContent('Other process', 2);
const library = new RunLibrary(process.argv[2]!);
try {
  for (let i = 0; i < 3; i++) await library.save(content, `Run ${i}`);
  process.exit(0);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}
