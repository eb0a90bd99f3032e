/**
 * Where a key is drawn: the point of the hash space its engine hash names. Ring strategies place
 * a key at its XXH64 as a fraction of 2^64 (the same `toUnit` the ring's points use); Maglev looks
 * a key up in cell `hash mod M`, drawn in that cell's middle. Rendezvous has no positions; its
 * keys are spread by the same hash so they do not pile up.
 *
 * Only the drawing uses this: which endpoint owns a key always comes from the engine's
 * `ownerOf`. test/unit/webview/ring.test.ts checks that each key drawn here sits on an arc of
 * the endpoint `ownerOf` names.
 */
import { hash64, mod64, toUnit } from '../../engine/hash';
import type { HashLayout } from '../../engine/types';

export function keyPosition(layout: HashLayout, key: string): number {
  const h = hash64(key);
  if (layout.kind === 'table') {
    const m = layout.owners.length;
    return m > 0 ? (mod64(h.hi, h.lo, m) + 0.5) / m : 0;
  }
  return toUnit(h.hi, h.lo);
}
