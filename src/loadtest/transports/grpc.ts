/**
 * `grpc`: unary calls with @grpc/grpc-js, one client (channel) per endpoint. The service and
 * method come from the pool's `.proto` (loaded with @grpc/proto-loader, its path resolved
 * against the pool file's directory), the request message from the template. The status code is
 * the outcome: `grpc_UNAVAILABLE`, ...; a passed deadline (the request timeout) is `timeout`; a
 * reply over `maxReplyBytes` (grpc-js refuses it unread past the limit) is `too_large`.
 * Calls go on the channel's own call API (grpc-exchange.ts), not through a generated Client; a
 * template's message is serialized once, a per-request payload per call.
 */
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { ConfigError, show } from '../../engine/errors';
import type { GrpcRequestTemplate } from '../../pools/types';
import type { Endpoint } from '../../engine/types';
import { GrpcExchanges } from './grpc-exchange';
import type { CallControl, CallRequest, CallResult, Transport, TransportOptions } from './types';
import { DEFAULT_MAX_REPLY_BYTES } from './types';

/** Throws a ConfigError (the run cannot start) when the proto, service or method is missing. */
export function createGrpcTransport(template: GrpcRequestTemplate | undefined, options: TransportOptions): Transport {
  if (!template || typeof template.proto !== 'string') {
    throw new ConfigError('request.proto', 'a grpc pool needs request.proto, request.service and request.method');
  }
  const def = loadMethod(template, options.baseDir);
  const metadata = new grpc.Metadata();
  // grpc-js wants the bytes of a -bin key; the pool file holds them as base64 (parse-request.ts checks it).
  for (const [k, v] of Object.entries(template.metadata ?? {})) metadata.set(k, /-bin$/i.test(k) ? Buffer.from(String(v), 'base64') : String(v));
  const exchanges = new GrpcExchanges({ path: def.path, metadata, decode: def.responseDeserialize });
  const channels = new Map<string, grpc.Channel>();
  const maxReplyBytes = options.maxReplyBytes ?? DEFAULT_MAX_REPLY_BYTES;
  // A template without placeholders sends the same bytes every time: serialized once.
  const fixed = serialize(def, template.message ?? {});

  function channelFor(endpoint: Endpoint): grpc.Channel {
    let channel = channels.get(endpoint.address);
    if (!channel) {
      const target = endpoint.address.replace(/^grpc:\/\//, '');
      channel = new grpc.Channel(target, grpc.credentials.createInsecure(), {
        // Fail fast on a dead server: the run counts it instead of waiting out the deadline.
        'grpc.initial_reconnect_backoff_ms': 100,
        'grpc.max_reconnect_backoff_ms': 1000,
        'grpc.max_receive_message_length': maxReplyBytes,
      });
      channels.set(endpoint.address, channel);
    }
    return channel;
  }

  return {
    name: 'grpc',
    call(endpoint: Endpoint, request: CallRequest, control?: CallControl): Promise<CallResult> {
      const message = request.payload === undefined ? fixed : serialize(def, request.payload);
      // A message that does not fit the proto's type.
      if (message === undefined) return Promise.resolve({ ok: false, errorKind: 'protocol' });
      return exchanges.call(channelFor(endpoint), message, Date.now() + options.timeoutMs, control);
    },
    async close(): Promise<void> {
      for (const c of channels.values()) c.close();
      channels.clear();
    },
  };
}

function serialize(def: grpc.MethodDefinition<unknown, unknown>, message: unknown): Buffer | undefined {
  try {
    return def.requestSerialize(message);
  } catch {
    return undefined;
  }
}

function loadMethod(template: GrpcRequestTemplate, baseDir: string): grpc.MethodDefinition<unknown, unknown> {
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
  return def as grpc.MethodDefinition<unknown, unknown>;
}
