/**
 * A client of the demo gRPC service (`demo.Echo/Call`, src/demo) made with a given grpc-js module,
 * and a bounded load loop over it, for the gRPC policy tests. The reply names the endpoint that
 * answered, so a test counts where each call went without trusting the balancer's own view.
 */
import { fromJSON } from '@grpc/proto-loader';
import { DEMO_PROTO_JSON } from '../../src/demo/index';
import type { GrpcModule } from './grpc-versions';

export interface CallResult {
  ok: boolean;
  /** Id of the demo endpoint that answered, or undefined when the call failed. */
  endpoint?: string;
  code: number;
  details?: string;
}

export interface EchoClient {
  call(metadata?: Record<string, string>, timeoutMs?: number): Promise<CallResult>;
  /** grpc-js's connectivity state of the channel, as its name (`READY`, ...). */
  state(): string;
  close(): void;
}

type UnaryCallback = (err: { code: number; details: string } | null, reply?: { endpoint: string }) => void;
type RawClient = {
  Call(req: object, md: unknown, opts: { deadline: number }, cb: UnaryCallback): unknown;
  getChannel(): { getConnectivityState(tryToConnect: boolean): number };
  close(): void;
};

/** `{ "loadBalancingConfig": [{ [policy]: config }] }` as the `grpc.service_config` channel option. */
export function serviceConfig(policy: string, config: object = {}): string {
  return JSON.stringify({ loadBalancingConfig: [{ [policy]: config }] });
}

export function echoClient(grpc: GrpcModule, target: string, options: Record<string, string | number> = {}): EchoClient {
  const definition = fromJSON(DEMO_PROTO_JSON as Parameters<typeof fromJSON>[0], { keepCase: true });
  const pkg = grpc.loadPackageDefinition(definition as never) as unknown as { demo: { Echo: new (t: string, c: unknown, o: object) => RawClient } };
  // A pool of our own: subchannels are otherwise shared by every channel of the process.
  const client = new pkg.demo.Echo(target, grpc.credentials.createInsecure(), { 'grpc.use_local_subchannel_pool': 1, ...options });
  return {
    call(metadata = {}, timeoutMs = 5_000) {
      const md = new grpc.Metadata();
      for (const [k, v] of Object.entries(metadata)) md.set(k, v);
      return new Promise((resolve) => {
        client.Call({ key: 'k' }, md, { deadline: Date.now() + timeoutMs }, (err, reply) => {
          if (err) resolve({ ok: false, code: err.code, details: err.details });
          else resolve({ ok: true, code: 0, endpoint: reply?.endpoint });
        });
      });
    },
    state: () => grpc.connectivityState[client.getChannel().getConnectivityState(false)] as string,
    close: () => client.close(),
  };
}

/**
 * `total` calls with at most `concurrency` in flight; `metadata(i)` gives call i's headers.
 * Bounded in count, and each call by its deadline.
 */
export async function runCalls(
  client: EchoClient,
  total: number,
  concurrency: number,
  metadata: (i: number) => Record<string, string> = () => ({}),
): Promise<CallResult[]> {
  const results: CallResult[] = new Array(total);
  let next = 0;
  const worker = async () => {
    while (next < total) {
      const i = next++;
      results[i] = await client.call(metadata(i));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  return results;
}

/** Calls per endpoint id among the successful results. */
export function countByEndpoint(results: readonly CallResult[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of results) if (r.ok && r.endpoint) counts.set(r.endpoint, (counts.get(r.endpoint) ?? 0) + 1);
  return counts;
}

/**
 * Calls (one at a time) until every id in `ids` has answered, at most `maxCalls` calls and
 * `maxMs`: the channel connects its subchannels one by one, and a share measured before all are
 * READY says nothing about the strategy. Returns false if not all answered in time.
 */
export async function untilAllAnswer(client: EchoClient, ids: readonly string[], maxCalls = 500, maxMs = 15_000): Promise<boolean> {
  const seen = new Set<string>();
  const deadline = performance.now() + maxMs;
  for (let i = 0; i < maxCalls && performance.now() < deadline; i++) {
    const r = await client.call();
    if (r.ok && r.endpoint) seen.add(r.endpoint);
    if (ids.every((id) => seen.has(id))) return true;
  }
  return false;
}
