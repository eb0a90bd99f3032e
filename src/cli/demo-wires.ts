/**
 * `serve-demo --h2c` and `--h2`: the demo pool once more over h2c (HTTP/2 with prior knowledge)
 * and over TLS offering h2 and http/1.1 by ALPN, each on its own ports with its own control
 * server and pool file. The listeners are the demo servers' own (`DemoServerOptions.http2`/`tls`);
 * the TLS certificate is self-signed, made by openssl when the servers start and removed when they stop.
 */
import { CertificateError, makeSelfSignedCert, type DemoServers, type SelfSignedCert } from '../demo';
import type { PoolConfig } from '../pools/types';
import { startDemo } from './demo-servers';
import { UsageError } from './exit-codes';

export type DemoWireName = 'h2c' | 'h2';

export interface DemoWireSet {
  wire: DemoWireName;
  servers: DemoServers;
  pool: PoolConfig;
  /** The TLS certificate's file (`h2` only), for curl's `--cacert`. */
  certFile?: string;
}

/** Pool files beside `--write FILE`: demo-pool.json -> demo-pool.h2c.json. */
export function wirePoolFile(file: string, wire: DemoWireName): string {
  return `${file.replace(/\.json$/, '')}.${wire}.json`;
}

/** What serve-demo says about a set: its addresses, its control server, its certificate. */
export function describeWireSet(set: DemoWireSet): string {
  const what = set.wire === 'h2c' ? 'h2c (HTTP/2, prior knowledge)' : 'TLS h2 (h2 and http/1.1 by ALPN)';
  const cert = set.certFile ? `; self-signed certificate ${set.certFile}` : '';
  return `${what} demo servers on ${set.servers.endpoints.map((e) => e.address).join(', ')}; control ${set.servers.control}${cert}`;
}

/**
 * Starts a set per wire asked for; if one fails, those started are closed before the error goes on.
 * Close the sets with `closeWireSets`, which also removes the certificate.
 */
export async function startWireSets(wires: readonly DemoWireName[], opts: { seed?: number }): Promise<{ sets: DemoWireSet[]; close: () => Promise<void> }> {
  const sets: DemoWireSet[] = [];
  let cert: SelfSignedCert | undefined;
  const close = async () => {
    await Promise.all(sets.map((s) => s.servers.close()));
    cert?.remove();
  };
  try {
    for (const wire of wires) {
      if (wire === 'h2') cert = certificate();
      const tls = wire === 'h2' && cert ? { key: cert.key, cert: cert.cert } : undefined;
      const { servers, pool } = await startDemo('http', { seed: opts.seed, name: `demo-${wire}`, http2: true, ...(tls ? { tls } : {}) });
      sets.push({ wire, servers, pool, ...(tls && cert ? { certFile: cert.certFile } : {}) });
    }
  } catch (e) {
    await close();
    throw e;
  }
  return { sets, close };
}

function certificate(): SelfSignedCert {
  try {
    return makeSelfSignedCert();
  } catch (e) {
    if (e instanceof CertificateError) throw new UsageError(`--h2: ${e.message}`);
    throw e;
  }
}
