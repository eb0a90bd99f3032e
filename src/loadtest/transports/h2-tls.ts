/**
 * A pool's `tls` as Node's TLS connect options, shared by the HTTP/1.1 path (undici's `connect`)
 * and the HTTP/2 sessions, so a test CA or `insecure` holds whichever protocol a server speaks.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { ConfigError } from '../../engine/errors';
import type { TlsConfig } from '../../pools/types';

export interface TlsConnect {
  ca?: string | Buffer;
  rejectUnauthorized?: boolean;
  servername?: string;
}

/** Reads the CA file once per transport; a file that cannot be read fails the run before anything is sent. */
export function tlsConnect(tls: TlsConfig | undefined, baseDir: string): TlsConnect | undefined {
  if (!tls) return undefined;
  const out: TlsConnect = {};
  if (tls.ca !== undefined) {
    if (tls.ca.trimStart().startsWith('-----BEGIN')) out.ca = tls.ca;
    else {
      const file = isAbsolute(tls.ca) ? tls.ca : resolve(baseDir, tls.ca);
      try {
        out.ca = readFileSync(file);
      } catch (e) {
        throw new ConfigError('tls.ca', `cannot read ${file}: ${(e as Error).message}`);
      }
    }
  }
  if (tls.insecure) out.rejectUnauthorized = false;
  if (tls.servername !== undefined) out.servername = tls.servername;
  return out;
}
