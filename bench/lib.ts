/**
 * Shared shape of every benchmark: each bench file exports `name` and `run()`, prints a table of
 * ratios against a reference measured in the same run (the machine is shared and noisy), and
 * returns its bars. `bench/run.ts` runs them and exits non-zero when a bar is missed.
 */
export interface Bar {
  /** What is measured, e.g. "least-connections pick+done @1000 vs naive O(n) scan". */
  name: string;
  /** The measured ratio (or share, or percent), as printed. */
  value: number;
  /** The bar, as text, e.g. ">= 20x". */
  bar: string;
  pass: boolean;
}

export interface Bench {
  name: string;
  run(): Promise<Bar[]>;
}

/** Median ns per op of `fn(ops)` over `rounds` rounds, after one warm-up round. */
export function nsPerOp(fn: (ops: number) => void, ops: number, rounds = 7): number {
  fn(Math.min(ops, 10_000));
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = process.hrtime.bigint();
    fn(ops);
    samples.push(Number(process.hrtime.bigint() - t0) / ops);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

export function bar(name: string, value: number, op: '>=' | '<=', limit: number, unit = 'x'): Bar {
  const pass = op === '>=' ? value >= limit : value <= limit;
  return { name, value, bar: `${op} ${limit}${unit}`, pass };
}

/** Prints rows as an aligned table. */
export function printTable(headers: string[], rows: (string | number)[][]): void {
  const cells = [headers, ...rows.map((r) => r.map((c) => (typeof c === 'number' ? fmt(c) : c)))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => String(r[i] ?? '').length)));
  for (const [n, r] of cells.entries()) {
    console.log(r.map((c, i) => String(c ?? '').padEnd(widths[i])).join('  '));
    if (n === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
}

export function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n)) return String(n);
  return Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(3);
}
