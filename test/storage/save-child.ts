// Saves a large run (about 6 MB, so each write lasts) into the library at argv[2], forever, so the parent can kill
// it mid-write.
import { RunLibrary } from '../../electron/storage/runLibrary.js';
import { bigRunContent } from './bigRun.js';

const content = bigRunContent('Big', 6);
const library = new RunLibrary(process.argv[2]!);
for (;;) await library.save(content, 'Big run');
