import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../../src/engine/errors';
import { createSeededRandom } from '../../../src/engine/seeded-random';
import { makePlan } from '../../../src/loadtest/plan';
import { parsePool } from '../../../src/pools/parse';
import { PoolErrors } from '../../../src/pools/problems';
import { RequestSource } from '../../../src/run/request-source';
import type { RunSpec } from '../../../src/run/types';
import { planSimulation } from '../../../src/simulate';

let dir: string;
const write = (name: string, text: string): string => {
  writeFileSync(join(dir, name), text);
  return name;
};

function poolWith(extra: Record<string, unknown>): ReturnType<typeof parsePool> {
  return parsePool(
    {
      name: 'p',
      transport: 'http',
      endpoints: [{ id: 'a', address: 'http://127.0.0.1:1' }],
      request: { method: 'POST', path: '/', body: { user: '{user}', note: 'n-{seq}-{region}' } },
      ...extra,
    },
    { baseDir: dir },
  );
}

/** Every problem planning `spec` reports, live and simulated (they must agree). */
function problems(spec: Partial<RunSpec>): string[] {
  const of = (plan: () => unknown): string[] => {
    try {
      plan();
      return [];
    } catch (e) {
      assert.ok(e instanceof ConfigError, String(e));
      return e instanceof PoolErrors ? e.errors.map((x) => x.message) : [e.message];
    }
  };
  const full = { load: { model: 'closed', concurrency: 1 }, durationMs: 1000, ...spec } as RunSpec;
  const live = of(() => makePlan(full));
  assert.deepEqual(of(() => planSimulation(full)), live);
  return live;
}

describe('run: request data planned and checked before any traffic', () => {
  before(() => (dir = mkdtempSync(join(tmpdir(), 'rpc-balancer-reqdata-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('fills {column} placeholders and the key column from the rows, in the chosen order', () => {
    const file = write('users.csv', 'user,region\nann,eu\n"b,ob",us\ncat,eu\n');
    const pool = poolWith({ requests: { file, order: 'sequential' }, key: { field: 'user' } });
    const plan = makePlan({ pool, load: { model: 'closed', concurrency: 1 }, durationMs: 1000 });
    assert.equal(plan.requests, 3, 'sequential: the rows bound the sends');
    assert.ok(plan.notes.some((n) => n === 'request data: users.csv, 3 rows, sequential order: sending stops when the rows run out'), plan.notes.join('; '));
    const source = new RequestSource(plan.pool, plan.key, createSeededRandom(1), 0, 1, true, { data: plan.requestData!, seed: plan.seed });
    const got = [0, 1, 2].map(() => {
      const r = source.take();
      return { payload: r.payload, key: r.key };
    });
    assert.deepEqual(got, [
      { payload: { user: 'ann', note: 'n-0-eu' }, key: 'ann' },
      { payload: { user: 'b,ob', note: 'n-1-us' }, key: 'b,ob' },
      { payload: { user: 'cat', note: 'n-2-eu' }, key: 'cat' },
    ]);
  });

  it('fills an http path\'s placeholders, each cell percent-encoded; a missing path column is named', () => {
    const file = write('paths.csv', 'user,region\n"a b/c?",eu\n');
    const pool = parsePool({ name: 'p', transport: 'http', endpoints: [{ id: 'a', address: 'http://127.0.0.1:1' }], request: { path: '/r/{region}/u/{user}' }, requests: { file } }, { baseDir: dir });
    const plan = makePlan({ pool, load: { model: 'closed', concurrency: 1 }, requests: 1 });
    const source = new RequestSource(plan.pool, plan.key, createSeededRandom(1), 0, 1, true, { data: plan.requestData!, seed: plan.seed });
    assert.equal(source.take().path, '/r/eu/u/a%20b%2Fc%3F');
    const bad = parsePool({ name: 'p', transport: 'http', endpoints: [{ id: 'a', address: 'http://127.0.0.1:1' }], request: { path: '/t/{tenant}' }, requests: { file } }, { baseDir: dir });
    assert.deepEqual(problems({ pool: bad }), ['pool.requests.file: paths.csv line 1: the data has no column "tenant" (columns: user, region)']);
  });

  it('a JSONL row fills a whole-string placeholder with its value (objects stay objects)', () => {
    const file = write('bodies.jsonl', '{"body":{"q":[1,2]},"user":"ann"}\n{"body":"text","user":"bob"}\n');
    const pool = parsePool({ name: 'p', transport: 'http', endpoints: [{ id: 'a', address: 'http://127.0.0.1:1' }], request: { method: 'POST', body: '{body}' }, requests: { file } }, { baseDir: dir });
    const plan = planSimulation({ pool, load: { model: 'open', rate: 10 }, requests: 10, key: { field: 'user' } });
    assert.equal(plan.requestData!.order, 'circular');
    assert.equal(plan.requests, 10, 'circular wraps: the bound stays');
    const source = new RequestSource(plan.pool, plan.key, createSeededRandom(1), 0, 1, true, { data: plan.requestData!, seed: plan.seed });
    assert.deepEqual([0, 1, 2].map(() => ({ ...source.take() })), [
      { seq: 0, payload: { q: [1, 2] }, key: 'ann', path: undefined },
      { seq: 1, payload: 'text', key: 'bob', path: undefined },
      { seq: 2, payload: { q: [1, 2] }, key: 'ann', path: undefined },
    ]);
  });

  it('a run config\'s requestData overrides the pool\'s and resolves against its baseDir', () => {
    write('a.csv', 'user,region\nann,eu\n');
    write('b.csv', 'user,region\nzed,us\nyan,us\n');
    const pool = poolWith({ requests: { file: 'a.csv' } });
    const plan = makePlan({ pool, load: { model: 'closed', concurrency: 1 }, durationMs: 1000, requestData: { file: 'b.csv', order: 'shuffle' }, baseDir: dir });
    assert.equal(plan.requestData!.file, join(dir, 'b.csv'));
    assert.equal(plan.requestData!.table.rows, 2);
    assert.equal(plan.requestData!.order, 'shuffle');
  });

  describe('rejections (each with its path, and a line for the file)', () => {
    it('a file that is missing', () => {
      assert.deepEqual(problems({ pool: poolWith({ requests: { file: 'nope.csv' } }) }), [`pool.requests.file: cannot read "nope.csv" (looked for ${join(dir, 'nope.csv')}): ENOENT`]);
    });
    it('a file with no rows', () => {
      const file = write('empty.csv', 'user,region\n');
      assert.deepEqual(problems({ pool: poolWith({ requests: { file } }) }), ['pool.requests.file: empty.csv has no rows (a header row, then one row per request)']);
      const jsonl = write('empty.jsonl', '\n\n');
      assert.deepEqual(problems({ pool: poolWith({ requests: { file: jsonl } }) }), ['pool.requests.file: empty.jsonl has no rows']);
    });
    it('a CSV row with the wrong number of fields', () => {
      const file = write('short.csv', 'user,region\nann,eu\nbob\n');
      assert.deepEqual(problems({ pool: poolWith({ requests: { file } }) }), ['pool.requests.file: short.csv line 3: 1 field, the header has 2 (user, region)']);
    });
    it('a JSONL line that is not an object', () => {
      const file = write('bad.jsonl', '{"user":"a","region":"b"}\n[1]\n');
      assert.deepEqual(problems({ pool: poolWith({ requests: { file } }) }), ['pool.requests.file: bad.jsonl line 2: expected a JSON object, got [1]']);
    });
    it('a placeholder\'s column missing from the CSV header', () => {
      const file = write('ids.csv', 'id,region\n1,eu\n');
      assert.deepEqual(problems({ pool: poolWith({ requests: { file } }) }), ['pool.requests.file: ids.csv line 1: the data has no column "user" (columns: id, region)']);
    });
    it('a JSONL row without a placeholder\'s field, at that row\'s line', () => {
      const rows = Array.from({ length: 16 }, (_, i) => `{"user":"u${i}","region":"eu"}`);
      const file = write('gap.jsonl', [...rows, '{"id":"x","region":"eu"}', ''].join('\n'));
      assert.deepEqual(problems({ pool: poolWith({ requests: { file } }) }), ['pool.requests.file: gap.jsonl line 17: this row has no field "user" (fields: user, region, id)']);
    });
    it('the key\'s column missing', () => {
      const file = write('users2.csv', 'user,region\nann,eu\n');
      assert.deepEqual(problems({ pool: poolWith({ requests: { file } }), key: { field: 'tenant' } }), ['pool.requests.file: users2.csv line 1: the data has no column "tenant" (columns: user, region)']);
    });
    it('an unknown order, a file that is not CSV or JSONL, an unknown field (pool file)', () => {
      assert.throws(
        () => poolWith({ requests: { file: 'x.csv', order: 'queue', loop: true } }),
        (e: PoolErrors) =>
          e.errors.map((x) => x.message).join('\n') ===
          ['requests.loop: unknown field (known: file, order)', 'requests.order: expected one of sequential, random, shuffle, circular, got "queue"'].join('\n'),
      );
      assert.throws(() => poolWith({ requests: { file: 'x.txt' } }), /requests\.file: expected a \.csv \(with a header row\) or \.jsonl file, got "x\.txt"/);
      assert.throws(() => poolWith({ requests: 'x.csv' }), /requests: expected an object, got "x.csv"/);
    });
    it('a run config\'s requestData, with its own path', () => {
      assert.deepEqual(problems({ pool: poolWith({}), requestData: { file: 'gone.jsonl', order: 'random' }, baseDir: dir }), [
        `requestData.file: cannot read "gone.jsonl" (looked for ${join(dir, 'gone.jsonl')}): ENOENT`,
      ]);
      assert.deepEqual(problems({ pool: poolWith({}), requestData: { file: 'a.csv', order: 'loop' } as never, baseDir: dir }), [
        'requestData.order: expected one of sequential, random, shuffle, circular, got "loop"',
      ]);
    });
  });
});
