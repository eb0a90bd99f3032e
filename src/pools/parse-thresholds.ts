/** A pool's `thresholds`: clauses of the threshold language, each checked now with its JSON path. */
import { show } from '../engine/errors';
import { at, type Problems } from './problems';
import { readClause } from './threshold-clause';

/** Enough for every metric twice over; more is a mistake, not a need. */
export const MAX_THRESHOLDS = 32;

export function checkThresholds(p: Problems, v: unknown, path: string): string[] | undefined {
  if (!Array.isArray(v)) {
    p.add(path, `expected a list of clauses like ["p99<200ms", "errors<1%"], got ${show(v)}`);
    return undefined;
  }
  if (v.length > MAX_THRESHOLDS) {
    p.add(path, `at most ${MAX_THRESHOLDS} thresholds, got ${v.length}`);
    return undefined;
  }
  const out: string[] = [];
  const seen = new Map<string, number>();
  v.forEach((raw, i) => {
    const itemPath = at(path, i);
    if (typeof raw !== 'string') return p.add(itemPath, `expected a clause like "p99<200ms", got ${show(raw)}`);
    const t = readClause(raw);
    if ('problem' in t) return p.add(itemPath, t.problem);
    // Two equal clauses would be two tests with one name in the Test Explorer.
    if (seen.has(t.text)) return p.add(itemPath, `duplicate threshold ${show(t.text)} (also ${path}[${seen.get(t.text)}])`);
    seen.set(t.text, i);
    out.push(t.text);
  });
  return out;
}
