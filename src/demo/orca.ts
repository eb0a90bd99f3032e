/**
 * The ORCA load report a demo endpoint sends with each reply, computed from what it is doing over
 * the last second: utilization = busy slots / slots (averaged over that second, as a CPU
 * utilization sample is), rps_fractional = replies per second, eps = errors per second. HTTP
 * replies carry it in `endpoint-load-metrics` (TEXT form, the ORCA design's; Envoy parses it:
 * source/common/orca/orca_parser.cc), gRPC replies in the `endpoint-load-metrics-bin` trailer
 * (the serialized `xds.data.orca.v3.OrcaLoadReport`). The window and the descriptor are src/orca's,
 * shared with the simulator and the engine.
 */
import * as protobuf from 'protobufjs/light';
import { ORCA_LOAD_REPORT_TYPE, ORCA_PROTO_JSON } from '../orca/descriptor';
import { OrcaWindow as SharedWindow } from '../orca/window';

export interface DemoOrcaReport {
  cpuUtilization: number;
  rpsFractional: number;
  eps: number;
}

/** The shared window (src/orca/window.ts), read out in the report's own field names. */
export class OrcaWindow {
  private readonly window: SharedWindow;

  constructor(slots: number, started: number) {
    this.window = new SharedWindow(slots, started);
  }

  /** The number of busy slots changes to `busy` at `now`. */
  busyChanged(busy: number, now: number): void {
    this.window.busyChanged(busy, now);
  }

  replied(ok: boolean, now: number): void {
    this.window.replied(ok, now);
  }

  /** The report at `now`: rates over the last second (or since the start, if shorter). */
  report(now: number): DemoOrcaReport {
    const r = this.window.report(now, { utilization: 0, qps: 0, eps: 0 });
    return { cpuUtilization: r.utilization, rpsFractional: r.qps, eps: r.eps };
  }
}

/** `TEXT cpu_utilization=0.5000, rps_fractional=120.0000, eps=0.0000` */
export function formatOrcaText(r: DemoOrcaReport): string {
  return `TEXT cpu_utilization=${r.cpuUtilization.toFixed(4)}, rps_fractional=${r.rpsFractional.toFixed(4)}, eps=${r.eps.toFixed(4)}`;
}

export const DEMO_ORCA_PROTO_JSON = ORCA_PROTO_JSON;

let type: protobuf.Type | undefined;

/** The serialized report, for the `endpoint-load-metrics-bin` trailer. */
export function encodeOrcaBin(r: DemoOrcaReport): Buffer {
  type ??= protobuf.Root.fromJSON(DEMO_ORCA_PROTO_JSON).lookupType(ORCA_LOAD_REPORT_TYPE);
  const msg = type.fromObject({ cpu_utilization: r.cpuUtilization, rps_fractional: r.rpsFractional, eps: r.eps });
  return Buffer.from(type.encode(msg).finish());
}
