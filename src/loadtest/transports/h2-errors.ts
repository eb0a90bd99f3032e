/**
 * The error kinds of what node:http2 throws, on top of `errorKindOf`: a stream the server reset
 * (RST_STREAM), a stream past a GOAWAY's last id, a session torn down under its streams are all
 * `reset`, as a dropped HTTP/1.1 connection is; a refused connect stays `refused` (its cause).
 */
import { errorKindOf } from './error-kinds';

const RESET_CODES = new Set([
  'ERR_HTTP2_STREAM_ERROR', 'ERR_HTTP2_GOAWAY_SESSION', 'ERR_HTTP2_SESSION_ERROR', 'ERR_HTTP2_STREAM_CANCEL',
  'ERR_HTTP2_INVALID_SESSION', 'ERR_HTTP2_INVALID_STREAM', 'ERR_HTTP2_SOCKET_UNBOUND',
]);
const PROTOCOL_CODES = new Set(['ERR_HTTP2_ERROR', 'ERR_HTTP2_INVALID_HEADER_VALUE', 'ERR_HTTP2_HEADERS_AFTER_RESPOND']);

export function h2ErrorKind(err: unknown): string {
  const kind = errorKindOf(err);
  if (kind !== 'other') return kind;
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && RESET_CODES.has(code)) return 'reset';
  if (typeof code === 'string' && PROTOCOL_CODES.has(code)) return 'protocol';
  return 'other';
}
