/** compareStrategies (simulated): same pool, faults and seed for each strategy; ranked by p99, best marked. */
import { strict as assert } from 'node:assert';
import { compareStrategies, formatComparison, reactionMs } from '../../../src/compare';
import { ConfigError } from '../../../src/engine/errors';
import type { ScenarioStep } from '../../../src/pools/types';
import { assertValidComparison } from '../../../src/result/validate';
import { poolOf } from './helpers';

const SERVER = { slots: 8, service: { type: 'lognormal' as const, medianMs: 5, p99Ms: 20 } };
const SLOW_S1: ScenarioStep[] = [{ at: 3000, endpoint: 's1', action: 'slow', value: 6 }];

describe('compareStrategies (simulated)', function () {
  this.timeout(20_000);

  it('ranks by p99, marks the best, and keeps rows and results in the same order', async () => {
    const progress: string[] = [];
    const c = await compareStrategies({
      pool: poolOf(4, SERVER),
      strategies: ['round-robin', 'p2c-peak-ewma', 'least-connections', 'random'],
      scenario: SLOW_S1,
      load: { model: 'open', rate: 500 },
      durationMs: 8000,
      seed: 2,
      onProgress: (p) => progress.push(`${p.index}/${p.total} ${p.strategy}`),
    });
    assertValidComparison(JSON.parse(JSON.stringify(c)));
    assert.equal(c.mode, 'simulated');
    assert.equal(c.rows.length, 4);
    for (let i = 1; i < c.rows.length; i++) assert.ok(c.rows[i - 1].p99 <= c.rows[i].p99, 'sorted by p99');
    assert.deepEqual(c.rows.map((r) => r.best === true), [true, false, false, false]);
    assert.deepEqual(c.rows.map((r) => r.strategy), c.results.map((r) => r.config.strategy));
    assert.deepEqual(progress, ['0/4 round-robin', '1/4 p2c-peak-ewma', '2/4 least-connections', '3/4 random']);
    // A slowed server hurts the strategies that keep feeding it: round-robin is not the best here.
    assert.notEqual(c.rows[0].strategy, 'round-robin');
    const rr = c.rows.find((r) => r.strategy === 'round-robin')!;
    const p2c = c.rows.find((r) => r.strategy === 'p2c-peak-ewma')!;
    assert.ok(p2c.p99 < rr.p99, `p2c p99 ${p2c.p99} vs round-robin ${rr.p99}`);
    // Reaction: round-robin never moves traffic; p2c-peak-ewma does, within a couple of seconds.
    assert.equal(rr.reactionMs, null);
    assert.ok(typeof p2c.reactionMs === 'number' && p2c.reactionMs > 0 && p2c.reactionMs <= 2000, `p2c reaction ${p2c.reactionMs}`);
    assert.ok(Math.abs(rr.maxShareRatio - 1) < 0.01, `round-robin max share ratio ${rr.maxShareRatio}`);
    // Same seed and arrivals for every strategy.
    assert.ok(c.results.every((r) => r.config.seed === 2 && r.kind === 'simulation'));
    const table = formatComparison(c);
    assert.match(table, /ranked by p99/);
    assert.match(table, new RegExp(`^1 +${c.rows[0].strategy} \\(best\\)`, 'm'));
    assert.match(table, /never/);
  });

  it('fair share follows the weights for every strategy: round-robin on 3:1 weights shows 2x', async () => {
    const pool = poolOf(2, SERVER, [3, 1]);
    const c = await compareStrategies({ pool, strategies: ['round-robin', 'weighted-round-robin'], load: { model: 'open', rate: 300 }, requests: 20_000, seed: 1 });
    const byName = Object.fromEntries(c.rows.map((r) => [r.strategy, r]));
    assert.ok(Math.abs(byName['round-robin'].maxShareRatio - 2) < 0.01, String(byName['round-robin'].maxShareRatio)); // 0.5 / 0.25
    assert.ok(Math.abs(byName['weighted-round-robin'].maxShareRatio - 1) < 0.01, String(byName['weighted-round-robin'].maxShareRatio));
    assert.equal(c.rows[0].reactionMs, undefined, 'no fault, no reaction column');
  });

  it('defaults the load to 60 % of the virtual pool\'s capacity', async () => {
    const c = await compareStrategies({ pool: poolOf(2, { slots: 4, service: { type: 'constant', ms: 10 } }), strategies: ['random'], durationMs: 2000 });
    assert.deepEqual(c.results[0].config.load, { model: 'open', rate: 480 }); // 0.6 x 2 x 4 / 10 ms
  });

  it('rejects bad input before any run, with the path', async () => {
    const pool = poolOf(2, SERVER);
    await assert.rejects(compareStrategies({ pool, strategies: ['round-robin', 'nope' as never] }), (e: unknown) => e instanceof ConfigError && e.path === 'strategies[1]');
    await assert.rejects(compareStrategies({ pool, strategies: ['random', 'random'] }), /strategies\[1\]: "random" is listed twice/);
    await assert.rejects(compareStrategies({ pool, strategies: [] }), /strategies: expected a non-empty list/);
    await assert.rejects(
      compareStrategies({ pool, strategies: ['random'], scenario: [{ at: 5, endpoint: 'zz', action: 'slow', value: 2 }] }),
      /scenario\[0\]\.endpoint: no endpoint "zz"/,
    );
    let runs = 0;
    await assert.rejects(
      compareStrategies({
        pool,
        strategies: ['random', 'p2c-peak-ewma'],
        strategyOptions: { 'p2c-peak-ewma': { decayMs: 0 } },
        onProgress: () => runs++,
      }),
      /p2c-peak-ewma/,
    );
    assert.equal(runs, 0, 'nothing ran');
  });

  it('stops after the current run when aborted', async () => {
    const controller = new AbortController();
    const c = await compareStrategies({
      pool: poolOf(2, SERVER),
      strategies: ['random', 'round-robin', 'least-connections'],
      requests: 5000,
      load: { model: 'open', rate: 300 },
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    assert.equal(c.rows.length, 1);
  });
});

describe('reaction time', () => {
  it('is measured on sends from the timeline: outlier detection moves traffic off a server that left within 200 ms', async () => {
    const c = await compareStrategies({
      pool: poolOf(4, SERVER),
      strategies: ['round-robin', 'least-connections'],
      scenario: [{ at: 2000, endpoint: 's2', action: 'leave' }],
      load: { model: 'open', rate: 400 },
      durationMs: 5000,
      outlierDetection: { consecutiveErrors: 5, baseEjectionTimeMs: 30_000 },
      seed: 4,
    });
    for (const r of c.results) {
      const reaction = reactionMs(r, [{ at: 2000, endpoint: 's2', action: 'leave' }]);
      assert.equal(reaction, c.rows.find((row) => row.strategy === r.config.strategy)!.reactionMs);
      // With outlier detection, 5 refusals eject s2 within one 100 ms interval.
      assert.ok(reaction !== null && reaction !== undefined && reaction <= 200, `${r.config.strategy}: ${reaction}`);
    }
  });
});
