// Saves a large run into the library at argv[2], forever, so the parent can kill it mid-write.
import { RunLibrary } from '../../electron/storage/runLibrary.js';
import { bigRunContent } from './bigRun.js';

const content = bigRunContent('Big', 2);
const library = new RunLibrary(process.argv[2]!);
for (;;) await library.save(content, 'Big run');
