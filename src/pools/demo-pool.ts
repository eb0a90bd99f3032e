/**
 * THE demo pool: used by `npm run demo`, `serve-demo`, the VS Code "Start Demo Servers" command and
 * simulations. Five endpoints of different speed and weight; each has its demo-server behaviour
 * and a matching virtual server, so a simulation and a live run of the demo tell the same story.
 * It lives here, not in src/demo (which imports nothing of ours), and reaches the servers as
 * plain options: `startDemoServers(demoServerOptions())`.
 */
import { parseScenario } from './scenario';
import type { Pool, ScenarioStep, TransportName, VirtualServerConfig } from './types';

export interface DemoEndpointBehaviour {
  id: string;
  weight: number;
  /** Service time, lognormal from median and p99. */
  medianMs: number;
  p99Ms: number;
  errorRate: number;
  /** Requests served at once; beyond it requests queue (FIFO). */
  concurrency: number;
}

export const DEMO_ENDPOINTS: readonly Readonly<DemoEndpointBehaviour>[] = Object.freeze([
  // Fast and heavy: the one a good strategy leans on.
  { id: 's1', weight: 4, medianMs: 2, p99Ms: 8, errorRate: 0, concurrency: 32 },
  // Slows tenfold in the demo scenario.
  { id: 's2', weight: 3, medianMs: 4, p99Ms: 16, errorRate: 0, concurrency: 16 },
  // Fails half its requests later in the demo scenario.
  { id: 's3', weight: 2, medianMs: 6, p99Ms: 24, errorRate: 0.005, concurrency: 8 },
  // Slow from the start, and small.
  { id: 's4', weight: 1, medianMs: 25, p99Ms: 100, errorRate: 0, concurrency: 4 },
  { id: 's5', weight: 1, medianMs: 8, p99Ms: 30, errorRate: 0.01, concurrency: 8 },
].map((e) => Object.freeze(e)));

/** Hash keys of the demo runs, so the hash strategies have keys to spread. */
export const DEMO_KEY = 'user-{seq % 1000}';

/** Loopback round trip the virtual servers add, about what 127.0.0.1 costs. */
export const DEMO_RTT_MS = 0.1;

/** The demo scenario: s2 slows tenfold 2 s in, s3 fails half its requests from 4 s. */
export const DEMO_SCENARIO = Object.freeze({
  faults: [
    { at: '2s', endpoint: 's2', slow: 10 },
    { at: '4s', endpoint: 's3', fail: 0.5 },
  ],
});

export function demoVirtualServer(e: DemoEndpointBehaviour): VirtualServerConfig {
  return {
    slots: e.concurrency,
    service: { type: 'lognormal', medianMs: e.medianMs, p99Ms: e.p99Ms },
    errorRate: e.errorRate,
    rttMs: DEMO_RTT_MS,
  };
}

/** Options for `startDemoServers` (plain data, shaped like `DemoServerOptions`). */
export function demoServerOptions(opts: { transport?: TransportName; seed?: number; protoPath?: string } = {}) {
  return {
    name: 'demo',
    transport: opts.transport ?? 'http',
    seed: opts.seed ?? 1,
    ...(opts.protoPath !== undefined ? { protoPath: opts.protoPath } : {}),
    endpoints: DEMO_ENDPOINTS.map((e) => ({ ...e, sim: { ...demoVirtualServer(e) } as Record<string, unknown> })),
    // So the servers' own pool() is the same pool file as demoPool() below.
    poolExtras: { key: DEMO_KEY } as Record<string, unknown>,
  };
}

/** The request template the demo servers answer, per transport. */
export function demoRequest(transport: TransportName, protoPath?: string): Pool['request'] {
  if (transport === 'grpc') {
    if (!protoPath) throw new Error('demoRequest: grpc needs the path of the demo .proto (writeDemoProto)');
    return { proto: protoPath, service: 'demo.Echo', method: 'Call', message: { key: 'demo' } };
  }
  return transport === 'jsonrpc' ? { method: 'demo.call', params: {} } : { method: 'GET', path: '/' };
}

/**
 * The demo pool file for servers at the given addresses (`{ s1: "http://127.0.0.1:4001", ... }`).
 * Without addresses, placeholders that are fine for simulations (nothing is contacted).
 */
export function demoPool(
  transport: TransportName = 'http',
  opts: { addresses?: Record<string, string>; control?: string; protoPath?: string } = {},
): Pool {
  const endpoints = DEMO_ENDPOINTS.map((e, i) => {
    const placeholder = transport === 'grpc' ? `127.0.0.1:${50051 + i}` : `http://127.0.0.1:${8081 + i}`;
    return { id: e.id, address: opts.addresses?.[e.id] ?? placeholder, weight: e.weight, sim: demoVirtualServer(e) };
  });
  const pool = {
    name: 'demo',
    transport,
    endpoints,
    request: demoRequest(transport, opts.protoPath ?? (transport === 'grpc' ? 'demo.proto' : undefined)),
    key: DEMO_KEY,
  } as Pool;
  if (opts.control !== undefined) pool.control = opts.control;
  return pool;
}

/** The demo scenario as steps (validated against the demo pool's ids). */
export function demoScenario(): ScenarioStep[] {
  return parseScenario(DEMO_SCENARIO, DEMO_ENDPOINTS.map((e) => e.id), 'demo scenario');
}
