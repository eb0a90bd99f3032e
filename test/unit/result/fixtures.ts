/** Shared helpers of the result tests: a seeded PRNG and a recorder with a small pool. */
import { Recorder, type RecorderOptions } from '../../../src/result/recorder';
import type { RunConfig } from '../../../src/result/types';

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const CONFIG: RunConfig = {
  pool: {
    name: 'test',
    transport: 'http',
    endpoints: [
      { id: 'a', address: 'http://127.0.0.1:1', weight: 1 },
      { id: 'b', address: 'http://127.0.0.1:2', weight: 3 },
    ],
    request: { method: 'GET', path: '/', headers: { Authorization: 'Bearer abc' } },
  },
  strategy: 'round-robin',
  strategyOptions: {},
  transport: 'http',
  load: { model: 'closed', concurrency: 4 },
  durationMs: 10_000,
  warmupMs: 0,
};

export function recorder(extra: Partial<RecorderOptions> = {}): Recorder {
  return new Recorder({
    kind: 'loadtest',
    config: CONFIG,
    endpoints: [
      { id: 'a', address: 'http://127.0.0.1:1', weight: 1 },
      { id: 'b', address: 'http://127.0.0.1:2', weight: 3, zone: 'z1' },
    ],
    toolVersion: '0.1.0',
    startedAt: new Date('2025-01-01T00:00:00.000Z'),
    ...extra,
  });
}
