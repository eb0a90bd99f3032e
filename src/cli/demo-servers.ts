/** Starting the embedded demo pool for `serve-demo` and `demo`: one place that knows both halves. */
import { startDemoServers, type DemoServers, type DemoTransport } from '../demo';
import { parsePool } from '../pools/parse';
import { demoServerOptions } from '../pools/demo-pool';
import type { PoolConfig } from '../pools/types';

export async function startDemo(transport: DemoTransport = 'http', opts: { seed?: number; protoPath?: string; controlPort?: number } = {}): Promise<{ servers: DemoServers; pool: PoolConfig }> {
  const options = { ...demoServerOptions({ transport, seed: opts.seed, protoPath: opts.protoPath }), controlPort: opts.controlPort };
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
