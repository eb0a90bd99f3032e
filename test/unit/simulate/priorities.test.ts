/** Priority levels in the simulator: failover as Envoy's priority load says; slow start for a cold joiner. */
import { strict as assert } from 'node:assert';
import type { PoolConfig, ScenarioStep } from '../../../src/pools/types';
import type { RunResult } from '../../../src/result/types';
import { runSimulation, type SimulationConfig } from '../../../src/simulate';
import { assertSound } from './helpers';
import { p0Share } from '../../helpers/shares';

const SERVER = { slots: 8, service: { type: 'exponential' as const, meanMs: 5 } };

/** p1..p4 at priority 0, s1..s4 at priority 1. */
function tiers(): PoolConfig {
  const ep = (id: string, i: number, priority: number) => ({ id, address: `http://127.0.0.1:${9001 + i}`, weight: 1, priority, sim: SERVER });
  return {
    name: 'tiers',
    transport: 'http',
    endpoints: [...['p1', 'p2', 'p3', 'p4'].map((id, i) => ep(id, i, 0)), ...['s1', 's2', 's3', 's4'].map((id, i) => ep(id, i + 4, 1))],
  };
}

function run(scenario: ScenarioStep[], extra: Partial<SimulationConfig> = {}): RunResult {
  const out = runSimulation({
    pool: tiers(),
    strategy: 'round-robin',
    load: { model: 'open', rate: 400 },
    durationMs: 10_000,
    intervalMs: 500,
    scenario,
    // An ejection outlasts the run; half the pool may be out at once.
    outlierDetection: { consecutiveErrors: 3, maxEjectionPercent: 50, baseEjectionTimeMs: 60_000 },
    seed: 11,
    ...extra,
  });
  assertSound(out);
  return out.result;
}

describe('simulate: priority levels', function () {
  this.timeout(30_000);

  it('P0 loses half its servers (leave + outlier detection): its share goes 100 % -> 70 %, as Envoy\'s table says', () => {
    const r = run([
      { at: 5000, endpoint: 'p1', action: 'leave' },
      { at: 5000, endpoint: 'p2', action: 'leave' },
    ]);
    assert.equal(p0Share(r, 0, 5000), 1, 'all to P0 while it is healthy');
    const after = p0Share(r, 5500, 10_000);
    if (process.env.PRINT_FIGURES) console.log(`P0 share after the ejections: ${after}`);
    assert.ok(after > 0.67 && after < 0.73, `P0 share after the ejections ${after}, want 0.70`);
    const ejected = r.events.filter((e) => e.type === 'ejected').map((e) => e.endpoint).sort();
    assert.deepEqual(ejected, ['p1', 'p2']);
    assert.equal(r.events.some((e) => e.type === 'panic'), false, 'P1 absorbs the rest: no panic');
    assert.equal(r.config.outlierDetection !== undefined, true);
  });

  // P0 at 25 % (35) and P1 at 50 % (70) still add up to 100: no panic until P1 drops to 25 % too.
  it('both levels down to one server in four: no level can absorb the traffic, both panic (events in the result)', () => {
    const gone = ['p1', 'p2', 'p3', 's1', 's2', 's3'];
    const r = run(gone.map((endpoint) => ({ at: 5000, endpoint, action: 'leave' as const })), {
      outlierDetection: { consecutiveErrors: 3, maxEjectionPercent: 100, baseEjectionTimeMs: 60_000 },
      panicThreshold: 30,
    });
    const panics = r.events.filter((e) => e.type === 'panic' || e.type === 'panic-ended');
    assert.deepEqual(panics.map((e) => [e.type, e.value, e.detail]), [
      ['panic', 0, 'priority 0 at 25% healthy'],
      ['panic', 1, 'priority 1 at 25% healthy'],
    ]);
    assert.ok(panics.every((e) => e.at > 5000 && e.at < 5500), 'within the first 500 ms of the fault');
    assert.equal(r.config.panicThreshold, 30);
    // Total panic: the load follows the endpoint counts (50/50) and every endpoint serves or fails.
    const share = p0Share(r, 6000, 10_000);
    if (process.env.PRINT_FIGURES) console.log(`P0 share in total panic: ${share}`);
    assert.ok(share > 0.47 && share < 0.53, `P0 share in total panic ${share}`);
  });

  it('removed servers shrink the level instead (Envoy counts only the hosts it has): P0 keeps everything', () => {
    const r = run([
      { at: 5000, endpoint: 'p1', action: 'remove' },
      { at: 5000, endpoint: 'p2', action: 'remove' },
    ]);
    assert.equal(p0Share(r, 5000, 10_000), 1);
  });
});

describe('simulate: slow start for a cold joiner', function () {
  this.timeout(30_000);

  /** s4 out of the balancer until 2 s, then joins cold: 10x slower, falling linearly to normal over 2 s. */
  const cold: ScenarioStep[] = [
    { at: 0, endpoint: 's4', action: 'remove' },
    { at: 2000, endpoint: 's4', action: 'coldJoin', value: 10, forMs: 2000 },
  ];
  const run4 = (slowStart?: SimulationConfig['slowStart']) => {
    const out = runSimulation({
      pool: { name: 'join', transport: 'http', endpoints: ['s1', 's2', 's3', 's4'].map((id, i) => ({ id, address: `http://127.0.0.1:${9001 + i}`, weight: 1, sim: SERVER })) },
      strategy: 'weighted-round-robin',
      load: { model: 'open', rate: 400 },
      durationMs: 10_000,
      scenario: cold,
      seed: 5,
      ...(slowStart ? { slowStart } : {}),
    });
    assertSound(out);
    return out.result;
  };

  it('ramping the joiner over 4 s sends it fewer requests while cold: p99 drops by over 30 %', () => {
    const without = run4();
    const withRamp = run4({ window: '4s' });
    const s4 = (r: RunResult) => r.endpoints.find((e) => e.id === 's4')!.requests;
    if (process.env.PRINT_FIGURES) {
      console.log(`p99 without slow start ${without.totals.latency.p99} ms, with ${withRamp.totals.latency.p99} ms; s4 served ${s4(without)} vs ${s4(withRamp)}`);
    }
    assert.ok(withRamp.totals.latency.p99 < 0.7 * without.totals.latency.p99, `p99 ${withRamp.totals.latency.p99} ms with slow start, ${without.totals.latency.p99} ms without`);
    assert.ok(s4(withRamp) < s4(without), 'the joiner served less while it ramped');
    assert.deepEqual(withRamp.config.slowStart, { window: '4s' });
  });
});
