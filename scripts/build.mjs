// Bundles every entry point with esbuild and emits the library's declarations with tsc.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';

const watch = process.argv.includes('--watch');
// `--cli`: only what the CLI needs (npm run demo): no extension bundles, no declarations.
const cliOnly = process.argv.includes('--cli');
const node = { platform: 'node', target: 'node20', format: 'cjs', bundle: true, sourcemap: true, logLevel: 'warning' };

const entries = [
  // The library and the CLI keep their dependencies in node_modules, as npm installs them.
  { ...node, entryPoints: ['src/index.ts'], outfile: 'dist/index.js', packages: 'external' },
  { ...node, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', packages: 'external', banner: { js: '#!/usr/bin/env node' } },
  { ...node, entryPoints: ['src/loadtest/worker.ts'], outfile: 'dist/loadtest-worker.js', packages: 'external' },
  // The extension ships without node_modules: everything but `vscode` is bundled in.
  { ...node, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode', 'tsx', 'tsx/*'], minify: true, extension: true },
  // Activation loads only the tiny dist/extension.js; the commands' bundle is required on first use.
  { ...node, entryPoints: ['src/extension/main.ts'], outfile: 'dist/extension-main.js', external: ['vscode', 'tsx', 'tsx/*'], minify: true, extension: true },
  { ...node, entryPoints: ['src/loadtest/worker.ts'], outfile: 'dist/extension-worker.js', external: ['tsx', 'tsx/*'], minify: true, extension: true },
  // The webview runs in a browser (VS Code's webview, or the CLI's self-contained HTML report).
  { entryPoints: ['src/webview/main.ts'], outfile: 'media/webview.js', platform: 'browser', target: 'es2022', format: 'iife', bundle: true, minify: true, sourcemap: false, logLevel: 'warning' },
];

mkdirSync('dist', { recursive: true });
// The pool and scenario JSON Schemas come from src/pools/schema.ts: one source for settings, files and docs.
execFileSync(process.execPath, ['--import', 'tsx', 'src/pools/write-schemas.ts', 'schemas'], { stdio: 'ignore' });
const present = entries.filter((e) => existsSync(e.entryPoints[0]) && !(cliOnly && e.extension));
await Promise.all(present.map(({ extension: _, ...e }) => build(e)));
if (!watch && !cliOnly && existsSync('tsconfig.build.json')) {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
}
console.log(`built ${present.map((e) => e.outfile).join(', ')}`);
