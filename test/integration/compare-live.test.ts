/**
 * A short live comparison against the demo servers on 127.0.0.1: two strategies, about a second
 * each, the same fault for both (s2 slows tenfold 300 ms in), undone between the runs.
 */
import { strict as assert } from 'node:assert';
import { compareStrategies, formatComparison, type CompareProgress } from '../../src/compare';
import { startDemoServers, type DemoServers } from '../../src/demo';
import { demoServerOptions } from '../../src/pools/demo-pool';
import { parsePool } from '../../src/pools/parse';
import type { ScenarioStep } from '../../src/pools/types';
import { assertValidComparison } from '../../src/result/validate';

describe('compareStrategies --live against the demo servers', function () {
  this.timeout(30_000);
  let servers: DemoServers;

  before(async () => {
    servers = await startDemoServers(demoServerOptions({ seed: 5 }));
  });
  after(async () => {
    await servers?.close();
  });

  it('runs each strategy in turn, ranks by p99 and restores the servers between runs', async () => {
    const pool = parsePool(servers.pool('http'));
    assert.ok(pool.control, 'the demo pool names its control address');
    const scenario: ScenarioStep[] = [{ at: 300, endpoint: 's2', action: 'slow', value: 10 }];
    const progress: CompareProgress[] = [];
    const c = await compareStrategies({
      pool,
      mode: 'live',
      strategies: ['round-robin', 'least-connections'],
      scenario,
      load: { model: 'closed', concurrency: 8 },
      durationMs: 1000,
      onProgress: (p) => progress.push(p),
    });
    assertValidComparison(JSON.parse(JSON.stringify(c)));
    assert.equal(c.mode, 'live');
    assert.equal(c.rows.length, 2);
    assert.ok(c.rows[0].p99 <= c.rows[1].p99);
    assert.equal(c.rows[0].best, true);
    assert.equal(c.rows[1].best, undefined);
    for (const r of c.results) {
      assert.equal(r.kind, 'loadtest');
      assert.equal(r.status, 'completed');
      assert.ok(r.totals.requests > 100, `${r.config.strategy}: ${r.totals.requests} requests`);
      assert.deepEqual(r.events.filter((e) => e.type === 'slowed').map((e) => e.endpoint), ['s2']);
    }
    for (const row of c.rows) assert.ok(row.reactionMs === null || typeof row.reactionMs === 'number');
    assert.ok(progress.some((p) => p.strategy === 'round-robin' && p.run !== undefined));
    assert.ok(progress.some((p) => p.strategy === 'least-connections' && p.run !== undefined));
    // The fault was undone after each run: s2 answers at its usual speed again.
    const after = await compareStrategies({ pool, mode: 'live', strategies: ['round-robin'], load: { model: 'closed', concurrency: 4 }, durationMs: 400 });
    const s2 = after.results[0].endpoints.find((e) => e.id === 's2')!;
    assert.ok(s2.latency.p50 < 20, `s2 p50 after the comparison: ${s2.latency.p50} ms`);
    assert.match(formatComparison(c), /Live comparison of 2 variants/);
  });

  it('runs variants by name: outlier detection beside the plain strategy, on a server failing every request', async () => {
    const pool = parsePool(servers.pool('http'));
    const scenario: ScenarioStep[] = [{ at: 200, endpoint: 's3', action: 'fail', value: 1 }];
    const c = await compareStrategies({
      pool,
      mode: 'live',
      variants: [
        { name: 'plain', strategy: 'round-robin' },
        { name: 'ejecting', strategy: 'round-robin', outlierDetection: { consecutiveErrors: 3, baseEjectionTimeMs: 30_000 } },
      ],
      scenario,
      load: { model: 'closed', concurrency: 8 },
      durationMs: 1200,
    });
    assertValidComparison(JSON.parse(JSON.stringify(c)));
    const by = new Map(c.rows.map((r, i) => [r.name, { row: r, result: c.results[i] }]));
    const plain = by.get('plain')!;
    const ejecting = by.get('ejecting')!;
    assert.equal(plain.result.config.outlierDetection, undefined);
    assert.ok(ejecting.result.events.some((e) => e.type === 'ejected' && e.endpoint === 's3'), 'the ejecting variant ejected s3');
    // Round-robin keeps sending s3 its share for 1 s of 1.2: errors in the tens of percent; ejected, a handful.
    assert.ok(plain.row.errorRate > 0.08, `plain error rate ${plain.row.errorRate}`);
    assert.ok(ejecting.row.errorRate < plain.row.errorRate / 4, `ejecting ${ejecting.row.errorRate} vs plain ${plain.row.errorRate}`);
    // Without a policy each request is one attempt, and the plain variant fails too much to be best.
    for (const r of c.rows) assert.equal(r.amplification, 1);
    assert.equal(plain.row.failsMore, true);
    assert.equal(c.rows[0].name, 'ejecting');
    assert.match(formatComparison(c), /ejecting \(round-robin\) \(best\)/);
  });
});
