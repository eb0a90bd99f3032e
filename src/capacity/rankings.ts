/** Whether two capacity results (simulated and live, say) rank their variants alike. */
import type { CapacityResult } from '../result/capacity';

/**
 * Whether no pair of variants is ordered one way by `a` and the other way by `b`, pairs whose
 * capacities lie within `tie` (relative) in either result being tied (they agree with any order).
 */
export function rankingsAgree(a: CapacityResult, b: CapacityResult, tie: number): boolean {
  const cap = (r: CapacityResult, name: string) => r.variants.find((v) => v.name === name)?.capacity;
  const names = a.variants.map((v) => v.name).filter((n) => cap(b, n) !== undefined);
  const order = (x: number, y: number) => (Math.abs(x - y) <= tie * Math.max(x, y) ? 0 : Math.sign(x - y));
  for (const m of names) {
    for (const n of names) {
      const oa = order(cap(a, m)!, cap(a, n)!);
      const ob = order(cap(b, m)!, cap(b, n)!);
      if (oa !== 0 && ob !== 0 && oa !== ob) return false;
    }
  }
  return true;
}
