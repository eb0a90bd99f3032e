/**
 * A self-signed certificate for the demo's TLS listeners (and the tests'), made by `openssl` in a
 * temp folder at run time, so no key is ever shipped or committed. It names 127.0.0.1, localhost
 * and h2.test, and is its own CA: a pool trusts it with `tls: { ca }`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SelfSignedCert {
  key: string;
  cert: string;
  /** The certificate's file, for a pool file's `tls.ca` (removed by `remove`). */
  certFile: string;
  dir: string;
  remove(): void;
}

/** Thrown when openssl is not on the PATH or fails; says what to install. */
export class CertificateError extends Error {}

export function makeSelfSignedCert(commonName = '127.0.0.1', days = 2): SelfSignedCert {
  const dir = mkdtempSync(join(tmpdir(), 'rpcb-cert-'));
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', String(days),
      '-subj', `/CN=${commonName}`, '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:h2.test',
      '-keyout', keyFile, '-out', certFile,
    ], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    const err = e as NodeJS.ErrnoException & { stderr?: Buffer };
    if (err.code === 'ENOENT') {
      throw new CertificateError('a TLS listener needs a self-signed certificate, made with openssl, which is not on the PATH: install openssl (e.g. apt-get install openssl) or leave out the TLS option');
    }
    const detail = err.stderr?.toString().trim().split('\n').at(-1) ?? err.message;
    throw new CertificateError(`openssl could not make a self-signed certificate: ${detail}`);
  }
  return {
    key: readFileSync(keyFile, 'utf8'),
    cert: readFileSync(certFile, 'utf8'),
    certFile,
    dir,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
