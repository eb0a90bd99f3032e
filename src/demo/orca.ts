/**
 * The ORCA load report a demo endpoint sends with each reply, computed from what it is doing over
 * the last second: utilization = busy slots / slots (averaged over that second, as a CPU
 * utilization sample is), rps_fractional = replies per second, eps = errors per second. HTTP
 * replies carry it in `endpoint-load-metrics` (TEXT form, the ORCA design's; Envoy parses it:
 * source/common/orca/orca_parser.cc), gRPC replies in the `endpoint-load-metrics-bin` trailer
 * (the serialized `xds.data.orca.v3.OrcaLoadReport`). The demo imports nothing of ours, so the
 * descriptor is repeated here; a unit test checks it against the engine's.
 */
import * as protobuf from 'protobufjs/light';

export interface DemoOrcaReport {
  cpuUtilization: number;
  rpsFractional: number;
  eps: number;
}

const WINDOW_MS = 1000;
const BUCKET_MS = 100;
const BUCKETS = WINDOW_MS / BUCKET_MS;

/**
 * Replies, errors and busy slot-time in 100 ms buckets over the last second. Time comes from the
 * caller (performance.now() in the demo), so a test can drive it.
 */
export class OrcaWindow {
  private readonly served = new Float64Array(BUCKETS);
  private readonly errors = new Float64Array(BUCKETS);
  private readonly busyMs = new Float64Array(BUCKETS);
  /** Index (time / BUCKET_MS) of the newest bucket. */
  private newest: number;
  private busy = 0;
  private busySince: number;

  constructor(
    private readonly slots: number,
    private readonly started: number,
  ) {
    this.newest = Math.floor(started / BUCKET_MS);
    this.busySince = started;
  }

  /** The number of busy slots changes to `busy` at `now`. */
  busyChanged(busy: number, now: number): void {
    this.advance(now);
    this.busy = busy;
  }

  replied(ok: boolean, now: number): void {
    this.advance(now);
    this.served[this.newest % BUCKETS]++;
    if (!ok) this.errors[this.newest % BUCKETS]++;
  }

  /** The report at `now`: rates over the last second (or since the start, if shorter). */
  report(now: number): DemoOrcaReport {
    this.advance(now);
    let served = 0;
    let errors = 0;
    let busyMs = 0;
    for (let i = 0; i < BUCKETS; i++) {
      served += this.served[i];
      errors += this.errors[i];
      busyMs += this.busyMs[i];
    }
    const oldest = (this.newest - BUCKETS + 1) * BUCKET_MS;
    const spanMs = Math.max(1, now - Math.max(oldest, this.started));
    return {
      cpuUtilization: Math.min(1, busyMs / (this.slots * spanMs)),
      rpsFractional: (served * 1000) / spanMs,
      eps: (errors * 1000) / spanMs,
    };
  }

  /** Accounts busy time up to `now`, bucket by bucket, clearing the buckets it enters. */
  private advance(now: number): void {
    const bucket = Math.floor(now / BUCKET_MS);
    if (bucket - this.newest > BUCKETS) {
      // More than a window without an event: what came before it no longer counts.
      this.newest = bucket - BUCKETS;
      this.busySince = Math.max(this.busySince, this.newest * BUCKET_MS);
    }
    while (this.newest < bucket) {
      const end = (this.newest + 1) * BUCKET_MS;
      this.busyMs[this.newest % BUCKETS] += this.busy * Math.max(0, end - this.busySince);
      this.busySince = Math.max(this.busySince, end);
      this.newest++;
      const i = this.newest % BUCKETS;
      this.served[i] = 0;
      this.errors[i] = 0;
      this.busyMs[i] = 0;
    }
    this.busyMs[this.newest % BUCKETS] += this.busy * Math.max(0, now - this.busySince);
    this.busySince = Math.max(this.busySince, now);
  }
}

/** `TEXT cpu_utilization=0.5000, rps_fractional=120.0000, eps=0.0000` */
export function formatOrcaText(r: DemoOrcaReport): string {
  return `TEXT cpu_utilization=${r.cpuUtilization.toFixed(4)}, rps_fractional=${r.rpsFractional.toFixed(4)}, eps=${r.eps.toFixed(4)}`;
}

/** `xds.data.orca.v3.OrcaLoadReport` (cncf/xds orca_load_report.proto), the fields the demo sends and the rest. */
const ORCA_LOAD_REPORT = {
  fields: {
    cpu_utilization: { type: 'double', id: 1 },
    mem_utilization: { type: 'double', id: 2 },
    rps: { type: 'uint64', id: 3 },
    request_cost: { keyType: 'string', type: 'double', id: 4 },
    utilization: { keyType: 'string', type: 'double', id: 5 },
    rps_fractional: { type: 'double', id: 6 },
    eps: { type: 'double', id: 7 },
    named_metrics: { keyType: 'string', type: 'double', id: 8 },
    application_utilization: { type: 'double', id: 9 },
  },
};

export const DEMO_ORCA_PROTO_JSON = {
  nested: { xds: { nested: { data: { nested: { orca: { nested: { v3: { nested: { OrcaLoadReport: ORCA_LOAD_REPORT } } } } } } } } },
};

let type: protobuf.Type | undefined;

/** The serialized report, for the `endpoint-load-metrics-bin` trailer. */
export function encodeOrcaBin(r: DemoOrcaReport): Buffer {
  type ??= protobuf.Root.fromJSON(DEMO_ORCA_PROTO_JSON).lookupType('xds.data.orca.v3.OrcaLoadReport');
  const msg = type.fromObject({ cpu_utilization: r.cpuUtilization, rps_fractional: r.rpsFractional, eps: r.eps });
  return Buffer.from(type.encode(msg).finish());
}
