/** `rpc-balancer report <b.json> --baseline <a.json>`: two runs side by side as one HTML file. */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StrategyName } from '../../src/engine/types';
import type { RunResult } from '../../src/result/types';
import { simulate } from '../../src/simulate';
import { runDiffModel } from '../../src/webview/model/run-diff';
import { cli } from '../helpers/cli';

function run(strategy: StrategyName): RunResult {
  return simulate({
    pool: {
      name: 'baseline',
      transport: 'http',
      headers: { authorization: 'Bearer top-secret-1' },
      endpoints: [1, 2, 3].map((i) => ({ id: `s${i}`, address: `http://10.0.0.${i}:80`, weight: 1, ...(i === 2 ? { sim: { service: { type: 'lognormal', medianMs: 40, p99Ms: 200 } } } : {}) })),
      simulation: { defaults: { slots: 4, service: { type: 'lognormal', medianMs: 4, p99Ms: 20 } } },
    },
    strategy,
    load: { model: 'open', rate: 200 },
    durationMs: 3000,
    seed: 5,
  } as Parameters<typeof simulate>[0]);
}

describe('CLI report --baseline (compare two runs)', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'rb-baseline-'));
    writeFileSync(join(dir, 'a.json'), JSON.stringify(run('round-robin')));
    writeFileSync(join(dir, 'b.json'), JSON.stringify(run('p2c-peak-ewma')));
    writeFileSync(join(dir, 'cmp.json'), JSON.stringify({ kind: 'comparison', rows: [], results: [] }));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes one HTML file holding both runs, secrets redacted, that the compare-runs model reads', async () => {
    const out = join(dir, 'diff.html');
    const r = await cli(['report', join(dir, 'b.json'), '--baseline', join(dir, 'a.json'), '-o', out]);
    assert.equal(r.code, 0, r.stderr);
    const html = readFileSync(out, 'utf8');
    assert.match(html, /<title>RPC Balancer: A: round-robin \(a\.json\) against B: p2c-peak-ewma \(b\.json\)<\/title>/);
    assert.ok(!html.includes('top-secret-1'), 'the pool header is redacted');
    const embedded = /<script type="application\/json" id="rpc-balancer-data">([\s\S]*?)<\/script>/.exec(html);
    assert.ok(embedded);
    const payload = JSON.parse(embedded[1]) as { kind: string; a: RunResult; b: RunResult; labels: { a: string; b: string } };
    assert.equal(payload.kind, 'runDiff');
    const model = runDiffModel(payload.a, payload.b, payload.labels);
    assert.equal(model.rows.find((x) => x.metric === 'p99')?.better, 'b');
  });

  it('refuses a baseline that is not a RunResult, naming the flag', async () => {
    const r = await cli(['report', join(dir, 'b.json'), '--baseline', join(dir, 'cmp.json'), '-o', join(dir, 'x.html')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--baseline: .*cmp\.json is not a RunResult/);
  });
});
