/**
 * Runs a suite once per HTTP client the http and jsonrpc transports can send through
 * (src/loadtest/transports/http-pools.ts): the lean client and undici. The choice is the
 * environment's (`RPC_BALANCER_HTTP_CLIENT`), set for the suite's duration, so worker threads,
 * which copy the environment when they start, send through the same one.
 */
import type { HttpClientName } from '../../src/loadtest/transports/http-pools';

export const HTTP_CLIENTS: readonly HttpClientName[] = ['lean', 'undici'];
const VAR = 'RPC_BALANCER_HTTP_CLIENT';

export function describeEachHttpClient(title: string, body: (this: Mocha.Suite, client: HttpClientName) => void): void {
  for (const client of HTTP_CLIENTS) {
    describe(`${title} [${client}]`, function () {
      let saved: string | undefined;
      before(() => {
        saved = process.env[VAR];
        process.env[VAR] = client;
      });
      after(() => {
        if (saved === undefined) delete process.env[VAR];
        else process.env[VAR] = saved;
      });
      body.call(this, client);
    });
  }
}
