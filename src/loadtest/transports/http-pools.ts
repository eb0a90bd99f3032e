/**
 * Which HTTP/1.1 client serves an endpoint, decided here and nowhere else: the lean client
 * (lean-pools.ts) for plain http:// addresses, undici for everything it does not cover
 * (https://, and whatever else comes: proxies, HTTP/2). `RPC_BALANCER_HTTP_CLIENT=undici` sends
 * plain http through undici too: the way back should a server meet the lean client's limits
 * (it speaks only what a load test needs of HTTP/1.1), and how the tests run both paths.
 */
import type { Endpoint } from '../../engine/types';
import type { HttpPools, Judge } from './http-reply';
import type { TlsConnect } from './h2-tls';
import { LeanPools } from './lean-pools';
import type { CallControl, CallResult, TransportOptions } from './types';
import { UndiciPools } from './undici-pools';

export type HttpClientName = 'lean' | 'undici';

/** The client for plain http:// endpoints: the environment's choice, else lean. */
export function plainHttpClient(env: NodeJS.ProcessEnv = process.env): HttpClientName {
  return env.RPC_BALANCER_HTTP_CLIENT === 'undici' ? 'undici' : 'lean';
}

/** `tls` (the pool's trust, h2-tls.ts) goes to undici, which alone speaks https://. */
export function createHttpPools(options: TransportOptions, tls?: TlsConnect, client: HttpClientName = plainHttpClient()): HttpPools {
  const undici = new UndiciPools(options.connections, options.timeoutMs, options.maxReplyBytes, tls);
  if (client === 'undici') return undici;
  return new RoutedPools(new LeanPools(options.connections, options.timeoutMs, options.maxReplyBytes), undici);
}

/** Lean for http://, undici for the rest, remembered per address. */
class RoutedPools implements HttpPools {
  private readonly route = new Map<string, HttpPools>();

  constructor(
    private readonly lean: HttpPools,
    private readonly undici: HttpPools,
  ) {}

  send(endpoint: Endpoint, method: string, path: string, headers: string[], body: string | null, keepBody: boolean, judge: Judge, control?: CallControl): Promise<CallResult> {
    const pools = this.route.get(endpoint.address) ?? this.choose(endpoint.address);
    return pools.send(endpoint, method, path, headers, body, keepBody, judge, control);
  }

  async close(): Promise<void> {
    this.route.clear();
    await Promise.all([this.lean.close(), this.undici.close()]);
  }

  private choose(address: string): HttpPools {
    // Anything not plain http (https, a bad address) goes to undici, which also reports the bad address.
    const pools = /^http:\/\//i.test(address) ? this.lean : this.undici;
    this.route.set(address, pools);
    return pools;
  }
}
