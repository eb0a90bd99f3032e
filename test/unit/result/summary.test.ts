import { strict as assert } from 'node:assert';
import { formatCount, formatMs, formatPercent } from '../../../src/result/format';
import { endpointTable, formatTable, totalsLine } from '../../../src/result/summary';
import { recorder } from './fixtures';

describe('result/summary', () => {
  it('formats milliseconds to three significant digits, seconds from 1 s', () => {
    assert.deepEqual(
      [0, 0.012, 0.84, 5.003, 12.34, 250.4, 1200, 75_000].map(formatMs),
      ['0ms', '0.012ms', '0.84ms', '5.00ms', '12.3ms', '250ms', '1.20s', '75.0s'],
    );
  });

  it('formats percents and counts', () => {
    assert.deepEqual([0, 0.25, 0.0012, 1, 0.3333].map((f) => formatPercent(f)), ['0%', '25.0%', '0.12%', '100%', '33.3%']);
    assert.deepEqual([1234567, 12, 2.5, 1234.6].map(formatCount), ['1,234,567', '12', '2.50', '1,235']);
  });

  it('aligns a table: text left, numbers right, no trailing spaces', () => {
    const text = formatTable(['name', 'n'], [['a', '1'], ['long name', '1,000']]);
    assert.equal(text, ['name           n', '---------  -----', 'a              1', 'long name  1,000'].join('\n'));
  });

  it('tables endpoints and the total', () => {
    const r = recorder();
    for (let i = 0; i < 8; i++) {
      const ep = i < 2 ? 0 : 1;
      r.startedAt(ep, i);
      r.finishedAt(ep, i, i + 1, ep === 0 ? 1 : 12, i !== 7, i === 7 ? 'timeout' : undefined);
    }
    const result = r.result('completed', 2000);
    const t = endpointTable(result);
    assert.deepEqual(t.headers, ['endpoint', 'weight', 'share', 'fair share', 'requests', 'errors', 'p50', 'p99', 'max']);
    assert.deepEqual(t.rows, [
      ['a', '1', '25.0%', '25.0%', '2', '0', '1.00ms', '1.00ms', '1.00ms'],
      ['b', '3', '75.0%', '75.0%', '6', '1', '12.0ms', '12.0ms', '12.0ms'],
      ['total', '4', '100%', '100%', '8', '1', '12.0ms', '12.0ms', '12.0ms'],
    ]);
    assert.match(formatTable(t.headers, t.rows), /^endpoint +weight +share +fair share +requests +errors +p50 +p99 +max\n/);
    assert.equal(totalsLine(result), '4 req/s over 2.00s · status completed · errors: timeout 1');
  });

  it('says how many error kinds the totals folded into other', () => {
    const r = recorder();
    for (let i = 0; i < 34; i++) {
      r.startedAt(0, i);
      r.finishedAt(0, i, i + 1, 1, false, i < 31 ? 'timeout' : `jsonrpc_${i}`);
    }
    const line = totalsLine(r.result('completed', 1000));
    assert.equal(line, '34 req/s over 1.00s · status completed · errors: timeout 31, jsonrpc_31 1, jsonrpc_32 1, jsonrpc_33 1');
    const many = recorder();
    for (let i = 0; i < 40; i++) {
      many.startedAt(0, i);
      many.finishedAt(0, i, i + 1, 1, false, `k${i}`);
    }
    const kinds = Array.from({ length: 31 }, (_, i) => `k${i} 1`).join(', ');
    assert.equal(totalsLine(many.result('completed', 1000)), `40 req/s over 1.00s · status completed · errors: other 9, ${kinds} (other includes 9 more kinds)`);
  });
});
