import type { FileFilter, FileSink } from './fileSink.js';
import { writeToNamedPath, type PathSinkOptions } from './namedPath.js';
import { AppFailure, appError } from '../contract/errors.js';

/**
 * The headless export's sink: each kind of file goes to the path the command line named for it (the report to
 * --out, the run file to --save-run), written as `writeToNamedPath` says. A kind it was given no path for is
 * refused: the core never picks a path on its own.
 */
export function namedPathsSink(paths: Map<FileFilter, string>, options: PathSinkOptions = {}): FileSink {
  return {
    async save(_suggestedName, filters, write) {
      const path = filters.map((filter) => paths.get(filter)).find((p) => p !== undefined);
      if (path === undefined) {
        const kinds = filters.map((f) => f.name).join(', ');
        throw new AppFailure(appError('internal', `No output was named for a ${kinds} file.`));
      }
      return { kind: 'saved', path, bytes: await writeToNamedPath(path, write, options) };
    },
  };
}
