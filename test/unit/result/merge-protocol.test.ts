/** A merge of worker results keeps each endpoint's negotiated protocol, known to any one part. */
import { strict as assert } from 'node:assert';
import { mergeResults } from '../../../src/result/merge';
import { assertValidRunResult } from '../../../src/result/validate';
import { recorder } from './fixtures';

describe('result/merge: endpoints[].protocol', () => {
  it('takes the protocol from the part that reached the endpoint; absent when none did', () => {
    const parts = [recorder(), recorder()].map((r, i) => {
      r.startedAt(0, 1);
      r.finishedAt(0, 1, 3, 2, true);
      r.startedAt(1, 2 + i);
      r.finishedAt(1, 2 + i, 5, 3, true);
      return r.result('completed', 10);
    });
    parts[1].endpoints[0].protocol = 'h2';
    const merged = mergeResults(...parts);
    assertValidRunResult(merged);
    assert.deepEqual(merged.endpoints.map((e) => e.protocol), ['h2', undefined]);
    assert.equal('protocol' in merged.endpoints[1], false);
    parts[0].endpoints[0].protocol = 'http/1.1';
    assert.equal(mergeResults(...parts).endpoints[0].protocol, 'http/1.1', 'the first part that knows it');
  });
});
