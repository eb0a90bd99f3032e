/** What Export Config offers and opens: formats, variants, the document with nginx's notes as comments. */
import assert from 'node:assert/strict';
import { exportConfig } from '../../../src/config-export';
import { exportedDocument, formatChoices, variantChoices } from '../../../src/extension/export-config-doc';
import { parsePool } from '../../../src/pools/parse';

const pool = parsePool({ name: 'p', transport: 'http', endpoints: [{ id: 'a', address: 'http://127.0.0.1:9001' }] });

describe('Export Config document', () => {
  it('offers the three formats', () => assert.deepEqual(formatChoices().map((c) => c.label), ['grpc', 'envoy', 'nginx']));

  it('describes variants by strategy, outlier detection and policy', () => {
    const [c] = variantChoices([{ name: 'v', strategy: 'random', outlierDetection: true, policy: { deadlineMs: 1000, budget: { ratio: 0.2, minPerSecond: 10, ttlMs: 10_000 } } }]);
    assert.deepEqual([c.label, c.description, c.detail], ['v', 'random', 'outlier detection; deadline, budget']);
  });

  it('puts the notes on top of nginx config as comments, and leaves JSON as exported', () => {
    const nginx = exportConfig(pool, { name: 'v', strategy: 'p2c-peak-ewma' }, 'nginx');
    const doc = exportedDocument(nginx);
    assert.equal(doc.language, 'nginx');
    assert.ok(doc.content.startsWith('# note: p2c-peak-ewma cannot be expressed in open-source nginx: nearest used, random two least_conn\n'), doc.content);
    assert.ok(doc.content.endsWith(nginx.text));
    const grpc = exportConfig(pool, { name: 'v', strategy: 'round-robin' }, 'grpc');
    assert.deepEqual(exportedDocument(grpc), { content: grpc.text, language: 'json' });
  });
});
