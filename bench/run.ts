/**
 * `npm run bench [-- FILTER]`: runs every `bench/*.bench.ts` (or those whose name contains
 * FILTER), prints each one's table and bars, and exits 1 if any bar is missed.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Bar, Bench } from './lib';

async function main(): Promise<void> {
  const filter = process.argv[2];
  const files = readdirSync(__dirname).filter((f) => f.endsWith('.bench.ts') && (!filter || f.includes(filter))).sort();
  const all: { bench: string; bar: Bar }[] = [];
  for (const file of files) {
    const mod = (await import(join(__dirname, file))) as { bench: Bench };
    console.log(`\n## ${mod.bench.name} (bench/${file})\n`);
    const bars = await mod.bench.run();
    for (const b of bars) all.push({ bench: mod.bench.name, bar: b });
  }
  console.log('\n## Bars\n');
  for (const { bench, bar } of all) {
    console.log(`${bar.pass ? 'PASS' : 'FAIL'}  ${bench}: ${bar.name} = ${bar.value.toFixed(3)} (bar ${bar.bar})`);
  }
  const failed = all.filter((a) => !a.bar.pass).length;
  console.log(`\n${all.length - failed} bars met, ${failed} missed`);
  process.exitCode = failed ? 1 : 0;
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
