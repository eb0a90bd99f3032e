/**
 * Maps what Node, undici and grpc-js throw onto the error kinds of a RunResult, so a refused
 * connection reads `refused` whichever transport met it.
 */

const BY_CODE: Record<string, string> = {
  ECONNREFUSED: 'refused',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  ECONNABORTED: 'reset',
  UND_ERR_SOCKET: 'reset',
  UND_ERR_CLOSED: 'reset',
  UND_ERR_DESTROYED: 'reset',
  ETIMEDOUT: 'timeout',
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  UND_ERR_BODY_TIMEOUT: 'timeout',
  UND_ERR_ABORTED: 'reset',
  UND_ERR_INFO: 'protocol',
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: 'protocol',
  UND_ERR_HEADERS_OVERFLOW: 'too_large',
  UND_ERR_RES_EXCEEDED_MAX_SIZE: 'too_large',
  HPE_INVALID_CONSTANT: 'protocol',
  HPE_INVALID_STATUS: 'protocol',
  HPE_INVALID_HEADER_TOKEN: 'protocol',
};

/**
 * OpenSSL's verification failures as Node names them (an untrusted, expired or misnamed
 * certificate): a load test against a TLS server most often fails on one of these, and `other`
 * would hide it among everything else.
 */
const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID',
  'CERT_REVOKED', 'CERT_UNTRUSTED', 'CERT_REJECTED', 'CERT_SIGNATURE_FAILURE', 'HOSTNAME_MISMATCH',
]);

/** The error kind of a thrown network error: refused, reset, timeout, protocol, too_large, tls or other. */
export function errorKindOf(err: unknown): string {
  if (err === null || typeof err !== 'object') return 'other';
  const e = err as { code?: unknown; name?: unknown; cause?: unknown; message?: unknown; errors?: unknown };
  if (typeof e.code === 'string') {
    const kind = BY_CODE[e.code];
    if (kind) return kind;
    if (e.code.startsWith('HPE_')) return 'protocol';
    if (TLS_CODES.has(e.code) || e.code.startsWith('ERR_TLS_') || e.code.startsWith('ERR_SSL_')) return 'tls';
  }
  // undici 7's parser errors often carry no code (llhttp's error number has no name): the class says it.
  if (e.name === 'HTTPParserError') return 'protocol';
  // AggregateError (happy eyeballs) and wrapped causes carry the real code one level down.
  if (Array.isArray(e.errors) && e.errors.length > 0) return errorKindOf(e.errors[0]);
  if (e.cause && e.cause !== err) {
    const inner = errorKindOf(e.cause);
    if (inner !== 'other') return inner;
  }
  if (typeof e.message === 'string') {
    if (/other side closed|socket hang up|socket closed/i.test(e.message)) return 'reset';
    if (/timed? ?out/i.test(e.message)) return 'timeout';
  }
  return 'other';
}
