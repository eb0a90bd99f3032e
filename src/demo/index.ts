/**
 * `startDemoServers(options)`: a pool of demo endpoints on 127.0.0.1 ephemeral ports, over HTTP
 * (which also answers JSON-RPC 2.0) or gRPC, with a control server for faults. Imports nothing
 * of ours: the demo pool's definition lives in src/pools/demo-pool.ts and comes in as options.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EndpointBehaviour, faultValueProblem, type DemoEndpointSpec, type EndpointStats } from './behaviour';
import { ControlServer, FaultError, type ServerAction } from './control-server';
import { GrpcEndpointServer } from './grpc-server';
import { HttpEndpointServer, type DemoWire } from './http-server';
import { HOST, type Listener } from './listener';
import { DEMO_METHOD, DEMO_SERVICE, writeDemoProto } from './proto';

export type { DemoEndpointSpec, EndpointStats } from './behaviour';
export { DEMO_LIMITS } from './behaviour';
export { DEMO_PROTO, DEMO_PROTO_JSON, DEMO_SERVICE, DEMO_METHOD, writeDemoProto } from './proto';
export { SERVER_ACTIONS, type ServerAction } from './control-server';
export { CertificateError, makeSelfSignedCert, type SelfSignedCert } from './self-signed-cert';

export type DemoTransport = 'http' | 'jsonrpc' | 'grpc';

export interface DemoServerOptions {
  endpoints: DemoEndpointSpec[];
  /** Default `http`. `http` and `jsonrpc` start the same HTTP servers (they answer both). */
  transport?: DemoTransport;
  /** Seeds each endpoint's latencies and error draws. Default 1. */
  seed?: number;
  /** Pool name in `pool()`, default `demo`. */
  name?: string;
  /** Where `pool()` writes the .proto for grpc; default a file in the OS temp directory. */
  protoPath?: string;
  /** Port of the control server; default ephemeral. */
  controlPort?: number;
  /** Extra top-level fields of `pool()` (strategy, simulation defaults, ...). */
  poolExtras?: Record<string, unknown>;
  /** http and jsonrpc: listen over h2c (or, with `tls`, offer h2 and http/1.1 by ALPN); `pool()` asks for `http2`. */
  http2?: boolean;
  /** http and jsonrpc: listen over TLS with this PEM key and certificate (`https://` addresses); `pool()` trusts the certificate as its CA. */
  tls?: { key: string; cert: string };
}

export interface DemoEndpointInfo {
  id: string;
  /** `http://127.0.0.1:port` or `127.0.0.1:port` (grpc). */
  address: string;
  port: number;
  weight: number;
  zone?: string;
  medianMs: number;
  p99Ms: number;
  errorRate: number;
  concurrency: number;
}

export interface DemoStats {
  endpoints: (EndpointStats & { listening: boolean })[];
}

export interface DemoServers {
  readonly transport: DemoTransport;
  readonly endpoints: readonly DemoEndpointInfo[];
  /** Base URL of the control server (the pool file's `control`). */
  readonly control: string;
  /** A pool file (plain JSON) for these servers; `http` and `jsonrpc` are interchangeable on HTTP servers. */
  pool(transport?: DemoTransport): Record<string, unknown>;
  stats(): DemoStats;
  resetStats(): void;
  slow(id: string, factor: number): void;
  fail(id: string, share: number): void;
  stall(id: string, ms: number): void;
  recover(id: string): void;
  /** Cold from now: service times `factor` times longer, falling linearly to normal over `forMs` (src/faults/cold-start.ts). */
  cold(id: string, factor: number, forMs: number): void;
  /** Failures from now on push back `ms` (`grpc-retry-pushback-ms`; HTTP `Retry-After` rounded up to seconds); -1: "do not retry". Cleared by `recover`. */
  pushback(id: string, ms: number): void;
  /** Stops listening: new connections are refused, open ones destroyed. */
  leave(id: string): Promise<void>;
  /** Listens again on the same port. */
  join(id: string): Promise<void>;
  /** Any of the above by name (what the control server calls). */
  apply(id: string, action: ServerAction, value?: number, forMs?: number): Promise<void>;
  close(): Promise<void>;
}

interface Member {
  info: DemoEndpointInfo;
  spec: DemoEndpointSpec;
  behaviour: EndpointBehaviour;
  listener: Listener;
  // leave and join run one after the other, whatever order they are asked in.
  chain: Promise<void>;
}

function checkOptions(options: DemoServerOptions): void {
  if (!options || !Array.isArray(options.endpoints) || options.endpoints.length === 0) {
    throw new Error('startDemoServers: options.endpoints must be a non-empty array (see demoServerOptions() in src/pools/demo-pool.ts)');
  }
  const seen = new Set<string>();
  for (const e of options.endpoints) {
    if (typeof e.id !== 'string' || e.id === '' || seen.has(e.id)) throw new Error(`startDemoServers: endpoint ids must be unique non-empty strings, got ${JSON.stringify(e.id)}`);
    seen.add(e.id);
  }
  if (options.transport && !['http', 'jsonrpc', 'grpc'].includes(options.transport)) {
    throw new Error(`startDemoServers: transport must be http, jsonrpc or grpc, got ${JSON.stringify(options.transport)}`);
  }
  if (options.transport === 'grpc' && (options.http2 || options.tls)) throw new Error('startDemoServers: http2 and tls are for the http and jsonrpc servers (gRPC is HTTP/2 already, without TLS here)');
}

export async function startDemoServers(options: DemoServerOptions): Promise<DemoServers> {
  checkOptions(options);
  const transport = options.transport ?? 'http';
  const seed = options.seed ?? 1;
  const members = new Map<string, Member>();
  options.endpoints.forEach((spec, i) => {
    const behaviour = new EndpointBehaviour(spec, (seed * 1_000_003 + i * 7919) >>> 0);
    const wire: DemoWire = { ...(options.http2 ? { http2: true } : {}), ...(options.tls ? { tls: options.tls } : {}) };
    const listener = transport === 'grpc' ? new GrpcEndpointServer(behaviour) : new HttpEndpointServer(behaviour, wire);
    const info: DemoEndpointInfo = {
      id: spec.id, address: '', port: 0, weight: spec.weight ?? 1, medianMs: spec.medianMs ?? 5,
      p99Ms: spec.p99Ms ?? (spec.medianMs ?? 5) * 4, errorRate: spec.errorRate ?? 0, concurrency: behaviour.slots,
    };
    if (spec.zone !== undefined) info.zone = spec.zone;
    members.set(spec.id, { info, spec, behaviour, listener, chain: Promise.resolve() });
  });
  const control = new ControlServer({
    apply: (id, action, value, forMs) => handle.apply(id, action, value, forMs),
    stats: () => handle.stats(),
    resetStats: () => handle.resetStats(),
    pool: (t) => {
      if (t !== undefined && !['http', 'jsonrpc', 'grpc'].includes(t)) throw new FaultError(`transport: expected http, jsonrpc or grpc, got ${JSON.stringify(t)}`);
      return handle.pool(t as DemoTransport | undefined);
    },
  });
  const all = [...members.values()];
  const closeAll = () => Promise.all([control.close(), ...all.map((m) => (m.behaviour.close(), m.listener.close()))]);
  try {
    await Promise.all([control.listen(options.controlPort ?? 0), ...all.map((m) => m.listener.listen())]);
  } catch (e) {
    await closeAll();
    throw e;
  }
  for (const m of all) {
    m.info.port = m.listener.port;
    m.info.address = transport === 'grpc' ? `${HOST}:${m.info.port}` : `${options.tls ? 'https' : 'http'}://${HOST}:${m.info.port}`;
  }

  const member = (id: string): Member => {
    const m = members.get(id);
    if (!m) throw new FaultError(`no demo endpoint ${JSON.stringify(id)} (endpoints: ${[...members.keys()].join(', ')})`, 404);
    return m;
  };
  const inOrder = (m: Member, step: () => Promise<void>): Promise<void> => (m.chain = m.chain.then(step, step));
  let protoFile: string | undefined;
  let closed: Promise<void> | undefined;

  const handle: DemoServers = {
    transport,
    endpoints: all.map((m) => m.info),
    control: control.address,
    pool(t = transport) {
      if ((t === 'grpc') !== (transport === 'grpc')) throw new FaultError(`these demo servers speak ${transport}, not ${t}`);
      const request =
        t === 'grpc' ? {
          proto: (protoFile ??= writeDemoProto(options.protoPath ?? join(tmpdir(), `rpc-balancer-demo-${process.pid}.proto`))),
          service: DEMO_SERVICE, method: DEMO_METHOD, message: { key: 'demo' },
        }
        : t === 'jsonrpc' ? { method: 'demo.call', params: {} }
        : { method: 'GET', path: '/' };
      const endpoints = all.map(({ info, spec }) => ({
        id: info.id, address: info.address, weight: info.weight,
        ...(info.zone !== undefined ? { zone: info.zone } : {}),
        ...(spec.sim !== undefined ? { sim: spec.sim } : {}),
      }));
      const wire = t === 'grpc' ? {} : { ...(options.http2 ? { http2: true } : {}), ...(options.tls ? { tls: { ca: options.tls.cert } } : {}) };
      return { name: options.name ?? 'demo', transport: t, endpoints, request, ...wire, control: control.address, ...options.poolExtras };
    },
    stats: () => ({ endpoints: all.map((m) => ({ ...m.behaviour.stats(), listening: m.listener.listening })) }),
    resetStats: () => all.forEach((m) => m.behaviour.resetStats()),
    slow(id, factor) {
      const problem = faultValueProblem('slow', factor);
      if (problem) throw new FaultError(`slow: ${problem}`);
      member(id).behaviour.slow(factor);
    },
    fail(id, share) {
      const problem = faultValueProblem('fail', share);
      if (problem) throw new FaultError(`fail: ${problem}`);
      member(id).behaviour.fail(share);
    },
    stall(id, ms) {
      const problem = faultValueProblem('stall', ms);
      if (problem) throw new FaultError(`stall: ${problem}`);
      member(id).behaviour.stall(ms);
    },
    recover: (id) => member(id).behaviour.recover(),
    pushback(id, ms) {
      const problem = faultValueProblem('pushback', ms);
      if (problem) throw new FaultError(`pushback: ${problem}`);
      member(id).behaviour.pushback(ms);
    },
    cold(id, factor, forMs) {
      const problem = faultValueProblem('cold', factor) ?? faultValueProblem('coldFor', forMs);
      if (problem) throw new FaultError(`cold: ${problem}`);
      member(id).behaviour.cold(factor, forMs);
    },
    leave(id) {
      const m = member(id);
      return inOrder(m, () => m.listener.leave());
    },
    join(id) {
      const m = member(id);
      return inOrder(m, () => m.listener.listen());
    },
    async apply(id, action, value, forMs) {
      const needs = action === 'slow' || action === 'fail' || action === 'stall' || action === 'cold' || action === 'pushback';
      if (needs && value === undefined) throw new FaultError(`${action} needs a numeric value`);
      // Named after the fields of the control server's request, which is what calls this.
      const problem = needs ? faultValueProblem(action, value) : undefined;
      if (problem) throw new FaultError(`value: ${action} ${problem}`);
      if (action === 'cold') {
        const forProblem = faultValueProblem('coldFor', forMs);
        if (forProblem) throw new FaultError(`forMs: ${forProblem}`);
      }
      switch (action) {
        case 'slow': return handle.slow(id, value!);
        case 'fail': return handle.fail(id, value!);
        case 'stall': return handle.stall(id, value!);
        case 'recover': return handle.recover(id);
        case 'leave': return handle.leave(id);
        case 'join': return handle.join(id);
        case 'cold': return handle.cold(id, value!, forMs!);
        case 'pushback': return handle.pushback(id, value!);
      }
    },
    close() {
      closed ??= closeAll().then(() => undefined);
      return closed;
    },
  };
  return handle;
}
