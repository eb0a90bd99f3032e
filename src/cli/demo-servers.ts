/** Starting the embedded demo pool for `serve-demo` and `demo`: one place that knows both halves. */
import { startDemoServers, type DemoServers, type DemoTransport } from '../demo';
import { parsePool } from '../pools/parse';
import { demoServerOptions } from '../pools/demo-pool';
import type { PoolConfig } from '../pools/types';

export interface StartDemoOptions {
  seed?: number;
  protoPath?: string;
  controlPort?: number;
  /** The pool's name, default `demo`. */
  name?: string;
  /** http and jsonrpc: h2c, https, or TLS h2 (see DemoServerOptions). */
  http2?: boolean;
  tls?: { key: string; cert: string };
}

export async function startDemo(transport: DemoTransport = 'http', opts: StartDemoOptions = {}): Promise<{ servers: DemoServers; pool: PoolConfig }> {
  const options = {
    ...demoServerOptions({ transport, seed: opts.seed, protoPath: opts.protoPath }),
    controlPort: opts.controlPort,
    ...(opts.name !== undefined ? { name: opts.name } : {}),
    ...(opts.http2 ? { http2: true } : {}),
    ...(opts.tls ? { tls: opts.tls } : {}),
  };
  const servers = await startDemoServers(options);
  try {
    // The printed pool file goes through the same validation as any user's pool.
    const pool = parsePool(servers.pool(transport), { source: 'demo pool' });
    return { servers, pool };
  } catch (e) {
    await servers.close();
    throw e;
  }
}
