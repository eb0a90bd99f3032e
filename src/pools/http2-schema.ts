/** The `http2` and `tls` fields' JSON Schema, from the defaults and bounds of parse-http2.ts (the real check). */
import { HTTP2_BOUNDS, HTTP2_DEFAULTS } from './parse-http2';

export const http2Schemas: Record<string, unknown> = {
  http2: {
    description: 'http and jsonrpc: send over HTTP/2. http:// endpoints speak h2c with prior knowledge; https:// endpoints offer h2 and http/1.1 by ALPN and use what the server picks (the result names it per endpoint). true takes the defaults.',
    anyOf: [
      { type: 'boolean' },
      {
        type: 'object', additionalProperties: false,
        properties: {
          maxConcurrentStreams: {
            type: 'integer', minimum: 1, maximum: HTTP2_BOUNDS.maxConcurrentStreams, default: HTTP2_DEFAULTS.maxConcurrentStreams,
            description: 'Streams in flight on one connection (Envoy max_concurrent_streams, h2load -m); more requests wait in the client. The server\'s own limit also holds.',
          },
          connections: {
            type: 'integer', minimum: 1, maximum: HTTP2_BOUNDS.connections, default: HTTP2_DEFAULTS.connections,
            description: 'HTTP/2 connections per endpoint (h2load -c).',
          },
        },
      },
    ],
  },
  tls: {
    type: 'object', additionalProperties: false,
    description: 'How https:// endpoints are verified (HTTP/1.1 and HTTP/2): a test CA, or none at all for a self-signed server.',
    properties: {
      ca: { type: 'string', minLength: 1, description: 'The CA that signed the servers\' certificates: a PEM file (relative to the pool file) or the PEM text.' },
      insecure: { type: 'boolean', default: false, description: 'Accept any certificate (self-signed test servers). Not with ca.' },
      servername: { type: 'string', minLength: 1, description: 'SNI name, and the name the certificate must carry, when addresses are IPs.' },
    },
  },
};
