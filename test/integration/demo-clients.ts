/** Minimal clients for the demo servers' three protocols, for the demo-server tests. */
import * as grpc from '@grpc/grpc-js';
import { fromJSON } from '@grpc/proto-loader';
import { Agent, request } from 'node:http';
import { DEMO_PROTO_JSON } from '../../src/demo/index';

export interface Reply {
  ok: boolean;
  /** Server-reported load, or NaN when the call failed before a reply. */
  load: number;
  latencyMs: number;
  /** Refused / reset / UNAVAILABLE without a reply: the server was not there. */
  unreachable?: boolean;
}

export interface DemoClient {
  call(address: string, opts?: { fresh?: boolean; timeoutMs?: number }): Promise<Reply>;
  close(): void;
}

function httpClient(jsonrpc: boolean): DemoClient {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  let seq = 0;
  return {
    call(address, opts = {}) {
      const start = performance.now();
      const id = ++seq;
      const body = jsonrpc ? JSON.stringify({ jsonrpc: '2.0', id, method: 'demo.call', params: {} }) : undefined;
      return new Promise((resolve) => {
        const req = request(
          address + '/',
          { method: jsonrpc ? 'POST' : 'GET', agent: opts.fresh ? false : agent, timeout: opts.timeoutMs ?? 10_000, headers: body ? { 'content-type': 'application/json' } : {} },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => {
              const latencyMs = performance.now() - start;
              const load = Number(res.headers['x-server-load']);
              if (!jsonrpc) return resolve({ ok: res.statusCode === 200, load, latencyMs });
              const reply = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: number; result?: unknown; error?: { code: number } };
              if (reply.id !== id) throw new Error(`JSON-RPC id mismatch: sent ${id}, got ${reply.id}`);
              resolve({ ok: reply.result !== undefined && reply.error === undefined, load, latencyMs });
            });
          },
        );
        req.on('timeout', () => req.destroy(new Error('timeout')));
        req.on('error', () => resolve({ ok: false, load: NaN, latencyMs: performance.now() - start, unreachable: true }));
        req.end(body);
      });
    },
    close: () => agent.destroy(),
  };
}

type EchoClient = grpc.Client & { Call: (req: object, md: grpc.Metadata, opts: grpc.CallOptions, cb: (err: grpc.ServiceError | null, reply?: { load: number }) => void) => grpc.ClientUnaryCall };

function grpcClient(): DemoClient {
  const pkg = grpc.loadPackageDefinition(fromJSON(DEMO_PROTO_JSON as Parameters<typeof fromJSON>[0], { keepCase: true }));
  const Echo = (pkg.demo as grpc.GrpcObject).Echo as grpc.ServiceClientConstructor;
  const clients = new Map<string, EchoClient>();
  const all: EchoClient[] = [];
  return {
    call(address, opts = {}) {
      let client = clients.get(address);
      // A fresh channel skips the reconnect backoff an old one is in after a server left.
      if (!client || opts.fresh) {
        // A local subchannel pool, or grpc-js would share the old channel's connection state.
        client = new Echo(address, grpc.credentials.createInsecure(), { 'grpc.use_local_subchannel_pool': 1 }) as unknown as EchoClient;
        all.push(client);
        if (!opts.fresh) clients.set(address, client);
      }
      const start = performance.now();
      return new Promise((resolve) => {
        let load = NaN;
        const call = client.Call({ key: 'k' }, new grpc.Metadata(), { deadline: Date.now() + (opts.timeoutMs ?? 10_000) }, (err, reply) => {
          const latencyMs = performance.now() - start;
          if (!err) return resolve({ ok: true, load: reply!.load, latencyMs });
          const md = Number(err.metadata?.get('x-server-load')[0]);
          if (!Number.isNaN(md)) load = md;
          resolve({ ok: false, load, latencyMs, unreachable: Number.isNaN(load) });
        });
        call.on('metadata', (m) => {
          load = Number(m.get('x-server-load')[0]);
        });
      });
    },
    close: () => all.forEach((c) => c.close()),
  };
}

export function demoClient(transport: 'http' | 'jsonrpc' | 'grpc'): DemoClient {
  return transport === 'grpc' ? grpcClient() : httpClient(transport === 'jsonrpc');
}

/** Sends `count` calls with `concurrency` in flight; returns the replies in completion order. */
export async function burst(client: DemoClient, address: string, count: number, concurrency: number): Promise<Reply[]> {
  const out: Reply[] = [];
  let sent = 0;
  const caller = async () => {
    while (sent < count) {
      sent++;
      out.push(await client.call(address));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, caller));
  return out;
}

export function percentile(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}
