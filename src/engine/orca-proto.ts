/**
 * The ORCA load report as protobuf: `xds.data.orca.v3.OrcaLoadReport` (cncf/xds,
 * xds/data/orca/v3/orca_load_report.proto), what gRPC servers send in the
 * `endpoint-load-metrics-bin` trailer and Envoy accepts as `endpoint-load-metrics: BIN <base64>`
 * (source/common/orca/orca_parser.cc). src/orca/descriptor.ts is that message with its field numbers;
 * protobufjs (light: no .proto parser) reads and writes it. A buffer that is not such a message,
 * or whose numbers are not finite and >= 0, is no report (`undefined`), never an exception.
 */
import * as protobuf from 'protobufjs/light';
import { ORCA_PROTO_JSON } from '../orca/descriptor';
import type { LoadReport } from './types';

/** gRPC trailer (binary metadata: the `-bin` suffix) that carries the serialized OrcaLoadReport. */
export const ORCA_BIN_TRAILER = 'endpoint-load-metrics-bin';

export { ORCA_PROTO_JSON };

let type: protobuf.Type | undefined;

function orcaType(): protobuf.Type {
  type ??= protobuf.Root.fromJSON(ORCA_PROTO_JSON as unknown as protobuf.INamespace).lookupType('xds.data.orca.v3.OrcaLoadReport');
  return type;
}

interface Wire {
  cpu_utilization?: number;
  application_utilization?: number;
  rps_fractional?: number;
  eps?: number;
  named_metrics?: Record<string, number>;
}

/** Decodes a serialized OrcaLoadReport; undefined when it is not one. */
export function decodeOrcaBin(bytes: Uint8Array | undefined): LoadReport | undefined {
  if (!(bytes instanceof Uint8Array) || bytes.length === 0) return undefined;
  let wire: Wire;
  try {
    const t = orcaType();
    // defaults: false, so a field the sender left out stays out (proto3 leaves out zeros too).
    wire = t.toObject(t.decode(bytes), { defaults: false, longs: Number }) as Wire;
  } catch {
    return undefined;
  }
  return cleanReport({
    cpuUtilization: wire.cpu_utilization,
    applicationUtilization: wire.application_utilization,
    rpsFractional: wire.rps_fractional,
    eps: wire.eps,
    namedMetrics: wire.named_metrics,
  });
}

/** Decodes base64 (the BIN header form); undefined when it is not base64 of an OrcaLoadReport. */
export function decodeOrcaBase64(text: string): LoadReport | undefined {
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    return undefined;
  }
  return decodeOrcaBin(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

/** Serializes a report (for tests and for anyone writing a server with our types). */
export function encodeOrcaBin(report: LoadReport): Uint8Array {
  const wire: Wire = {};
  if (report.utilization !== undefined) wire.cpu_utilization = report.utilization;
  if (report.applicationUtilization !== undefined) wire.application_utilization = report.applicationUtilization;
  if (report.qps !== undefined) wire.rps_fractional = report.qps;
  if (report.eps !== undefined) wire.eps = report.eps;
  if (report.named) wire.named_metrics = { ...report.named };
  const t = orcaType();
  return t.encode(t.fromObject(wire)).finish();
}

/**
 * A report as the engine keeps it: only finite fields >= 0 (named: finite), zero fields kept.
 * What decoders build passes through here, so every source gives the same shape.
 */
export function cleanReport(raw: {
  cpuUtilization?: number;
  applicationUtilization?: number;
  rpsFractional?: number;
  eps?: number;
  namedMetrics?: Record<string, number>;
}): LoadReport | undefined {
  const report: LoadReport = {};
  const pairs: [keyof Omit<LoadReport, 'named'>, number | undefined][] = [
    ['utilization', raw.cpuUtilization],
    ['applicationUtilization', raw.applicationUtilization],
    ['qps', raw.rpsFractional],
    ['eps', raw.eps],
  ];
  for (const [key, n] of pairs) {
    if (n === undefined) continue;
    if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) return undefined;
    report[key] = n;
  }
  if (raw.namedMetrics && Object.keys(raw.namedMetrics).length) {
    const named = namedMap(raw.namedMetrics);
    if (!named) return undefined;
    report.named = named;
  }
  return report;
}

/** A named-metrics map of finite numbers; undefined when it is not one. */
export function namedMap(v: unknown): Record<string, number> | undefined {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const out: Record<string, number> = {};
  for (const [k, n] of Object.entries(v as Record<string, unknown>)) {
    if (typeof n !== 'number' || !Number.isFinite(n)) return undefined;
    putNamed(out, k, n);
  }
  return out;
}

/** Sets a named metric as an own property, so a server's `__proto__` is a name like any other. */
export function putNamed(named: Record<string, number>, key: string, n: number): void {
  Object.defineProperty(named, key, { value: n, enumerable: true, writable: true, configurable: true });
}
