import { strict as assert } from 'node:assert';
import { X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { CertificateError, makeSelfSignedCert } from '../../../src/demo/self-signed-cert';

describe('demo/self-signed-cert', () => {
  it('makes a certificate for 127.0.0.1 and localhost that is its own issuer; remove deletes its folder', () => {
    const c = makeSelfSignedCert();
    try {
      const x = new X509Certificate(c.cert);
      assert.ok(x.checkIP('127.0.0.1'));
      assert.ok(x.checkHost('localhost'));
      assert.ok(x.checkIssued(x), 'self-signed');
      assert.match(c.key, /BEGIN PRIVATE KEY/);
      assert.ok(existsSync(c.certFile));
    } finally {
      c.remove();
    }
    assert.equal(existsSync(c.dir), false);
  });

  it('says openssl is missing, and what to do, when it is not on the PATH', () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent-rpcb';
    try {
      assert.throws(() => makeSelfSignedCert(), (e: unknown) => e instanceof CertificateError && /openssl, which is not on the PATH: install openssl/.test(e.message));
    } finally {
      process.env.PATH = path;
    }
  });
});
