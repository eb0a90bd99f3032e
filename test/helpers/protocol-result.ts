/**
 * A real live RunResult whose pool asked for HTTP/2 and got both answers: endpoint `h2` from a
 * demo server offering h2 by ALPN, `fallback` from a TLS demo server that offers only http/1.1.
 * Made by the project's runner against demo servers on 127.0.0.1 (never hand-written).
 */
import { startDemoServers, type DemoServers } from '../../src/demo';
import { runLoadTest } from '../../src/loadtest';
import { parsePool } from '../../src/pools/parse';
import type { RunResult } from '../../src/result/types';
import { assertValidRunResult } from '../../src/result/validate';
import { makeTestCert } from './tls-cert';

export async function mixedProtocolResult(requests = 40): Promise<RunResult> {
  const cert = makeTestCert();
  const tls = { key: cert.key, cert: cert.cert };
  const started: DemoServers[] = [];
  try {
    const h2 = await startDemoServers({ endpoints: [{ id: 'h2', medianMs: 1 }], http2: true, tls, seed: 3 });
    started.push(h2);
    const h1 = await startDemoServers({ endpoints: [{ id: 'fallback', medianMs: 1 }], tls, seed: 4 });
    started.push(h1);
    const pool = parsePool({
      name: 'mixed',
      transport: 'http',
      endpoints: [{ id: 'h2', address: h2.endpoints[0].address }, { id: 'fallback', address: h1.endpoints[0].address }],
      request: { method: 'GET', path: '/' },
      http2: true,
      tls: { ca: cert.cert },
    });
    const result = await runLoadTest({ pool, load: { model: 'closed', concurrency: 4 }, requests, seed: 9 });
    assertValidRunResult(result);
    return result;
  } finally {
    await Promise.all(started.map((s) => s.close()));
    cert.remove();
  }
}
