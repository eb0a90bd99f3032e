/**
 * How servers report `Outcome.load` (types.ts): utilisation in 0..1, in a response header (HTTP,
 * JSON-RPC) or trailer/metadata entry (gRPC) of this name. The transports and the undici
 * integration read it with `parseLoad`; least-load learns from it.
 */

/** Header (lower case) in which the demo servers report their load. */
export const LOAD_HEADER = 'x-server-load';

/** Parses a reported load; undefined unless a finite number in 0..1 (clamped above to 1 tolerates rounding). */
export function parseLoad(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0) return undefined;
  return n > 1 ? 1 : n;
}
