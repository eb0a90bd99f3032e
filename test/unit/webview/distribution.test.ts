import { strict as assert } from 'node:assert';
import { distributionModel } from '../../../src/webview/model/distribution';
import { eventfulResult, withProtocols } from './fixtures';

describe('webview distribution model', () => {
  const result = eventfulResult();
  const model = distributionModel(result);

  it('has one bar per endpoint, in the result order, with its share and fair share', () => {
    assert.deepEqual(
      model.bars.map((b) => b.id),
      result.endpoints.map((e) => e.id),
    );
    for (const [i, b] of model.bars.entries()) {
      const ep = result.endpoints[i];
      assert.equal(b.share, ep.requests / result.totals.requests);
      assert.equal(b.fairShare, ep.fairShare);
      assert.equal(b.ratio, ep.share / ep.fairShare);
      assert.equal(b.colorIndex, i);
      assert.equal(b.p99, ep.latency.p99);
    }
    const fair = model.bars.reduce((s, b) => s + b.fairShare, 0);
    assert.ok(Math.abs(fair - 1) < 1e-9, `fair shares sum to 1 (${fair})`);
    // s1 has weight 2 of 6.
    assert.ok(Math.abs(model.bars[0].fairShare - 2 / 6) < 1e-12);
  });

  it('scales to the largest share or fair share and reports the worst ratio', () => {
    const top = Math.max(...model.bars.flatMap((b) => [b.share, b.fairShare]));
    assert.equal(model.maxShare, top);
    assert.equal(model.maxRatio, Math.max(...model.bars.map((b) => b.ratio)));
  });

  it('writes requests, errors, p50 and p99 per endpoint into the table', () => {
    assert.deepEqual(model.table.columns, ['Endpoint', 'Share', 'Fair share', 'Requests', 'Errors', 'p50', 'p99']);
    assert.equal(model.table.rows.length, result.endpoints.length);
    const s4 = result.endpoints.find((e) => e.id === 's4')!;
    const row = model.table.rows.find((r) => r[0] === 's4')!;
    assert.equal(row[3], s4.requests.toLocaleString('en-US'));
    assert.equal(row[4], s4.errors.toLocaleString('en-US'));
    assert.ok(s4.errors > 0, 's4 failed half its requests from 5 s');
  });
});

describe('webview distribution model: protocols', () => {
  it('a simulation has no protocol column and no note', () => {
    const model = distributionModel(eventfulResult());
    assert.equal(model.table.columns.includes('Protocol'), false);
    assert.equal(model.protocolNote, undefined);
    assert.ok(model.bars.every((b) => b.protocol === undefined));
  });

  it('puts the protocol beside the endpoint (as text, not a number) and notes a fallback to http/1.1', () => {
    const model = distributionModel(withProtocols(eventfulResult(), ['h2', 'http/1.1', 'h2', 'h2', 'h2']));
    assert.deepEqual(model.table.columns.slice(0, 3), ['Endpoint', 'Protocol', 'Share']);
    assert.deepEqual(model.table.numeric.slice(0, 3), [false, false, true]);
    assert.deepEqual(model.table.rows.map((r) => r.slice(0, 2)), [['s1', 'h2'], ['s2', 'http/1.1 (no h2)'], ['s3', 'h2'], ['s4', 'h2'], ['s5', 'h2']]);
    assert.equal(model.bars[1].protocol, 'http/1.1 (no h2)');
    assert.match(model.protocolNote!, /^HTTP\/2 was asked for, but s2 was answered over http\/1\.1/);
  });
});
