import * as assert from 'node:assert/strict';
import { DEMO_ORCA_PROTO_JSON, encodeOrcaBin, formatOrcaText, OrcaWindow } from '../../../src/demo/orca';
import { ORCA_PROTO_JSON, decodeOrcaBin } from '../../../src/engine/orca-proto';
import { parseOrcaHeader } from '../../../src/engine/orca-report';
import { createSeededRandom } from '../../../src/engine/seeded-random';
import type { LoadReport } from '../../../src/engine/types';
import { OrcaWindow as SimWindow } from '../../../src/orca/window';

describe('demo servers: ORCA reports from what they do', () => {
  it('utilization is busy slot-time / slots over the last second; rates are per second', () => {
    const w = new OrcaWindow(4, 0);
    // Two slots busy from 0 to 500 ms, then one; 30 replies from 100 to 970 ms, 3 of them errors.
    w.busyChanged(2, 0);
    for (let i = 0; i < 30; i++) {
      const t = 100 + i * 30;
      if (t >= 500 && t < 530) w.busyChanged(1, 500);
      w.replied(i % 10 !== 0, t);
    }
    // At 1000 ms the window is the buckets of 100..1000 ms (900 ms).
    const r = w.report(1000);
    assert.equal(r.cpuUtilization, (2 * 400 + 1 * 500) / (4 * 900));
    assert.equal(r.rpsFractional, (30 * 1000) / 900);
    assert.equal(r.eps, (3 * 1000) / 900);
  });

  it('counts only the last second (100 ms buckets), and since the start when younger', () => {
    const w = new OrcaWindow(1, 0);
    w.busyChanged(1, 0);
    w.replied(true, 50);
    assert.deepEqual(w.report(200), { cpuUtilization: 1, rpsFractional: 5, eps: 0 });
    w.busyChanged(0, 200);
    for (let t = 1000; t < 1500; t += 50) w.replied(true, t);
    // At 2050 ms the window is 1100..2050 ms: the replies of 1100..1450 (8) and no busy time.
    const r = w.report(2050);
    assert.equal(r.cpuUtilization, 0);
    assert.equal(r.rpsFractional, (8 * 1000) / 950);
    // After a long quiet spell (with a slot still busy), only the last second counts.
    w.busyChanged(1, 2050);
    assert.deepEqual(w.report(60_000), { cpuUtilization: 1, rpsFractional: 0, eps: 0 });
  });

  it("sends what the engine's parsers read back: TEXT header and the bin trailer", () => {
    const report = { cpuUtilization: 0.625, rpsFractional: 120.5, eps: 0.25 };
    assert.equal(formatOrcaText(report), 'TEXT cpu_utilization=0.6250, rps_fractional=120.5000, eps=0.2500');
    const back = { utilization: 0.625, qps: 120.5, eps: 0.25 };
    assert.deepEqual(parseOrcaHeader(formatOrcaText(report)), back);
    assert.deepEqual(decodeOrcaBin(encodeOrcaBin(report)), back);
    assert.deepEqual(DEMO_ORCA_PROTO_JSON, ORCA_PROTO_JSON, 'the demo repeats the engine descriptor');
  });

  it('reports what the simulator\'s virtual servers report for the same events (the window is repeated there)', () => {
    const random = createSeededRandom(5);
    const demo = new OrcaWindow(3, 0);
    const sim = new SimWindow(3, 0);
    let t = 0;
    let busy = 0;
    for (let i = 0; i < 5000; i++) {
      t += random() * (random() < 0.01 ? 3000 : 20);
      const r = random();
      if ((r < 0.4 && busy < 3) || (r < 0.8 && busy > 0)) {
        busy += r < 0.4 && busy < 3 ? 1 : -1;
        demo.busyChanged(busy, t);
        sim.busyChanged(busy, t);
      } else {
        const ok = random() < 0.9;
        demo.replied(ok, t);
        sim.replied(ok, t);
      }
      const d = demo.report(t);
      const s = sim.report(t, {} as LoadReport);
      assert.deepEqual(s, { utilization: d.cpuUtilization, qps: d.rpsFractional, eps: d.eps }, `event ${i} at ${t}`);
    }
  });
});
