/**
 * ORCA load reports over HTTP: the `endpoint-load-metrics` response header, as Envoy parses it
 * (source/common/orca/orca_parser.cc) and as the ORCA design (envoyproxy/envoy#6614, "ORCA load
 * report format") writes it:
 *
 *     endpoint-load-metrics: TEXT cpu_utilization=0.3, rps_fractional=120, eps=0.5, named_metrics.foo=1
 *     endpoint-load-metrics: JSON {"cpu_utilization": 0.3, "rps_fractional": 120}
 *     endpoint-load-metrics: BIN <base64 OrcaLoadReport>
 *
 * TEXT takes `name=value` (the design) or `name:value` (what Envoy's parser splits on). As in
 * Envoy, a report with an unknown or repeated metric name, an empty name or value, or a value that
 * is not a finite number is rejected whole; we also reject negative standard fields (the proto's
 * `gte = 0`). JSON ignores unknown fields, as protobuf's JSON reader does. A rejected report is
 * `undefined`, never an exception: a server's bad header must not fail the caller's request.
 * The gRPC trailer `endpoint-load-metrics-bin` (and the BIN form) decode in orca-proto.ts.
 */
import { decodeOrcaBase64, namedMap, putNamed } from './orca-proto';
import type { LoadReport } from './types';

/** HTTP response header (lower case) of an ORCA report. */
export const ORCA_HEADER = 'endpoint-load-metrics';

/** The standard fields by their proto names (and proto3 JSON names), to LoadReport's; null: parsed, not kept. */
const FIELDS: Readonly<Record<string, keyof Omit<LoadReport, 'named'> | null>> = Object.freeze({
  cpu_utilization: 'utilization',
  cpuUtilization: 'utilization',
  application_utilization: 'applicationUtilization',
  applicationUtilization: 'applicationUtilization',
  rps_fractional: 'qps',
  rpsFractional: 'qps',
  eps: 'eps',
  mem_utilization: null,
  memUtilization: null,
});

/** Proto fields a JSON report may carry that LoadReport does not keep. */
const JSON_IGNORED = new Set(['rps', 'request_cost', 'requestCost', 'utilization']);

const NAMED_PREFIX = 'named_metrics.';
/** A decimal number as absl::SimpleAtod reads one (no hex, no `Infinity`). */
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Parses an `endpoint-load-metrics` header value; undefined when absent or malformed. */
export function parseOrcaHeader(value: string | undefined): LoadReport | undefined {
  if (typeof value !== 'string') return undefined;
  if (value.startsWith('TEXT ')) return parseText(value.slice(5));
  if (value.startsWith('JSON ')) return parseJson(value.slice(5));
  if (value.startsWith('BIN ')) return decodeOrcaBase64(value.slice(4).trim());
  return undefined;
}

function parseText(text: string): LoadReport | undefined {
  const report: LoadReport = {};
  const seen = new Set<string>();
  for (const token of text.split(',')) {
    const item = token.trim();
    const at = item.search(/[=:]/);
    if (at <= 0) return undefined;
    const name = item.slice(0, at).trim();
    const raw = item.slice(at + 1).trim();
    if (name === '' || seen.has(name) || !NUMBER.test(raw)) return undefined;
    seen.add(name);
    const n = Number(raw);
    if (!Number.isFinite(n)) return undefined;
    if (name.startsWith(NAMED_PREFIX)) {
      const key = name.slice(NAMED_PREFIX.length);
      if (key === '') return undefined;
      putNamed((report.named ??= {}), key, n);
      continue;
    }
    if (!set(report, name, n)) return undefined;
  }
  return report;
}

function parseJson(text: string): LoadReport | undefined {
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return undefined;
  const report: LoadReport = {};
  for (const [name, v] of Object.entries(obj as Record<string, unknown>)) {
    if (name === 'named_metrics' || name === 'namedMetrics') {
      const named = namedMap(v);
      if (!named) return undefined;
      if (Object.keys(named).length) report.named = named;
    } else if (name in FIELDS) {
      if (typeof v !== 'number' || !set(report, name, v)) return undefined;
    } else if (!JSON_IGNORED.has(name) && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      // Not a field name at all: not an OrcaLoadReport.
      return undefined;
    }
  }
  return report;
}

/** Sets a standard field; false when the name is unknown or the value not finite and >= 0. */
function set(report: LoadReport, name: string, n: number): boolean {
  if (!Object.hasOwn(FIELDS, name) || !Number.isFinite(n) || n < 0) return false;
  const key = FIELDS[name];
  if (key) report[key] = n;
  return true;
}
