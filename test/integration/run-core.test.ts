/**
 * One run core: the same pool and scenario run live (demo servers on 127.0.0.1) and simulated give
 * the same sequence of events (types, endpoints, details, values), and the CLI applies the one
 * strategy-options rule to `run` as it does to `simulate`.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoServers } from '../../src/demo';
import { runLoadTest } from '../../src/loadtest';
import { parsePool } from '../../src/pools/parse';
import type { ScenarioStep } from '../../src/pools/types';
import type { RunEvent } from '../../src/result/types';
import { assertValidRunResult } from '../../src/result/validate';
import { simulate } from '../../src/simulate';
import { cli } from '../helpers/cli';

const SCENARIO: ScenarioStep[] = [
  { at: 100, endpoint: 's1', action: 'slow', value: 3 },
  { at: 200, endpoint: 's2', action: 'fail', value: 0.25 },
  { at: 300, endpoint: 's3', action: 'stall', value: 50 },
  { at: 400, endpoint: 's4', action: 'remove' },
  { at: 500, endpoint: 's4', action: 'add' },
  { at: 600, endpoint: 's3', action: 'leave' },
  { at: 700, endpoint: 's3', action: 'join' },
  { at: 800, endpoint: 's1', action: 'recover' },
];

const shape = (events: RunEvent[]) => events.map((e) => ({ type: e.type, endpoint: e.endpoint, detail: e.detail, value: e.value }));

describe('one run core: live and simulated', function () {
  this.timeout(60_000);

  it('the same pool and scenario give the same sequence of events, live and simulated', async () => {
    const servers = await startDemoServers({ endpoints: [{ id: 's1' }, { id: 's2' }, { id: 's3' }, { id: 's4' }], seed: 3 });
    try {
      const pool = parsePool(servers.pool());
      const config = { pool, strategy: 'round-robin' as const, load: { model: 'closed' as const, concurrency: 4 }, durationMs: 1200, scenario: SCENARIO, seed: 5 };
      const live = await runLoadTest(config);
      const simulated = simulate(config);
      assertValidRunResult(live);
      assertValidRunResult(simulated);
      assert.equal(live.status, 'completed');
      assert.deepEqual(shape(live.events), shape(simulated.events));
      assert.deepEqual(shape(simulated.events).map((e) => `${e.type} ${e.endpoint}: ${e.detail}`), [
        'slowed s1: slowed 3x',
        'failed s2: fails 25%',
        'stalled s3: stalls for 50 ms',
        'removed s4: removed from the balancer (scenario)',
        'added s4: added to the balancer (scenario)',
        'left s3: connections refused',
        'joined s3: accepts connections again',
        'recovered s1: back to normal',
      ]);
      // Both describe the run the same way.
      const { config: a } = live;
      const { config: b } = simulated;
      assert.deepEqual([a.strategy, a.load, a.durationMs, a.scenario, a.seed], [b.strategy, b.load, b.durationMs, b.scenario, b.seed]);
    } finally {
      await servers.close();
    }
  });

  it('CLI: run --strategy round-robin on a maglev pool with tableSize runs (the pool\'s options belong to maglev)', async () => {
    const servers = await startDemoServers({ endpoints: [{ id: 'a' }, { id: 'b' }], seed: 1 });
    try {
      const dir = mkdtempSync(join(tmpdir(), 'rpc-run-core-'));
      const file = join(dir, 'p.json');
      writeFileSync(file, JSON.stringify({ ...servers.pool(), strategy: 'maglev', strategyOptions: { tableSize: 251 } }));
      const live = await cli(['run', '--pool', file, '--strategy', 'round-robin', '--requests', '40', '--concurrency', '2']);
      assert.equal(live.code, 0, live.stderr);
      assert.match(live.stdout, /round-robin/);
      const sim = await cli(['simulate', '--pool', file, '--strategy', 'round-robin', '--requests', '40']);
      assert.equal(sim.code, 0, sim.stderr);
      const bad = await cli(['run', '--pool', file, '--rate', '1e9', '--duration', '1s']);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /--rate \(load\.rate\): must be at most 1000000, got 1000000000/);
    } finally {
      await servers.close();
    }
  });
});
