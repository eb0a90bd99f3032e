// Packages the VS Code extension as rpc-balancer-<version>.vsix.
//
// package.json's `main` is the library (dist/index.js), but VS Code loads `main` as the extension,
// so the package is staged in .cache/vsix-stage with its own package.json (`main` =
// dist/extension.js; no bin, types or dependencies: the bundle holds everything but `vscode`) and
// only the files the extension reads. The pool JSON Schema has one source, src/pools/schema.ts: it
// is written fresh into the stage (schemas/, for `jsonValidation`) and inlined as the item schema
// of the `rpcBalancer.pools` setting (a settings contribution cannot reference a file).
//
//   node scripts/package-vsix.mjs          stage and package (run `npm run build` first)
//   node scripts/package-vsix.mjs --sync   rewrite package.json's inlined copies from the sources
//   node scripts/package-vsix.mjs --check  fail when package.json's copies differ from the sources
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const stage = join(root, '.cache', 'vsix-stage');
const pkgPath = join(root, 'package.json');

/** What the sources say the generated parts of the manifest must be. */
function generated() {
  const code = [
    "const { poolSchema } = require('./src/pools/schema.ts');",
    "const { strategies } = require('./src/engine/registry.ts');",
    'process.stdout.write(JSON.stringify({ poolSchema, strategies }));',
  ].join('\n');
  const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', code], { cwd: root, encoding: 'utf8' });
  const { poolSchema, strategies } = JSON.parse(out);
  const { $schema: _s, $id: _i, ...item } = poolSchema;
  return { poolSchema, poolItem: item, strategyNames: strategies.map((s) => s.name), strategySummaries: strategies.map((s) => s.summary) };
}

function applyGenerated(pkg, gen) {
  const props = pkg.contributes.configuration.properties;
  props['rpcBalancer.pools'].items = gen.poolItem;
  props['rpcBalancer.defaultStrategy'].enum = gen.strategyNames;
  props['rpcBalancer.defaultStrategy'].enumDescriptions = gen.strategySummaries;
  return pkg;
}

const readPkg = () => JSON.parse(readFileSync(pkgPath, 'utf8'));
const mode = process.argv[2];
const gen = generated();

if (mode === '--sync' || mode === '--check') {
  const pkg = readPkg();
  const before = JSON.stringify(pkg.contributes);
  const after = JSON.stringify(applyGenerated(pkg, gen).contributes);
  if (mode === '--check') {
    if (before !== after) {
      console.error('package.json contributes is out of date with src/pools/schema.ts or the strategy registry: run node scripts/package-vsix.mjs --sync');
      process.exit(1);
    }
    console.log('package.json contributes is in sync');
  } else {
    writeFileSync(pkgPath, JSON.stringify(pkg, null, 2) + '\n');
    console.log(before === after ? 'package.json already in sync' : 'package.json contributes updated');
  }
  process.exit(0);
}

const needed = ['dist/extension.js', 'dist/extension-main.js', 'dist/extension-worker.js', 'media/webview.js', 'media/webview.css'];
for (const f of needed) {
  if (!existsSync(join(root, f))) {
    console.error(`package-vsix: ${f} is missing; run npm run build first`);
    process.exit(1);
  }
}

rmSync(stage, { recursive: true, force: true });
mkdirSync(join(stage, 'dist'), { recursive: true });
for (const f of needed) cpSync(join(root, f), join(stage, f));
for (const f of ['media', 'README.md', 'LICENSE', 'CHANGELOG.md']) {
  const from = join(root, f);
  if (!existsSync(from)) continue;
  if (statSync(from).isDirectory()) cpSync(from, join(stage, f), { recursive: true, filter: (p) => !p.endsWith('.map') });
  else cpSync(from, join(stage, f));
}
mkdirSync(join(stage, 'schemas'), { recursive: true });
writeFileSync(join(stage, 'schemas', 'pool.schema.json'), JSON.stringify(gen.poolSchema, null, 2) + '\n');

const pkg = applyGenerated(readPkg(), gen);
const manifest = {
  name: pkg.name,
  displayName: pkg.displayName,
  description: pkg.description,
  version: pkg.version,
  publisher: pkg.publisher,
  license: pkg.license,
  engines: { vscode: pkg.engines.vscode },
  main: './dist/extension.js',
  ...Object.fromEntries(
    ['categories', 'keywords', 'icon', 'galleryBanner', 'repository', 'activationEvents', 'capabilities', 'contributes']
      .filter((k) => pkg[k] !== undefined)
      .map((k) => [k, pkg[k]]),
  ),
};
writeFileSync(join(stage, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
// Only what is staged goes in; nothing else (.cache, sources, maps) is in this folder.
writeFileSync(join(stage, '.vscodeignore'), '**/*.map\n.vscodeignore\n');

const out = join(root, `${pkg.name}-${pkg.version}.vsix`);
const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', out], { cwd: stage, stdio: 'inherit' });
console.log(`packaged ${out}`);
