/**
 * The tests' TLS certificate: the one `serve-demo --h2` makes (src/demo/self-signed-cert.ts), a
 * self-signed certificate for 127.0.0.1, localhost and h2.test that is its own CA.
 */
import { makeSelfSignedCert, type SelfSignedCert } from '../../src/demo/self-signed-cert';

export type TestCert = SelfSignedCert;

export function makeTestCert(commonName = '127.0.0.1'): TestCert {
  return makeSelfSignedCert(commonName);
}
