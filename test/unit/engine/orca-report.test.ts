import assert from 'node:assert/strict';
import * as protobuf from 'protobufjs';
import { ORCA_HEADER, parseOrcaHeader } from '../../../src/engine/orca-report';
import { decodeOrcaBase64, decodeOrcaBin, encodeOrcaBin, ORCA_BIN_TRAILER, ORCA_PROTO_JSON } from '../../../src/engine/orca-proto';
import { createSeededRandom } from '../../../src/engine/seeded-random';

/** The message as cncf/xds writes it, parsed by protobufjs's own .proto parser: the descriptor must agree. */
const XDS_PROTO = `syntax = "proto3";
package xds.data.orca.v3;
message OrcaLoadReport {
  double cpu_utilization = 1;
  double mem_utilization = 2;
  uint64 rps = 3;
  map<string, double> request_cost = 4;
  map<string, double> utilization = 5;
  double rps_fractional = 6;
  double eps = 7;
  map<string, double> named_metrics = 8;
  double application_utilization = 9;
}`;
const reference = protobuf.parse(XDS_PROTO, { keepCase: true }).root.lookupType('xds.data.orca.v3.OrcaLoadReport');

describe('ORCA load reports', () => {
  it('names the header and the trailer as Envoy and gRPC do', () => {
    assert.equal(ORCA_HEADER, 'endpoint-load-metrics');
    assert.equal(ORCA_BIN_TRAILER, 'endpoint-load-metrics-bin');
  });

  describe('TEXT', () => {
    it('reads the ORCA design example, named metrics included, mem_utilization read and dropped', () => {
      assert.deepEqual(parseOrcaHeader('TEXT cpu_utilization=0.3, mem_utilization=0.8, rps_fractional=10.0, eps=1, named_metrics.custom_metric_util=0.4'), {
        utilization: 0.3, qps: 10, eps: 1, named: { custom_metric_util: 0.4 },
      });
    });

    it("takes Envoy's `name:value` too, and application_utilization", () => {
      assert.deepEqual(parseOrcaHeader('TEXT application_utilization:0.5,rps_fractional:120'), { applicationUtilization: 0.5, qps: 120 });
    });

    it('rejects the whole report on a bad part, as Envoy does', () => {
      for (const bad of [
        'TEXT cpu_utilization=0.3, cpu_utilization=0.4', // duplicate
        'TEXT cpu_utilization=', // empty value
        'TEXT =0.3', // empty name
        'TEXT cpu_utilization=abc',
        'TEXT cpu_utilization=NaN',
        'TEXT cpu_utilization=Infinity',
        'TEXT cpu_utilization=1e999', // overflows to infinity
        'TEXT cpu_utilization=0x10',
        'TEXT cpu_utilization=-0.1', // the proto's gte 0
        'TEXT rps=10', // not a TEXT metric
        'TEXT named_metrics.=1',
        'TEXT cpu_utilization=0.3,,eps=1',
        'TEXT cpu_utilization',
      ]) {
        assert.equal(parseOrcaHeader(bad), undefined, bad);
      }
    });

    it('allows negative named metrics (they are opaque), and any name, __proto__ included', () => {
      assert.deepEqual(parseOrcaHeader('TEXT named_metrics.delta=-2'), { named: { delta: -2 } });
      const r = parseOrcaHeader('TEXT named_metrics.__proto__=3')!;
      assert.deepEqual(Object.entries(r.named!), [['__proto__', 3]]);
      assert.equal(Object.getPrototypeOf(r.named), Object.prototype);
      assert.deepEqual(Object.entries(parseOrcaHeader('JSON {"named_metrics": {"__proto__": 4}}')!.named!), [['__proto__', 4]]);
    });
  });

  describe('JSON', () => {
    it('reads proto names and proto3 JSON names, ignoring known fields it does not keep', () => {
      assert.deepEqual(parseOrcaHeader('JSON {"cpu_utilization": 0.3, "rpsFractional": 12, "eps": 0.5, "rps": 3, "utilization": {"a": 1}, "named_metrics": {"q": 7}}'), {
        utilization: 0.3, qps: 12, eps: 0.5, named: { q: 7 },
      });
    });

    it('rejects what is not a report', () => {
      for (const bad of ['JSON {', 'JSON []', 'JSON null', 'JSON 3', 'JSON {"cpu_utilization": "0.3"}', 'JSON {"eps": -1}', 'JSON {"named_metrics": {"a": "x"}}', 'JSON {"named_metrics": [1]}', 'JSON {"not a field": 1}']) {
        assert.equal(parseOrcaHeader(bad), undefined, bad);
      }
    });
  });

  describe('BIN and the gRPC trailer', () => {
    it('round-trips a report through the protobuf encoding', () => {
      const report = { utilization: 0.25, applicationUtilization: 0.5, qps: 99.5, eps: 0.5, named: { foo: 1 } };
      assert.deepEqual(decodeOrcaBin(encodeOrcaBin(report)), report);
      assert.deepEqual(parseOrcaHeader('BIN ' + Buffer.from(encodeOrcaBin(report)).toString('base64')), report);
    });

    it('writes the field numbers of cncf/xds orca_load_report.proto', () => {
      const bytes = encodeOrcaBin({ utilization: 0.25, applicationUtilization: 0.5, qps: 99.5, eps: 0.5, named: { foo: 1 } });
      const msg = reference.toObject(reference.decode(bytes)) as Record<string, unknown>;
      assert.deepEqual(msg, { cpu_utilization: 0.25, application_utilization: 0.5, rps_fractional: 99.5, eps: 0.5, named_metrics: { foo: 1 } });
      // And reads what the reference encoder wrote, with fields it does not keep.
      const theirs = reference.encode(reference.fromObject({ cpu_utilization: 0.7, mem_utilization: 0.9, rps: 4, rps_fractional: 3, utilization: { x: 0.1 } })).finish();
      assert.deepEqual(decodeOrcaBin(theirs), { utilization: 0.7, qps: 3 });
      assert.ok(ORCA_PROTO_JSON.nested.xds);
    });

    it('is no report for garbage, never an exception (2,000 seeded random buffers)', () => {
      const random = createSeededRandom(13);
      let reports = 0;
      for (let i = 0; i < 2000; i++) {
        const bytes = Uint8Array.from({ length: 1 + Math.floor(random() * 40) }, () => Math.floor(random() * 256));
        const r = decodeOrcaBin(bytes);
        if (r === undefined) continue;
        reports++;
        for (const v of [r.utilization, r.applicationUtilization, r.qps, r.eps]) assert.ok(v === undefined || (Number.isFinite(v) && v >= 0));
      }
      assert.ok(reports < 2000);
      for (const bad of [undefined, new Uint8Array(0), Uint8Array.of(0xff, 0xff, 0xff), Uint8Array.of(0x0a, 0x05)]) assert.equal(decodeOrcaBin(bad), undefined);
      assert.equal(decodeOrcaBase64('***'), undefined);
      // A NaN double on the wire (field 1, fixed64) is no report.
      assert.equal(decodeOrcaBin(Uint8Array.of(0x09, 0, 0, 0, 0, 0, 0, 0xf8, 0x7f)), undefined);
    });
  });

  it('is no report without a known prefix', () => {
    for (const bad of [undefined, '', 'cpu_utilization=0.3', 'text cpu_utilization=0.3', 'XML <a/>', 'TEXTcpu_utilization=1']) {
      assert.equal(parseOrcaHeader(bad), undefined, String(bad));
    }
  });
});
