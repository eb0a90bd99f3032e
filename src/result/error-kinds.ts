/**
 * Error kinds with a cap, because servers choose them: every distinct JSON-RPC error code or HTTP
 * status is a kind, and a server answering 3,000 codes would otherwise make 3,000 keys in every
 * result (a 54 KB summary line). An `errorsByKind` holds at most MAX_ERROR_KINDS keys, `other`
 * included; errors of the kinds past the cap count as `other`, and `errorKindsFolded` says how many
 * distinct kinds that was.
 */
import type { ErrorCounts } from './types';

/** Keys of one `errorsByKind`, `other` included (so 31 named kinds and `other`). */
export const MAX_ERROR_KINDS = 32;

/**
 * Distinct folded kinds are counted by remembering their names, up to this many: the count is
 * then a lower bound, and memory stays flat whatever the server sends.
 */
export const FOLDED_KINDS_COUNTED = 4096;

const OTHER = 'other';

/** The kinds a result shows, and the names that were counted as `other` instead. */
export interface FoldedCounts {
  counts: ErrorCounts;
  folded: Set<string>;
}

/** One endpoint's errors by kind, counted as they happen: new kinds past the cap become `other`. */
export class ErrorKindCounter {
  readonly counts: ErrorCounts = Object.create(null) as ErrorCounts;
  readonly folded = new Set<string>();
  private named = 0;

  add(kind: string): void {
    const n = this.counts[kind];
    if (n !== undefined) {
      this.counts[kind] = n + 1;
    } else if (kind === OTHER || this.named < MAX_ERROR_KINDS - 1) {
      if (kind !== OTHER) this.named++;
      this.counts[kind] = 1;
    } else {
      rememberFolded(this.folded, kind);
      this.counts[OTHER] = (this.counts[OTHER] ?? 0) + 1;
    }
  }
}

/** Adds a name to a set of folded kinds unless the set holds FOLDED_KINDS_COUNTED already. */
export function rememberFolded(folded: Set<string>, kind: string): void {
  if (folded.size < FOLDED_KINDS_COUNTED) folded.add(kind);
}

/**
 * Caps merged counts (a run's totals, or endpoints merged from workers): the MAX_ERROR_KINDS - 1
 * most frequent named kinds stay (ties: the first seen), the rest join `other`. Counts already
 * within the cap come back as they are, in their order.
 */
export function foldErrorKinds(counts: ErrorCounts): FoldedCounts {
  const entries = Object.entries(counts);
  const folded = new Set<string>();
  if (entries.length <= MAX_ERROR_KINDS) return { counts, folded };
  const named = entries.filter(([k]) => k !== OTHER);
  // Array.prototype.sort is stable: equal counts keep the order in which they were seen.
  const kept = new Set(
    named
      .slice()
      .sort((a, b) => b[1] - a[1])
      .slice(0, MAX_ERROR_KINDS - 1)
      .map(([k]) => k),
  );
  const out: ErrorCounts = {};
  let other = counts[OTHER] ?? 0;
  for (const [k, n] of named) {
    if (kept.has(k)) {
      out[k] = n;
    } else {
      other += n;
      rememberFolded(folded, k);
    }
  }
  out[OTHER] = other;
  return { counts: out, folded };
}
