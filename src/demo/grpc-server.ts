/**
 * One demo endpoint over gRPC: unary `demo.Echo/Call`. An injected failure is UNAVAILABLE.
 * The load goes in the reply, in the initial metadata and in the trailers (`x-server-load`); the
 * ORCA load report in the trailers (`endpoint-load-metrics-bin`, the serialized OrcaLoadReport).
 * grpc-js cannot listen again after a shutdown, so each listen makes a new Server on the same port.
 */
import * as grpc from '@grpc/grpc-js';
import { fromJSON } from '@grpc/proto-loader';
import type { EndpointBehaviour } from './behaviour';
import { HOST, type Listener } from './listener';
import { DEMO_PROTO_JSON } from './proto';
import { encodeOrcaBin } from './orca';

type Definition = grpc.ServiceDefinition;
let echoService: Definition | undefined;

function service(): Definition {
  if (!echoService) {
    const pkg = grpc.loadPackageDefinition(fromJSON(DEMO_PROTO_JSON as Parameters<typeof fromJSON>[0], { keepCase: true }));
    echoService = ((pkg.demo as grpc.GrpcObject).Echo as grpc.ServiceClientConstructor).service;
  }
  return echoService;
}

export class GrpcEndpointServer implements Listener {
  port = 0;
  private server: grpc.Server | undefined;
  // Calls of an older server (before a leave) are gone even if grpc-js has not said so yet.
  private generation = 0;

  constructor(private readonly behaviour: EndpointBehaviour) {}

  get listening(): boolean {
    return this.server !== undefined;
  }

  listen(): Promise<void> {
    if (this.server) return Promise.resolve();
    const server = new grpc.Server();
    const generation = ++this.generation;
    server.addService(service(), { Call: (call: grpc.ServerUnaryCall<{ key?: string }, unknown>, cb: grpc.sendUnaryData<unknown>) => this.onCall(call, cb, generation) });
    return new Promise((resolve, reject) => {
      server.bindAsync(`${HOST}:${this.port}`, grpc.ServerCredentials.createInsecure(), (err, port) => {
        if (err) {
          server.forceShutdown();
          reject(err);
          return;
        }
        this.port = port;
        this.server = server;
        resolve();
      });
    });
  }

  leave(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.generation++;
    server?.forceShutdown();
    return Promise.resolve();
  }

  close(): Promise<void> {
    return this.leave();
  }

  private onCall(call: grpc.ServerUnaryCall<{ key?: string }, unknown>, cb: grpc.sendUnaryData<unknown>, generation: number): void {
    const id = this.behaviour.id;
    const alive = () => !call.cancelled && generation === this.generation;
    this.behaviour.submit({
      alive,
      reply: (ok, load, orca) => {
        if (!alive()) return false;
        const md = () => {
          const m = new grpc.Metadata();
          m.set('x-server-load', load.toFixed(4));
          m.set('x-endpoint', id);
          return m;
        };
        const trailers = () => {
          const m = md();
          m.set('endpoint-load-metrics-bin', encodeOrcaBin(orca));
          return m;
        };
        try {
          call.sendMetadata(md());
          if (ok) cb(null, { endpoint: id, load, key: call.request?.key ?? '' }, trailers());
          else cb({ code: grpc.status.UNAVAILABLE, details: `demo failure at ${id}`, metadata: pushback(trailers(), this.behaviour.pushbackMs) });
        } catch {
          return false;
        }
        return true;
      },
    });
  }
}

/** gRFC A6 server pushback on a failure's trailers, when the endpoint is told to push back. */
function pushback(md: grpc.Metadata, ms: number | undefined): grpc.Metadata {
  if (ms !== undefined) md.set('grpc-retry-pushback-ms', String(ms));
  return md;
}
