/** Shared fixtures of the hash strategy tests. */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { createBalancer } from '../../../src/engine/registry';
import type { BalancerOptions, Endpoint, HashBalancer, HashStrategyName } from '../../../src/engine/types';

export function pool(weights: Record<string, number>): Endpoint[] {
  return Object.entries(weights).map(([id, weight]) => ({ id, address: `http://${id}.test:80`, weight }));
}

export function hashBalancer(name: HashStrategyName, endpoints: Endpoint[], options: BalancerOptions = {}): HashBalancer {
  return createBalancer(name, endpoints, options) as HashBalancer;
}

export const keys = (n: number, prefix = 'key-'): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

export function owners(b: HashBalancer, ks: readonly string[]): string[] {
  return ks.map((k) => b.ownerOf(k)!);
}

/** Share of keys per endpoint id. */
export function shares(ownersList: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const o of ownersList) m.set(o, (m.get(o) ?? 0) + 1 / ownersList.length);
  return m;
}

/** Fisher-Yates with fast-check's own randomness source, so a failing shuffle shrinks and replays. */
export const shuffled = <T>(xs: readonly T[]): fc.Arbitrary<T[]> =>
  fc.array(fc.nat(), { minLength: xs.length, maxLength: xs.length }).map((r) => {
    const out = [...xs];
    for (let i = out.length - 1; i > 0; i--) {
      const j = r[i] % (i + 1);
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  });

/** Distinct endpoint ids, 3 to 12 of them. */
export const idSet = fc.uniqueArray(fc.stringMatching(/^[a-z0-9.-]{1,12}$/), { minLength: 3, maxLength: 12 });

/**
 * Removing `gone` moves exactly the keys it owned (none between the others), and that is about
 * its share: at most `factor` times 1/n of the keys.
 */
export function assertMinimalMove(before: readonly string[], after: readonly string[], gone: string, n: number, factor: number): void {
  let moved = 0;
  for (let i = 0; i < before.length; i++) {
    if (before[i] === gone) {
      assert.notEqual(after[i], gone);
      moved++;
    } else {
      assert.equal(after[i], before[i], `key ${i} moved from ${before[i]} to ${after[i]}, neither of which left`);
    }
  }
  assert.ok(moved / before.length <= factor / n, `moved ${moved} of ${before.length} keys with n = ${n}`);
}
