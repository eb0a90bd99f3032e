/**
 * `http`: the pool's request template (method, path, headers, body) sent through keep-alive
 * connections per endpoint (http-pools.ts picks the client). A status of 400 or more is a
 * failure of kind `http_<status>`.
 */
import type { Endpoint } from '../../engine/types';
import type { HttpRequestTemplate } from '../../pools/types';
import { openExchanges } from './h2-route';
import { flatHeaders, type Reported } from './http-reply';
import type { CallControl, CallRequest, CallResult, Transport, TransportOptions } from './types';

export function createHttpTransport(template: HttpRequestTemplate | undefined, options: TransportOptions): Transport {
  const method = (template?.method ?? 'GET').toUpperCase();
  const path = template?.path ?? '/';
  const isJson = template?.body !== undefined && typeof template.body !== 'string';
  const headers = flatHeaders(template?.headers, isJson ? { 'content-type': 'application/json' } : {});
  const staticBody = encodeBody(template?.body);
  const pools = openExchanges(options);

  return {
    name: 'http',
    call(endpoint: Endpoint, request: CallRequest, control?: CallControl): Promise<CallResult> {
      const body = request.payload === undefined ? staticBody : encodeBody(request.payload);
      return pools.send(endpoint, method, request.path ?? path, headers, body, false, judgeHttp, control);
    },
    ...(pools.protocols ? { protocols: () => pools.protocols!() } : {}),
    close: () => pools.close(),
  };
}

function judgeHttp(status: number, reported: Reported): CallResult {
  if (status >= 400) return { ok: false, errorKind: `http_${status}`, ...reported };
  return { ok: true, ...reported };
}

function encodeBody(body: unknown): string | null {
  if (body === undefined || body === null) return null;
  return typeof body === 'string' ? body : JSON.stringify(body);
}
