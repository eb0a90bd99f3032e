import { strict as assert } from 'node:assert';
import type { EndpointResult, RunResult } from '../../../src/result/types';
import { distributionModel } from '../../../src/webview/model/distribution';
import { endpointGrouping } from '../../../src/webview/model/endpoint-groups';
import { eventfulResult, tieredResult } from './fixtures';

/** The same simulated result with its endpoints reshaped (the figures stay the simulator's). */
function reshaped(r: RunResult, f: (eps: EndpointResult[]) => EndpointResult[]): RunResult {
  return { ...r, endpoints: f(r.endpoints.map((e) => ({ ...e }))) };
}
const without = (ep: EndpointResult, key: 'priority' | 'zone'): EndpointResult => {
  const out = { ...ep };
  delete out[key];
  return out;
};

describe('webview endpoint groups (priority levels and localities)', () => {
  const tiered = tieredResult();
  const total = tiered.totals.requests;
  const requestsOf = (ids: string[]) => tiered.endpoints.filter((e) => ids.includes(e.id)).reduce((s, e) => s + e.requests, 0);

  it('groups a two-level pool by level, and by zone inside each level, with each group\'s share of requests', () => {
    const g = endpointGrouping(tiered.endpoints, total)!;
    assert.deepEqual(
      g.order.map((i) => tiered.endpoints[i].id),
      ['a1', 'a2', 'a3', 'a4', 'b1', 'b2', 'b3', 'b4'],
    );
    assert.deepEqual(
      g.groups.map((x) => [x.kind, x.name, x.first, x.last, x.endpoints]),
      [
        ['priority', 'P0', 0, 3, 4],
        ['priority', 'P1', 4, 7, 4],
        ['locality', 'eu-1', 0, 1, 2],
        ['locality', 'eu-2', 2, 3, 2],
        ['locality', 'us-1', 4, 7, 4],
      ],
    );
    const members = { P0: ['a1', 'a2', 'a3', 'a4'], P1: ['b1', 'b2', 'b3', 'b4'], 'eu-1': ['a1', 'a2'], 'eu-2': ['a3', 'a4'], 'us-1': ['b1', 'b2', 'b3', 'b4'] };
    for (const x of g.groups) {
      const ids = members[x.name as keyof typeof members];
      assert.equal(x.requests, requestsOf(ids), x.name);
      assert.equal(x.share, requestsOf(ids) / total, x.name);
      assert.equal(x.label, `${x.name} · ${(x.share * 100).toFixed(1)}%`);
    }
    // P0 failed over part of its load and panicked for a while, but stayed the main level.
    const p0 = g.groups[0].share;
    assert.ok(p0 > 0.7 && p0 < 0.95, `P0 share ${p0}`);
    assert.ok(Math.abs(g.groups[0].share + g.groups[1].share - 1) < 1e-9, 'every request went to an endpoint');
    assert.deepEqual(g.table.columns, ['Group', 'Endpoints', 'Share', 'Requests']);
    assert.deepEqual(
      g.table.rows.map((r) => r[0]),
      ['P0', 'P1', 'P0 eu-1', 'P0 eu-2', 'P1 us-1'],
    );
  });

  it('orders levels and zones whatever the pool order; no priority is level 0, no zone comes last in its level', () => {
    const r = reshaped(tiered, (eps) => {
      const [a1, a2, a3, a4, b1, b2, b3, b4] = eps;
      return [b1, without(a1, 'priority'), b2, without(a3, 'zone'), a2, without(b3, 'zone'), a4, b4];
    });
    const g = endpointGrouping(r.endpoints, r.totals.requests)!;
    assert.deepEqual(
      g.order.map((i) => r.endpoints[i].id),
      ['a1', 'a2', 'a4', 'a3', 'b1', 'b2', 'b4', 'b3'],
    );
    assert.deepEqual(
      g.groups.map((x) => [x.kind, x.priority, x.name, x.first, x.last]),
      [
        ['priority', 0, 'P0', 0, 3],
        ['priority', 1, 'P1', 4, 7],
        ['locality', 0, 'eu-1', 0, 1],
        ['locality', 0, 'eu-2', 2, 2],
        ['locality', 0, 'no zone', 3, 3],
        ['locality', 1, 'us-1', 4, 6],
        ['locality', 1, 'no zone', 7, 7],
      ],
    );
    assert.equal(g.groups[4].zone, undefined);
  });

  it('has only level headers without zones, only zone headers with one level', () => {
    const levels = reshaped(tiered, (eps) => eps.map((e) => without(e, 'zone')));
    assert.deepEqual(endpointGrouping(levels.endpoints, total)!.groups.map((x) => x.name), ['P0', 'P1']);
    const zones = reshaped(tiered, (eps) => eps.map((e) => without(e, 'priority')));
    assert.deepEqual(endpointGrouping(zones.endpoints, total)!.groups.map((x) => [x.kind, x.name]), [
      ['locality', 'eu-1'],
      ['locality', 'eu-2'],
      ['locality', 'us-1'],
    ]);
  });

  it('leaves a pool of one level and one zone as it was: no groups, bars in the result order', () => {
    const plain = eventfulResult();
    assert.equal(endpointGrouping(plain.endpoints, plain.totals.requests), undefined);
    const oneZone = reshaped(plain, (eps) => eps.map((e) => ({ ...e, zone: 'eu-1', priority: 0 })));
    assert.equal(endpointGrouping(oneZone.endpoints, oneZone.totals.requests), undefined);
    const m = distributionModel(plain);
    assert.deepEqual(m.groups, []);
    assert.equal(m.groupTable, undefined);
    assert.deepEqual(
      m.bars.map((b) => [b.id, b.colorIndex]),
      plain.endpoints.map((e, i) => [e.id, i]),
    );
  });

  it('draws the bars of a grouped pool group by group, each in its own colour, with the group table', () => {
    const r = reshaped(tiered, (eps) => [eps[4], eps[0], eps[5], eps[1], eps[6], eps[2], eps[7], eps[3]]);
    const m = distributionModel(r);
    assert.deepEqual(
      m.bars.map((b) => [b.id, b.colorIndex]),
      [['a1', 1], ['a2', 3], ['a3', 5], ['a4', 7], ['b1', 0], ['b2', 2], ['b3', 4], ['b4', 6]],
    );
    assert.deepEqual(
      m.table.rows.map((row) => row[0]),
      m.bars.map((b) => b.id),
    );
    assert.equal(m.groups.length, 5);
    assert.equal(m.groupTable?.rows.length, 5);
  });
});
