/** Shared pools and checks for the simulator's tests. */
import { strict as assert } from 'node:assert';
import type { PoolConfig, VirtualServerConfig } from '../../../src/pools/types';
import { assertValidRunResult } from '../../../src/result/validate';
import type { SimulationOutput } from '../../../src/simulate';

/** A pool of `n` endpoints s1..sn with the given virtual server and weights. */
export function poolOf(n: number, sim: VirtualServerConfig = {}, weights?: number[]): PoolConfig {
  return {
    name: 'test',
    transport: 'http',
    endpoints: Array.from({ length: n }, (_, i) => ({
      id: `s${i + 1}`,
      address: `http://127.0.0.1:${9001 + i}`,
      weight: weights ? weights[i] : 1,
      sim,
    })),
  };
}

/**
 * Little's law (L = lambda W) over the measured window: the time-integrated number in the system
 * against throughput x mean latency, within `tolerance` (relative).
 */
export function assertLittle(out: SimulationOutput, tolerance = 0.02): void {
  const { result, stats } = out;
  const lambdaW = (result.totals.throughput / 1000) * result.totals.latency.mean;
  const rel = Math.abs(stats.meanInSystem - lambdaW) / lambdaW;
  assert.ok(rel <= tolerance, `Little's law: L = ${stats.meanInSystem}, lambda x W = ${lambdaW} (off by ${(rel * 100).toFixed(2)} %)`);
}

/** Every simulation result is a valid RunResult and obeys Little's law. */
export function assertSound(out: SimulationOutput): void {
  assertValidRunResult(JSON.parse(JSON.stringify(out.result)));
  assert.equal(out.result.kind, 'simulation');
  assertLittle(out);
}
