/**
 * A self-signed certificate for 127.0.0.1 and localhost, made by `openssl` in a temp dir when a
 * test asks (no key is ever committed). The certificate is its own CA: a pool trusts it with
 * `tls: { ca }`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCert {
  key: string;
  cert: string;
  /** The certificate's file, for a pool file's `tls.ca` (removed by `remove`). */
  certFile: string;
  dir: string;
  remove(): void;
}

export function makeTestCert(commonName = '127.0.0.1'): TestCert {
  const dir = mkdtempSync(join(tmpdir(), 'rpcb-cert-'));
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
    '-subj', `/CN=${commonName}`, '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:h2.test',
    '-keyout', keyFile, '-out', certFile,
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  return {
    key: readFileSync(keyFile, 'utf8'),
    cert: readFileSync(certFile, 'utf8'),
    certFile,
    dir,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
