/**
 * `jsonrpc`: JSON-RPC 2.0 over HTTP POST through the same connection pools as `http`. The reply's
 * `error` member is a failure of kind `jsonrpc_<code>`; a reply whose `id` is not the one sent,
 * or that is not JSON-RPC at all, is `protocol`.
 */
import type { Endpoint } from '../../engine/types';
import type { JsonRpcRequestTemplate } from '../../pools/types';
import { openExchanges } from './h2-route';
import { flatHeaders } from './http-reply';
import type { CallControl, CallRequest, CallResult, Transport, TransportOptions } from './types';

export function createJsonRpcTransport(template: JsonRpcRequestTemplate | undefined, options: TransportOptions): Transport {
  const method = template?.method ?? 'ping';
  const path = template?.path ?? '/';
  const headers = flatHeaders(template?.headers, { 'content-type': 'application/json' });
  // Only the id changes per request: the rest is serialised once.
  const head = '{"jsonrpc":"2.0","method":' + JSON.stringify(method);
  const staticParams = template?.params === undefined ? '' : ',"params":' + JSON.stringify(template.params);
  const pools = openExchanges(options);

  return {
    name: 'jsonrpc',
    call(endpoint: Endpoint, request: CallRequest, control?: CallControl): Promise<CallResult> {
      const params = request.payload === undefined ? staticParams : ',"params":' + JSON.stringify(request.payload);
      const id = request.seq;
      const body = head + params + ',"id":' + id + '}';
      return pools.send(endpoint, 'POST', path, headers, body, true, (status, reported, reply) => {
        const kind = judge(status, reply, id);
        if (kind) return { ok: false, errorKind: kind, ...reported };
        return { ok: true, ...reported };
      }, control);
    },
    ...(pools.protocols ? { protocols: () => pools.protocols!() } : {}),
    close: () => pools.close(),
  };
}

/** The error kind of a reply, or undefined when it is a success for request `id`. */
export function judge(status: number, body: Buffer | undefined, id: number): string | undefined {
  let reply: unknown;
  try {
    reply = JSON.parse(body && body.length ? body.toString('utf8') : '');
  } catch {
    return status >= 400 ? `http_${status}` : 'protocol';
  }
  if (reply === null || typeof reply !== 'object' || Array.isArray(reply)) return status >= 400 ? `http_${status}` : 'protocol';
  const r = reply as { jsonrpc?: unknown; id?: unknown; error?: { code?: unknown } | null; result?: unknown };
  // A JSON-RPC error says more than the HTTP status that may carry it.
  if (r.error !== undefined && r.error !== null) {
    const code = typeof r.error === 'object' && Number.isInteger(r.error.code) ? String(r.error.code) : 'unknown';
    return `jsonrpc_${code}`;
  }
  if (status >= 400) return `http_${status}`;
  if (r.jsonrpc !== '2.0' || r.id !== id || !('result' in r)) return 'protocol';
  return undefined;
}
