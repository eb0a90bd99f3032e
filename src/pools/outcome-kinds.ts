/**
 * Which outcome kinds a `retryOn` or `nonFatal` list may name: the kinds our transports and the
 * simulator produce (src/result/types.ts `ErrorCounts`), so a typo (`grpc_UNAVAILBLE`, `503`)
 * is caught before any traffic instead of silently never matching.
 */

/** Kinds with a fixed name: connection refused or reset, a timeout, a malformed or oversized reply, a TLS handshake or certificate failure, a full simulated queue, no usable endpoint. */
export const FIXED_KINDS = ['refused', 'reset', 'timeout', 'protocol', 'too_large', 'tls', 'queue_full', 'no_endpoint'] as const;

/** gRPC status names (grpc/grpc doc/statuscodes.md), `OK` excluded: it is never an error. */
export const GRPC_STATUS_NAMES = [
  'CANCELLED', 'UNKNOWN', 'INVALID_ARGUMENT', 'DEADLINE_EXCEEDED', 'NOT_FOUND', 'ALREADY_EXISTS',
  'PERMISSION_DENIED', 'RESOURCE_EXHAUSTED', 'FAILED_PRECONDITION', 'ABORTED', 'OUT_OF_RANGE',
  'UNIMPLEMENTED', 'INTERNAL', 'UNAVAILABLE', 'DATA_LOSS', 'UNAUTHENTICATED',
] as const;

const HTTP = /^http_([45]\d\d)$/;
const GRPC = /^grpc_([A-Z_]+)$/;
const JSONRPC = /^jsonrpc_(-?\d{1,10})$/;

/** Undefined when `kind` is one we produce, else what is wrong with it. */
export function outcomeKindProblem(kind: string): string | undefined {
  if ((FIXED_KINDS as readonly string[]).includes(kind) || HTTP.test(kind) || JSONRPC.test(kind)) return undefined;
  const grpc = GRPC.exec(kind);
  if (grpc && (GRPC_STATUS_NAMES as readonly string[]).includes(grpc[1])) return undefined;
  if (grpc) return `${JSON.stringify(kind)} is not a gRPC status (known: ${GRPC_STATUS_NAMES.join(', ')})`;
  return (
    `unknown outcome kind ${JSON.stringify(kind)} (known: ${FIXED_KINDS.join(', ')}, ` +
    'http_<400..599> like http_503, grpc_<STATUS> like grpc_UNAVAILABLE, jsonrpc_<code> like jsonrpc_-32000)'
  );
}
