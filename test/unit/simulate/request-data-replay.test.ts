import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBalancer } from '../../../src/engine/registry';
import { createSeededRandom } from '../../../src/engine/seeded-random';
import { parsePool } from '../../../src/pools/parse';
import type { RequestDataSpec } from '../../../src/pools/types';
import { validateRunResult } from '../../../src/result/validate';
import { simulate } from '../../../src/simulate';

const ENDPOINTS = ['a', 'b', 'c', 'd'].map((id, i) => ({ id, address: `http://127.0.0.1:${9001 + i}` }));
const ROWS = 40;
const PASSES = 5;

describe('simulate: a recorded key trace replays', () => {
  let dir: string;
  /** A skewed trace: user-0 in a third of the rows, the rest spread over 27 users. */
  const users = Array.from({ length: ROWS }, (_, i) => (i % 3 === 0 ? 'user-0' : `user-${1 + ((i * 7) % 27)}`));
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'rpc-balancer-trace-'));
    writeFileSync(join(dir, 'trace.csv'), ['user,region', ...users.map((u, i) => `${u},r${i % 2}`)].join('\r\n') + '\r\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** Each endpoint's share of the trace, asking the engine's own consistent-hash for every row. */
  const expected = (): Map<string, number> => {
    const balancer = createBalancer('consistent-hash', ENDPOINTS.map((e) => ({ ...e, weight: 1 })), { random: createSeededRandom(1) });
    const counts = new Map(ENDPOINTS.map((e) => [e.id, 0]));
    for (const key of users) {
      const pick = balancer.pick({ key })!;
      counts.set(pick.endpoint.id, counts.get(pick.endpoint.id)! + PASSES);
      pick.done({ latencyMs: 1, ok: true });
    }
    return counts;
  };

  const run = (requests: RequestDataSpec, seed = 1) => {
    const pool = parsePool({ name: 'trace', transport: 'http', strategy: 'consistent-hash', endpoints: ENDPOINTS, key: { field: 'user' }, requests }, { baseDir: dir });
    const result = simulate({ pool, load: { model: 'open', rate: 200 }, requests: ROWS * PASSES, seed });
    validateRunResult(result);
    return result;
  };

  for (const order of ['circular', 'shuffle'] as const) {
    it(`${order}: each endpoint gets exactly the trace's share (every row once a pass)`, () => {
      const result = run({ file: 'trace.csv', order });
      assert.equal(result.totals.requests, ROWS * PASSES);
      const want = expected();
      for (const e of result.endpoints) assert.equal(e.requests, want.get(e.id), `${e.id}: ${e.requests} vs ${want.get(e.id)}`);
      // The skew is the trace's: user-0's endpoint holds at least a third.
      assert.ok(Math.max(...result.endpoints.map((e) => e.requests)) >= (ROWS * PASSES) / 3);
    });
  }

  it('circular sends the keys in file order; shuffle in a seeded permutation of them', () => {
    assert.deepEqual(run({ file: 'trace.csv', order: 'circular' }).ring!.sampleKeys.slice(0, ROWS), users);
    const shuffled = run({ file: 'trace.csv', order: 'shuffle' }).ring!.sampleKeys;
    assert.deepEqual([...shuffled.slice(0, ROWS)].sort(), [...users].sort());
    assert.notDeepEqual(shuffled.slice(0, ROWS), users);
    assert.deepEqual(run({ file: 'trace.csv', order: 'shuffle' }).ring!.sampleKeys, shuffled, 'same seed, same keys');
    assert.notDeepEqual(run({ file: 'trace.csv', order: 'shuffle' }, 2).ring!.sampleKeys, shuffled);
  });

  it('sequential sends each row once and stops, saying so in the notes', () => {
    const result = run({ file: 'trace.csv', order: 'sequential' });
    assert.equal(result.totals.requests, ROWS);
    assert.deepEqual(result.ring!.sampleKeys, users);
    assert.ok((result.config.notes as string[] | undefined)?.includes('request data: trace.csv, 40 rows, sequential order: sending stops when the rows run out'), JSON.stringify(result.config.notes));
  });

  it('random draws rows with replacement: only keys of the trace, user-0 near its third', () => {
    const keys = run({ file: 'trace.csv', order: 'random' }).ring!.sampleKeys;
    assert.equal(keys.length, ROWS * PASSES);
    const known = new Set(users);
    assert.ok(keys.every((k) => known.has(k)));
    const share = keys.filter((k) => k === 'user-0').length / keys.length;
    // 14 of 40 rows; 200 draws: sd ~0.034, so +-0.12 is 3.5 sd.
    assert.ok(Math.abs(share - 14 / 40) < 0.12, `user-0 share ${share}`);
  });
});
