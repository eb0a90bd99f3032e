/**
 * Where the worker-thread entry lives. Two ways the runner itself is loaded:
 * - from TypeScript sources under tsx (tests, benches): this file is `src/loadtest/*.ts`, so the
 *   entry is the sibling `worker.ts`. Node 20 does not carry tsx's `--import` hooks into a
 *   worker started on a .ts file ("Unknown file extension"), so the worker starts from a two-line
 *   eval script that registers tsx's CommonJS hook (resolved to an absolute path, so the current
 *   directory does not matter) and then requires worker.ts;
 * - from a bundle in dist/: the runner is inlined in `dist/index.js`, `dist/cli.js` or
 *   `dist/extension.js`, so `__dirname` is dist/ and the entry is the sibling bundle the build
 *   writes there: `extension-worker.js` for the extension (which ships without node_modules,
 *   so its worker is self-contained too), `loadtest-worker.js` for everything else. A bundle needs
 *   no module hooks, so the parent's `--import`/`--require`/`--loader` flags are not passed on: a
 *   worker inheriting `--import tsx` (a library user's, or a bench's) started tsx's loader thread
 *   and sent every module through it, ~0.5 CPU-s per worker on 2 cores, 2x its bare start-up.
 */
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';

export interface WorkerEntry {
  /** A file, or with `eval` the source of the entry script. */
  file: string;
  eval: boolean;
  /** The worker's Node flags, when they are not the parent's. */
  execArgv?: string[];
}

const HOOK_FLAGS = ['--import', '--require', '-r', '--loader', '--experimental-loader'];

/** `execArgv` without the flags that load modules or install module hooks (and their values). */
export function withoutModuleHooks(execArgv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const arg = execArgv[i];
    if (HOOK_FLAGS.includes(arg)) i++;
    else if (!HOOK_FLAGS.some((f) => arg.startsWith(f + '='))) out.push(arg);
  }
  return out;
}

export function workerEntry(): WorkerEntry {
  if (__filename.endsWith('.ts')) {
    const tsx = require.resolve('tsx/cjs');
    const worker = join(__dirname, 'worker.ts');
    return { file: `require(${JSON.stringify(tsx)});\nrequire(${JSON.stringify(worker)});\n`, eval: true };
  }
  const name = basename(__filename).startsWith('extension') ? 'extension-worker.js' : 'loadtest-worker.js';
  const file = join(__dirname, name);
  if (!existsSync(file)) {
    throw new Error(`loadtest: worker entry ${file} is missing (build it with npm run build), needed for workers > 1`);
  }
  return { file, eval: false, execArgv: withoutModuleHooks(process.execArgv) };
}
