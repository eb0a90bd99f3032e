/** Writes what each endpoint negotiated (an HTTP/2 pool's transport knows) into a run's endpoint results. */
import type { RunResult } from '../../result/types';
import type { Transport } from './types';

const PROTOCOLS = new Set(['h2', 'h2c', 'http/1.1']);

export function withProtocols(result: RunResult, transport: Pick<Transport, 'protocols'>): RunResult {
  const by = transport.protocols?.();
  if (!by) return result;
  for (const ep of result.endpoints) {
    const p = by[ep.address];
    if (p !== undefined && PROTOCOLS.has(p)) ep.protocol = p as NonNullable<typeof ep.protocol>;
  }
  return result;
}
