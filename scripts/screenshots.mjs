// Takes the README's pictures again: runs the browser and code-server tests that keep one (a test
// keeps a picture by saving a screenshot named `readme-<name>`, or copying one to readme-<name>.png), then copies each
// test-output/{browser,e2e}/readme-<name>.png to docs/images/<name>.png and says which of the
// pictures the README shows are still missing.
//
//   npm run screenshots                  every test file that keeps a picture
//   npm run screenshots -- ring testing  only those that keep these
//
// The e2e tests start code-server and Chromium: on a shared machine run it under the machine's lock.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const IMAGES = join(ROOT, 'docs', 'images');
const KINDS = [
  { dir: 'test/browser', out: 'test-output/browser', timeout: '60000' },
  { dir: 'test/e2e', out: 'test-output/e2e', timeout: '600000' },
];
const wanted = process.argv.slice(2);

/** The pictures a test file keeps: every `readme-<name>` it names. */
function picturesOf(file) {
  return [...readFileSync(file, 'utf8').matchAll(/['"`]readme-([a-z0-9-]+)(?:\.png)?['"`]/g)].map((m) => m[1]);
}

const runs = [];
for (const kind of KINDS) {
  const files = readdirSync(join(ROOT, kind.dir))
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => join(kind.dir, f))
    .filter((f) => {
      const names = picturesOf(join(ROOT, f));
      return names.length > 0 && (wanted.length === 0 || names.some((n) => wanted.includes(n)));
    });
  if (files.length) runs.push({ ...kind, files });
}
if (runs.length === 0) {
  console.error(`no test keeps ${wanted.length ? wanted.map((w) => `readme-${w}`).join(', ') : 'a readme-* picture'}`);
  process.exit(2);
}

let failed = false;
for (const run of runs) {
  console.log(`running ${run.files.join(', ')}`);
  try {
    execFileSync('npx', ['mocha', '--config', '.mocharc.json', '--timeout', run.timeout, ...run.files], { cwd: ROOT, stdio: 'inherit' });
  } catch {
    // Copy what the passing tests kept; say that some failed.
    failed = true;
  }
}

mkdirSync(IMAGES, { recursive: true });
const copied = [];
for (const run of runs) {
  const dir = join(ROOT, run.out);
  if (!existsSync(dir)) continue;
  for (const f of readdirSync(dir)) {
    const m = /^readme-([a-z0-9-]+)\.png$/.exec(f);
    if (!m || (wanted.length && !wanted.includes(m[1]))) continue;
    copyFileSync(join(dir, f), join(IMAGES, `${m[1]}.png`));
    copied.push(`docs/images/${m[1]}.png`);
  }
}
console.log(copied.length ? `copied ${copied.join(', ')}` : 'copied nothing');

const shown = [...readFileSync(join(ROOT, 'README.md'), 'utf8').matchAll(/\]\((docs\/images\/[^)]+\.png)\)/g)].map((m) => m[1]);
const missing = shown.filter((p) => !existsSync(join(ROOT, p)));
if (missing.length) console.log(`README pictures not yet taken: ${missing.join(', ')}`);
process.exit(failed ? 1 : 0);
