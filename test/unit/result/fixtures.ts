/** Shared helpers of the result tests: seeded draws and a recorder with a small pool. */
import { Recorder, type RecorderOptions } from '../../../src/result/recorder';
import type { RunConfig } from '../../../src/result/types';
import { createSeededRandom } from '../../../src/engine/seeded-random';

/** Seeded uniform draws, the same on every run. */
export const rng = createSeededRandom;

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
