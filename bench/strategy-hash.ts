/**
 * Bit-identity check for changes to p2c-peak-ewma and least-load internals (issue 16): seeded
 * pick sequences straight from the engine, and seeded simulations (a slow server, a failing
 * server, weights), each printed as one hash. Run it on two commits; the lines must match.
 *
 * The engine sequences drive a balancer with an irregular clock (repeats, microsecond steps,
 * steps of many decay constants: the exp and the aging at both ends of their range), latencies
 * and loads that depend on the endpoint (one slow, one failing, reports of 0, tiny and huge),
 * a window of in-flight picks that grows and shrinks, a pool change midway (endpoints leave and
 * come back, late `done`s of the old epoch), and every pick's endpoint goes into the hash.
 */
import { createHash } from 'node:crypto';
import { createBalancer } from '../src/engine/registry';
import { createSeededRandom } from '../src/engine/seeded-random';
import type { BalancerOptions, Endpoint, Pick, StrategyName } from '../src/engine/types';
import type { PoolConfig } from '../src/pools/types';
import { simulate, type SimulationConfig } from '../src/simulate';

const STRATEGIES: readonly StrategyName[] = ['p2c-peak-ewma', 'least-load'];

function pool(n: number): Endpoint[] {
  return Array.from({ length: n }, (_, i) => ({ id: `ep-${i}`, address: `10.0.${i >> 8}.${i & 255}:80`, weight: 1 + (i % 5) }));
}

/** A clock step: mostly small, sometimes none, sometimes far beyond any decay constant. */
function step(u: number): number {
  if (u < 0.1) return 0;
  if (u < 0.6) return u * 0.05;
  if (u < 0.95) return u * 20;
  if (u < 0.995) return u * 5_000;
  return u * 400_000;
}

/** A load report: 0, tiny, ordinary, above 1, or none. */
function load(u: number, slot: number): number | undefined {
  if (u < 0.05) return undefined;
  if (u < 0.1) return 0;
  if (u < 0.12) return 1e-300 * u;
  if (slot % 7 === 3) return 0.9 + u;
  return u;
}

function sequenceHash(name: StrategyName, n: number, picks: number, options: BalancerOptions = {}): string {
  const drive = createSeededRandom(n * 31 + picks);
  let t = 1000;
  const eps = pool(n);
  const b = createBalancer(name, eps, { now: () => t, random: createSeededRandom(n + 7), ...options });
  const slotOf = new Map(eps.map((e, i) => [e.id, i]));
  const seq = new Int32Array(picks);
  const open: { pick: Pick; slot: number }[] = [];
  for (let i = 0; i < picks; i++) {
    t += step(drive());
    if (i === picks >> 1) {
      // A third of the pool leaves while picks are in flight, then comes back in another order.
      b.setEndpoints(eps.filter((_, j) => j % 3 !== 1));
      b.setEndpoints(eps.slice().reverse());
    }
    const p = b.pick();
    const slot = p ? (slotOf.get(p.endpoint.id) ?? -2) : -1;
    seq[i] = slot;
    if (p) open.push({ pick: p, slot });
    const window = 1 + ((i >> 10) % 24);
    while (open.length > window) {
      const { pick, slot: s } = open.splice(Math.floor(drive() * open.length), 1)[0];
      const slow = s === 1 ? 40 : 1;
      const u = drive();
      pick.done({ latencyMs: slow * (1 + 20 * u * u), ok: s !== 2 || u < 0.5, load: load(drive(), s) });
    }
  }
  return createHash('sha256').update(new Uint8Array(seq.buffer)).digest('hex').slice(0, 16);
}

const server = { slots: 4, service: { type: 'lognormal' as const, medianMs: 5, p99Ms: 30 }, rttMs: 0.2 };

function simPool(weights: number[]): PoolConfig {
  return {
    name: 'hash', transport: 'http',
    endpoints: weights.map((weight, i) => ({
      id: `s${i}`, address: `http://127.0.0.1:${9200 + i}`, weight,
      // s1 is slow throughout, s2 fails a third of its requests.
      sim: i === 1 ? { ...server, service: { type: 'lognormal' as const, medianMs: 30, p99Ms: 200 } } : i === 2 ? { ...server, errorRate: 0.33 } : server,
    })),
  };
}

function simulations(name: StrategyName): [string, SimulationConfig][] {
  const base = { pool: simPool([1, 1, 1, 1, 1, 1]), strategy: name, load: { model: 'open', rate: 900 }, requests: 6000 } as const;
  return [
    [`${name} slow+fail`, { ...base, seed: 11 }],
    [`${name} weights`, { ...base, pool: simPool([1, 2, 3, 1, 5, 2]), seed: 12 }],
    [`${name} scenario`, {
      ...base, seed: 13, requests: 8000,
      scenario: [
        { at: 2000, endpoint: 's3', action: 'slow', value: 10 },
        { at: 4000, endpoint: 's4', action: 'fail', value: 0.6 },
        { at: 6000, endpoint: 's3', action: 'recover' },
      ],
      outlierDetection: { consecutiveErrors: 4, baseEjectionTimeMs: 500 },
    }],
    [`${name} closed`, { ...base, seed: 14, load: { model: 'closed', concurrency: 24, thinkTimeMs: 1 } }],
  ];
}

const WALL = new Set(['startedAt', 'endedAt', 'wallMs', 'elapsedWallMs', 'createdAt', 'date', 'cpuMs']);
const strip = (k: string, v: unknown): unknown => (WALL.has(k) && typeof v !== 'number' ? undefined : v);
const line = (label: string, hash: string, extra = ''): void => {
  process.stdout.write(`${label.padEnd(34)} ${hash}${extra}\n`);
};

for (const name of STRATEGIES) {
  for (const n of [1, 2, 10, 10_000]) line(`${name} picks @${n}`, sequenceHash(name, n, n === 10_000 ? 400_000 : 200_000));
  line(`${name} picks @10 outliers`, sequenceHash(name, 10, 100_000, { outlierDetection: { consecutiveErrors: 3 } }));
  for (const [label, c] of simulations(name)) {
    const r = simulate(c);
    const h = createHash('sha256').update(JSON.stringify(r, strip)).digest('hex').slice(0, 16);
    line(label, h, ` requests=${r.totals.requests} errors=${r.totals.errors}`);
  }
}
