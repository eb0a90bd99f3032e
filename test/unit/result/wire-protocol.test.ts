import { strict as assert } from 'node:assert';
import { askedHttp2, fallbackIds, fallbackNote, protocolLabel, showsProtocol } from '../../../src/result/wire-protocol';
import { eventfulResult, withProtocols } from '../webview/fixtures';

describe('result/wire-protocol', () => {
  const simulated = eventfulResult();

  it('a simulation shows no protocol and has no fallback', () => {
    assert.equal(showsProtocol(simulated), false);
    assert.equal(askedHttp2(simulated), false);
    assert.deepEqual(fallbackIds(simulated), []);
    assert.equal(fallbackNote(simulated), undefined);
    assert.equal(protocolLabel(simulated, simulated.endpoints[0]), '');
  });

  it('labels each endpoint with what it negotiated and marks http/1.1 under an HTTP/2 pool', () => {
    const r = withProtocols(simulated, ['h2', 'h2c', 'http/1.1', 'h2', 'http/1.1']);
    assert.equal(showsProtocol(r), true);
    assert.deepEqual(r.endpoints.map((ep) => protocolLabel(r, ep)), ['h2', 'h2c', 'http/1.1 (no h2)', 'h2', 'http/1.1 (no h2)']);
    assert.deepEqual(fallbackIds(r), ['s3', 's5']);
    assert.equal(fallbackNote(r), 'HTTP/2 was asked for, but s3, s5 were answered over http/1.1: the server chose it by ALPN (it offers no h2)');
  });

  it('says "was" for one endpoint and folds a long list', () => {
    assert.match(fallbackNote(withProtocols(simulated, ['h2', 'http/1.1']))!, /but s2 was answered over http\/1\.1/);
    const all = withProtocols(simulated, Array(5).fill('http/1.1'));
    all.endpoints.push(...['s6', 's7'].map((id) => ({ ...all.endpoints[0], id })));
    assert.match(fallbackNote(all)!, /but s1, s2, s3, s4, s5 and 2 more were answered/);
  });

  it('http/1.1 is no fallback when the pool did not ask for HTTP/2', () => {
    const absent = withProtocols(simulated, ['http/1.1']);
    delete absent.config.pool.http2;
    for (const r of [absent, withProtocols(simulated, ['http/1.1'], false)]) {
      assert.equal(protocolLabel(r, r.endpoints[0]), 'http/1.1');
      assert.equal(fallbackNote(r), undefined);
    }
  });
});
