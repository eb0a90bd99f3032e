/**
 * Child process of pool-shape.bench.ts: measures one strategy (argv[2]) and prints
 * `{"one": {...}, "spill": {...}, "zones": {...}}` on stdout. What it measures: what the priority/locality wrapper (src/engine/priority-balancer.ts) adds to a pick + done, at
 * 1,000 endpoints, as the ratio to the same strategy without it, over the same usable endpoints:
 * - levels, one in charge: two priority levels, all healthy (no draw per pick);
 * - levels, spilling: priority 0 at 50 % healthy, so 70 / 30 and a draw per pick;
 * - localities: three zones weighted 1, 2, 3 (an EDF pick of the zone, then the strategy's pick).
 * Same workload as engine.bench.ts: 16 picks in flight, the oldest done after each new pick;
 * wrapped and plain alternate round by round and each counts at its fastest round.
 */
import { isHealthAware } from '../src/engine/health';
import { createBalancer } from '../src/engine/registry';
import { createSeededRandom } from '../src/engine/seeded-random';
import type { Balancer, BalancerOptions, Endpoint, Pick, StrategyName } from '../src/engine/types';
import { nsPerOp } from './lib';

const N = 1000;
const IN_FLIGHT = 16;
const OPS = 100_000;
const ROUNDS = 15;
const ZONES = ['eu-1', 'eu-2', 'eu-3'];

function pool(shape: (i: number) => Partial<Endpoint>): Endpoint[] {
  return Array.from({ length: N }, (_, i) => ({ id: `ep-${i}`, address: `10.0.${i >> 8}.${i & 255}:80`, weight: 1 + (i % 5), ...shape(i) }));
}

function driver(b: Balancer): (ops: number) => void {
  const ring: (Pick | undefined)[] = new Array(IN_FLIGHT);
  let at = 0;
  return (ops) => {
    for (let i = 0; i < ops; i++) {
      const old = ring[at];
      ring[at] = b.pick();
      at = (at + 1) % IN_FLIGHT;
      old?.done({ latencyMs: 5 + (i % 13), ok: i % 50 !== 0 });
    }
  };
}

function balancer(name: StrategyName, eps: Endpoint[], options: BalancerOptions = {}, unhealthy?: Set<string>): Balancer {
  let t = 0;
  const b = createBalancer(name, eps, { now: () => (t += 0.01), random: createSeededRandom(42), ...options });
  if (unhealthy && isHealthAware(b)) b.setHealth(b.endpoints(), unhealthy);
  return b;
}

/**
 * wrapped / plain cost, the two timed in alternating rounds and each taken at its fastest round:
 * on a shared machine, interference only ever adds time, so the minimum is the cost itself.
 */
function ratio(wrapped: Balancer, plain: Balancer): { ratio: number; addedNs: number } {
  const w = driver(wrapped);
  const p = driver(plain);
  w(20_000);
  p(20_000);
  let bestW = Infinity;
  let bestP = Infinity;
  for (let r = 0; r < ROUNDS; r++) {
    bestP = Math.min(bestP, nsPerOp(p, OPS, 1));
    bestW = Math.min(bestW, nsPerOp(w, OPS, 1));
  }
  return { ratio: bestW / bestP, addedNs: bestW - bestP };
}

function measure(name: StrategyName): Record<'one' | 'spill' | 'zones', { ratio: number; addedNs: number }> {
  const levels = pool((i) => ({ priority: i < N / 2 ? 0 : 1 }));
  // Priority 0 at 50 % healthy: a quarter of the pool out, the plain strategy gets the other 750.
  const half = new Set(levels.filter((e, i) => e.priority === 0 && i % 2 === 0).map((e) => e.id));
  const zoned = pool((i) => ({ zone: ZONES[i % 3] }));
  const plain = balancer(name, pool(() => ({})));
  const usable = balancer(name, levels.filter((e) => !half.has(e.id)).map(({ priority: _p, ...e }) => e));
  return {
    one: ratio(balancer(name, levels), plain),
    spill: ratio(balancer(name, levels, {}, half), usable),
    zones: ratio(balancer(name, zoned, { localityWeights: { 'eu-1': 1, 'eu-2': 2, 'eu-3': 3 } }), plain),
  };
}

process.stdout.write(JSON.stringify(measure(process.argv[2] as StrategyName)) + '\n');
