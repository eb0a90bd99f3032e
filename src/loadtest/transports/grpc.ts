/**
 * `grpc`: unary calls with @grpc/grpc-js, one client (channel) per endpoint. The service and
 * method come from the pool's `.proto` (loaded with @grpc/proto-loader, its path resolved
 * against the pool file's directory), the request message from the template. The status code is
 * the outcome: `grpc_UNAVAILABLE`, ...; a passed deadline (the request timeout) is `timeout`; a
 * reply over `maxReplyBytes` (grpc-js refuses it unread past the limit) is `too_large`.
 */
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { ConfigError, show } from '../../engine/errors';
import type { Endpoint, LoadReport } from '../../engine/types';
import type { GrpcRequestTemplate } from '../../pools/types';
import type { CallControl, CallRequest, CallResult, Transport, TransportOptions } from './types';
import type { Pushback } from '../../policy/types';
import { LOAD_HEADER, parseLoad } from '../../engine/load-report';
import { decodeOrcaBin, ORCA_BIN_TRAILER } from '../../engine/orca-proto';
import { DEFAULT_MAX_REPLY_BYTES } from './types';

type UnaryMethod = (
  message: unknown,
  metadata: grpc.Metadata,
  options: grpc.CallOptions,
  callback: (err: grpc.ServiceError | null) => void,
) => grpc.ClientUnaryCall;

const PUSHBACK_TRAILER = 'grpc-retry-pushback-ms';

const STATUS_NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(grpc.status).filter(([, v]) => typeof v === 'number').map(([k, v]) => [v as number, k]),
);

/** Throws a ConfigError (the run cannot start) when the proto, service or method is missing. */
export function createGrpcTransport(template: GrpcRequestTemplate | undefined, options: TransportOptions): Transport {
  if (!template || typeof template.proto !== 'string') {
    throw new ConfigError('request.proto', 'a grpc pool needs request.proto, request.service and request.method');
  }
  const ServiceClient = loadService(template, options.baseDir);
  const method = template.method;
  const metadata = new grpc.Metadata();
  // grpc-js wants the bytes of a -bin key; the pool file holds them as base64 (parse-request.ts checks it).
  for (const [k, v] of Object.entries(template.metadata ?? {})) metadata.set(k, /-bin$/i.test(k) ? Buffer.from(String(v), 'base64') : String(v));
  const clients = new Map<string, grpc.Client>();
  const maxReplyBytes = options.maxReplyBytes ?? DEFAULT_MAX_REPLY_BYTES;

  function clientFor(endpoint: Endpoint): grpc.Client {
    let client = clients.get(endpoint.address);
    if (!client) {
      const target = endpoint.address.replace(/^grpc:\/\//, '');
      client = new ServiceClient(target, grpc.credentials.createInsecure(), {
        // Fail fast on a dead server: the run counts it instead of waiting out the deadline.
        'grpc.initial_reconnect_backoff_ms': 100,
        'grpc.max_reconnect_backoff_ms': 1000,
        'grpc.max_receive_message_length': maxReplyBytes,
      });
      clients.set(endpoint.address, client);
    }
    return client;
  }

  return {
    name: 'grpc',
    call(endpoint: Endpoint, request: CallRequest, control?: CallControl): Promise<CallResult> {
      const message = request.payload ?? template.message ?? {};
      return new Promise((resolve) => {
        let load: number | undefined;
        let report: LoadReport | undefined;
        let pushback: Pushback | undefined;
        const client = clientFor(endpoint) as unknown as Record<string, UnaryMethod>;
        const deadline = Date.now() + options.timeoutMs;
        let call: grpc.ClientUnaryCall;
        try {
          call = client[method](message, metadata, { deadline }, (err) => {
            // grpc-js emits 'status' (with the trailers, where ORCA's report is) right after this
            // callback, in the same tick: answer once that has run.
            queueMicrotask(() => {
              const reported = { ...(load === undefined ? {} : { load }), ...(report === undefined ? {} : { report }), ...(pushback === undefined ? {} : { pushback }) };
              resolve(err ? { ok: false, errorKind: grpcErrorKind(err), ...reported } : { ok: true, ...reported });
            });
          });
        } catch (err) {
          // grpc-js throws synchronously when the message does not fit the proto's type.
          resolve({ ok: false, errorKind: 'protocol' });
          void err;
          return;
        }
        call.on('metadata', (md: grpc.Metadata) => {
          const v = md.get(LOAD_HEADER)[0];
          if (v !== undefined) load = parseLoad(String(v));
        });
        call.on('status', (status: grpc.StatusObject) => {
          report = orcaTrailer(status.metadata);
          pushback = pushbackTrailer(status.metadata);
        });
        if (control) {
          control.cancel = () => {
            // The callback's CANCELLED comes later and finds the promise settled.
            resolve({ ok: false, errorKind: 'cancelled' });
            call.cancel();
          };
        }
      });
    },
    async close(): Promise<void> {
      for (const c of clients.values()) c.close();
      clients.clear();
    },
  };
}

/** The OrcaLoadReport of the `endpoint-load-metrics-bin` trailer (grpc-js gives -bin values as Buffers). */
function orcaTrailer(md: grpc.Metadata | undefined): LoadReport | undefined {
  const v = md?.get(ORCA_BIN_TRAILER)[0];
  return v instanceof Uint8Array ? decodeOrcaBin(v) : undefined;
}

/** gRFC A6's `grpc-retry-pushback-ms` trailer, as the server wrote it (the policy layer reads it). */
function pushbackTrailer(md: grpc.Metadata | undefined): Pushback | undefined {
  const v = md?.get(PUSHBACK_TRAILER)[0];
  return v === undefined ? undefined : { grpcRetryPushbackMs: String(v) };
}

function grpcErrorKind(err: grpc.ServiceError): string {
  if (err.code === grpc.status.DEADLINE_EXCEEDED) return 'timeout';
  // grpc-js's own limit, not a server's RESOURCE_EXHAUSTED: "Received message larger than max (N vs. M)".
  if (err.code === grpc.status.RESOURCE_EXHAUSTED && /larger than max/i.test(err.details ?? err.message)) return 'too_large';
  return `grpc_${STATUS_NAMES[err.code] ?? err.code}`;
}

function loadService(template: GrpcRequestTemplate, baseDir: string): grpc.ServiceClientConstructor {
  const file = isAbsolute(template.proto) ? template.proto : resolve(baseDir, template.proto);
  if (!existsSync(file)) throw new ConfigError('request.proto', `file not found: ${show(file)}`);
  let definition: protoLoader.PackageDefinition;
  try {
    definition = protoLoader.loadSync(file, { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true });
  } catch (err) {
    throw new ConfigError('request.proto', `cannot load ${show(file)}: ${(err as Error).message}`);
  }
  const root = grpc.loadPackageDefinition(definition) as Record<string, unknown>;
  let node: unknown = root;
  for (const part of String(template.service).split('.')) {
    node = node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
  }
  if (typeof node !== 'function' || !('service' in node)) {
    throw new ConfigError('request.service', `no service ${show(template.service)} in ${show(template.proto)}`);
  }
  const ctor = node as grpc.ServiceClientConstructor;
  const def = ctor.service[template.method];
  if (!def) {
    throw new ConfigError('request.method', `service ${template.service} has no method ${show(template.method)} (has: ${Object.keys(ctor.service).join(', ')})`);
  }
  if (def.requestStream || def.responseStream) {
    throw new ConfigError('request.method', `${template.service}.${template.method} is a streaming method; only unary calls are supported`);
  }
  return ctor;
}
