/**
 * What each endpoint negotiated (`EndpointResult.protocol`) as every view says it: the CLI table,
 * the results panel and the HTML report. One rule and one wording, so a pool that asked for HTTP/2
 * and was answered over HTTP/1.1 (ALPN chose it) reads the same wherever it is shown.
 */
import type { EndpointResult, RunResult } from './types';

/** Whether any endpoint carries a protocol (live HTTP/JSON-RPC runs asked for HTTP/2); simulations and gRPC never do. */
export function showsProtocol(result: RunResult): boolean {
  return result.endpoints.some((ep) => ep.protocol !== undefined);
}

/** Whether the run's pool asked for HTTP/2 (`http2` beside `transport`). */
export function askedHttp2(result: RunResult): boolean {
  const http2 = result.config.pool?.http2;
  return http2 !== undefined && http2 !== false;
}

/** An endpoint answered over HTTP/1.1 although its pool asked for HTTP/2. */
export function fellBack(result: RunResult, ep: EndpointResult): boolean {
  return ep.protocol === 'http/1.1' && askedHttp2(result);
}

/** The protocol cell: the negotiated protocol, marked when it is a fallback; '' when unknown. */
export function protocolLabel(result: RunResult, ep: EndpointResult): string {
  if (ep.protocol === undefined) return '';
  return fellBack(result, ep) ? `${ep.protocol} (no h2)` : ep.protocol;
}

/** The ids of the endpoints that fell back to HTTP/1.1. */
export function fallbackIds(result: RunResult): string[] {
  return result.endpoints.filter((ep) => fellBack(result, ep)).map((ep) => ep.id);
}

const SHOWN_IDS = 5;

/** One sentence naming the endpoints that fell back; undefined when none did. */
export function fallbackNote(result: RunResult): string | undefined {
  const ids = fallbackIds(result);
  if (ids.length === 0) return undefined;
  const named = ids.slice(0, SHOWN_IDS).join(', ') + (ids.length > SHOWN_IDS ? ` and ${ids.length - SHOWN_IDS} more` : '');
  const verb = ids.length === 1 ? 'was' : 'were';
  return `HTTP/2 was asked for, but ${named} ${verb} answered over http/1.1: the server chose it by ALPN (it offers no h2)`;
}
