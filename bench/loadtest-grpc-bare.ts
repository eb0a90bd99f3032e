/**
 * Worker-thread entry of loadtest-rpc.bench.ts: the ceiling of a JavaScript gRPC client, a bare
 * grpc-js unary loop. `concurrency` calls in flight on one channel, each answered call followed
 * by the next; the same proto, method, message, channel options and per-call deadline as our grpc
 * transport (src/loadtest/transports/grpc.ts), and nothing else: no balancer, no recorder, the
 * reply's metadata and trailers unread. Bundled by the bench (as the runner is) and started in a
 * worker thread so its CPU counts in this process as the runner's does.
 * Protocol: posts 'ready' once grpc-js is loaded; on each `{ seconds }` loads the proto, makes the
 * channel, runs for `seconds` and posts `{ requests, errors, seconds }`; the thread stays for the
 * next run (its JIT warm, as the runner's is in the bench's own thread) until 'exit'.
 */
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { parentPort, workerData } from 'node:worker_threads';

export interface BareLoopData {
  target: string;
  proto: string;
  message: Record<string, unknown>;
  concurrency: number;
  timeoutMs: number;
}

type Unary = (message: unknown, metadata: grpc.Metadata, options: grpc.CallOptions, callback: (err: grpc.ServiceError | null) => void) => grpc.ClientUnaryCall;

function run(data: BareLoopData, seconds: number): Promise<{ requests: number; errors: number; seconds: number }> {
  const definition = protoLoader.loadSync(data.proto, { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true });
  const Echo = (grpc.loadPackageDefinition(definition).demo as grpc.GrpcObject).Echo as grpc.ServiceClientConstructor;
  const client = new Echo(data.target, grpc.credentials.createInsecure(), {
    'grpc.initial_reconnect_backoff_ms': 100,
    'grpc.max_reconnect_backoff_ms': 1000,
    'grpc.max_receive_message_length': 16 * 1024 * 1024,
  });
  const call = (client as unknown as { Call: Unary }).Call.bind(client);
  const metadata = new grpc.Metadata();
  const t0 = performance.now();
  const endAt = t0 + seconds * 1000;
  let requests = 0;
  let errors = 0;
  let running = data.concurrency;
  return new Promise((resolve) => {
    const next = (): void => {
      if (performance.now() >= endAt) {
        if (--running === 0) {
          client.close();
          resolve({ requests, errors, seconds: (performance.now() - t0) / 1000 });
        }
        return;
      }
      call(data.message, metadata, { deadline: Date.now() + data.timeoutMs }, (err) => {
        requests++;
        if (err) errors++;
        next();
      });
    };
    for (let i = 0; i < data.concurrency; i++) next();
  });
}

if (parentPort) {
  const port = parentPort;
  port.on('message', (msg: { seconds: number } | 'exit') => {
    if (msg === 'exit') return port.close();
    void run(workerData as BareLoopData, msg.seconds).then((r) => port.postMessage(r));
  });
  port.postMessage('ready');
}
