/**
 * Where the worker-thread entry lives. Two ways the runner itself is loaded:
 * - from TypeScript sources under tsx (tests, benches): this file is `src/loadtest/*.ts`, so the
 *   entry is the sibling `worker.ts`, started with `--import <tsx's loader>` (resolved to an
 *   absolute path, so it works whatever the current directory);
 * - from a bundle in dist/: the runner is inlined in `dist/index.js`, `dist/cli.js` or
 *   `dist/extension.js`, so `__dirname` is dist/ and the entry is the sibling bundle the build
 *   writes there: `extension-worker.js` for the extension (which ships without node_modules,
 *   so its worker is self-contained too), `loadtest-worker.js` for everything else.
 */
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface WorkerEntry {
  file: string;
  execArgv: string[];
}

export function workerEntry(): WorkerEntry {
  if (__filename.endsWith('.ts')) {
    return { file: join(__dirname, 'worker.ts'), execArgv: ['--import', pathToFileURL(require.resolve('tsx')).href] };
  }
  const name = basename(__filename).startsWith('extension') ? 'extension-worker.js' : 'loadtest-worker.js';
  const file = join(__dirname, name);
  if (!existsSync(file)) {
    throw new Error(`loadtest: worker entry ${file} is missing (build it with npm run build), needed for workers > 1`);
  }
  return { file, execArgv: [] };
}
