/** formatComparison: the columns of old and new files, and the plans' notes once each with the variants they concern. */
import { strict as assert } from 'node:assert';
import { compareStrategies, formatComparison } from '../../../src/compare';
import type { Comparison } from '../../../src/result/types';
import { poolOf } from '../simulate/helpers';

describe('formatComparison', () => {
  let c: Comparison;
  before(async () => {
    c = await compareStrategies({
      pool: poolOf(3, { slots: 8, service: { type: 'constant', ms: 5 } }),
      variants: [{ name: 'a', strategy: 'round-robin' }, { name: 'b', strategy: 'random' }, { strategy: 'least-request' }],
      load: { model: 'open', rate: 200 }, requests: 400, seed: 3,
    });
  });

  it('prints caller errors and amplification, and the attempt column only when a policy made them differ', () => {
    const text = formatComparison(c);
    const header = text.split('\n').find((l) => l.startsWith('#'))!;
    assert.match(header, /errors\s+caller error rate\s+amplification\s+max share\/fair/);
    assert.doesNotMatch(header, /attempt error rate/);
    assert.equal(text.split('\n').filter((l) => /\s1\.000x\s/.test(l)).length, 3);
  });

  it('reads a file written before variants: no name, no amplification', () => {
    const old: Comparison = { ...c, rows: c.rows.map(({ name: _n, amplification: _a, attemptErrorRate: _e, ...rest }) => rest) };
    const text = formatComparison(old);
    assert.match(text, /^\d\s+round-robin(\s|$)/m);
    assert.equal(text.split('\n').filter((l) => /\s1\.000x\s/.test(l)).length, 3);
  });

  it('prints each plan note once, naming the variants it concerns', () => {
    const note = 'policy: checked, but live runs do not apply it yet';
    const noted: Comparison = { ...c, results: c.results.map((r, i) => (i < 2 ? { ...r, config: { ...r.config, notes: [note] } } : r)) };
    const lines = formatComparison(noted).split('\n').filter((l) => l.startsWith('note'));
    const labels = noted.rows.slice(0, 2).map((r) => (r.name === r.strategy ? r.name : `${r.name} (${r.strategy})`));
    assert.deepEqual(lines, [`note (${labels.join(', ')}): ${note}`]);
  });
});
