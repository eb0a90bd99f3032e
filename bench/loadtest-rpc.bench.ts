/**
 * Issue 16's JSON-RPC and gRPC figures, closed model, 32 in flight, 5 s each, median of 3 rounds
 * in rotating order, each client's requests per CPU-second it spent (the servers run in their own
 * process, loadtest-rpc-server.ts, so their CPU is nobody's) and its req/s:
 * - JSON-RPC: our jsonrpc transport (1 worker) vs autocannon POSTing the same body with the same
 *   connections, against a bare JSON-RPC server that echoes the id (our transport checks it);
 * - gRPC: our grpc transport (1 worker) vs a bare grpc-js unary loop (loadtest-grpc-bare.ts, in a
 *   worker thread of this process: the ceiling for a JavaScript client) against the demo gRPC server.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Worker } from 'node:worker_threads';
import type { LoadTestConfig } from '../src/loadtest';
import type { Bar, Bench } from './lib';
import { bar, printTable } from './lib';
import type { BareLoopData } from './loadtest-grpc-bare';
import { autocannonRequests, BENCH_DIR, bundle, bundledRunner, measure, requestsOf, ROUNDS, rounds, type Counted } from './loadtest-measure';

const SECONDS = 5;
const IN_FLIGHT = 32;
const TIMEOUT_MS = 10_000;
const GRPC_MESSAGE = { key: 'bench' };

interface Server {
  address: string;
  stop(): Promise<void>;
}

async function startServer(mode: 'jsonrpc' | 'grpc', proto: string): Promise<Server> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'loadtest-rpc-server.ts'), mode, proto], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    void exited.then(() => reject(new Error(`the ${mode} bench server exited before listening`)));
  });
  const { address } = JSON.parse(line) as { address: string };
  return {
    address,
    stop: async () => {
      child.stdin!.end();
      await exited;
    },
  };
}

async function ours(config: Pick<LoadTestConfig, 'pool'>, seconds = SECONDS): Promise<Counted> {
  const run = await bundledRunner();
  return requestsOf(await run({ ...config, load: { model: 'closed', concurrency: IN_FLIGHT }, durationMs: seconds * 1000, timeoutMs: TIMEOUT_MS, workers: 1, seed: 1 }));
}

function jsonRpcPool(url: string): Pick<LoadTestConfig, 'pool'> {
  return { pool: { name: 'rpc', transport: 'jsonrpc', endpoints: [{ id: 'j', address: url, weight: 1 }], request: { method: 'ping' } } };
}

function grpcPool(address: string, proto: string): Pick<LoadTestConfig, 'pool'> {
  return { pool: { name: 'grpc', transport: 'grpc', endpoints: [{ id: 'g', address, weight: 1 }], request: { proto, service: 'demo.Echo', method: 'Call', message: GRPC_MESSAGE } } };
}

/** The bare loop's worker thread, kept for every round; a round is measured from its start message. */
async function bareLoop(file: string, data: BareLoopData): Promise<{ run(seconds: number): Promise<Counted>; stop(): Promise<void> }> {
  const worker = new Worker(file, { workerData: data });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const next = <T>(): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
  await next();
  return {
    async run(seconds) {
      const result = next<{ requests: number; errors: number; seconds: number }>();
      worker.postMessage({ seconds });
      const r = await result;
      if (r.errors) throw new Error(`the bare grpc-js loop saw ${r.errors} errors`);
      return { requests: r.requests, seconds: r.seconds };
    },
    async stop() {
      worker.postMessage('exit');
      await exited;
    },
  };
}

export const bench: Bench = {
  name: 'loadtest-rpc',
  async run(): Promise<Bar[]> {
    mkdirSync(BENCH_DIR, { recursive: true });
    const proto = join(BENCH_DIR, 'demo.proto');
    const bareFile = await bundle(join(__dirname, 'loadtest-grpc-bare.ts'), 'grpc-bare.js');
    const bars: Bar[] = [];
    console.log(`load average at start: ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${availableParallelism()} cores\n`);

    const rpc = await startServer('jsonrpc', proto);
    try {
      const body = '{"jsonrpc":"2.0","method":"ping","id":1}';
      // Warm the server and the JIT so the first measured client is not penalised.
      await ours(jsonRpcPool(rpc.address), 1);
      const t = await rounds({
        autocannon: () => measure(() => autocannonRequests({ url: rpc.address, connections: IN_FLIGHT, seconds: SECONDS, method: 'POST', body, headers: { 'content-type': 'application/json' } })),
        'rpc-balancer, 1 worker': () => measure(() => ours(jsonRpcPool(rpc.address))),
      });
      const ac = t.autocannon;
      const one = t['rpc-balancer, 1 worker'];
      console.log(`JSON-RPC, closed model, ${IN_FLIGHT} connections, POST ${body.length}-byte body, echo server, ${SECONDS} s each, median of ${ROUNDS} rounds:`);
      printTable(
        ['client', 'req/s', 'x autocannon', 'req per client CPU-s', 'x autocannon'],
        [
          ['autocannon', ac.rps, 1, ac.perCpuSecond, 1],
          ['rpc-balancer, 1 worker', one.rps, one.rps / ac.rps, one.perCpuSecond, one.perCpuSecond / ac.perCpuSecond],
        ],
      );
      bars.push(bar('JSON-RPC 1 worker vs autocannon (req per client CPU-s)', one.perCpuSecond / ac.perCpuSecond, '>=', 1.05));
      bars.push(bar('JSON-RPC 1 worker vs autocannon (req/s)', one.rps / ac.rps, '>=', 1.0));
    } finally {
      await rpc.stop();
    }

    const grpc = await startServer('grpc', proto);
    try {
      const bare = await bareLoop(bareFile, { target: grpc.address, proto, message: GRPC_MESSAGE, concurrency: IN_FLIGHT, timeoutMs: TIMEOUT_MS });
      // Both warmed alike: a 1 s run each before the rounds.
      await ours(grpcPool(grpc.address, proto), 1);
      await bare.run(1);
      const t = await rounds({
        'bare grpc-js loop': () => measure(() => bare.run(SECONDS)),
        'rpc-balancer, 1 worker': () => measure(() => ours(grpcPool(grpc.address, proto))),
      });
      await bare.stop();
      const loop = t['bare grpc-js loop'];
      const one = t['rpc-balancer, 1 worker'];
      console.log(`\ngRPC unary, closed model, ${IN_FLIGHT} calls in flight on one channel, demo gRPC server, ${SECONDS} s each, median of ${ROUNDS} rounds:`);
      printTable(
        ['client', 'req/s', 'x bare loop', 'req per client CPU-s', 'x bare loop'],
        [
          ['bare grpc-js loop (worker thread)', loop.rps, 1, loop.perCpuSecond, 1],
          ['rpc-balancer, 1 worker', one.rps, one.rps / loop.rps, one.perCpuSecond, one.perCpuSecond / loop.perCpuSecond],
        ],
      );
      bars.push(bar('gRPC 1 worker vs a bare grpc-js loop (req per client CPU-s)', one.perCpuSecond / loop.perCpuSecond, '>=', 0.95));
    } finally {
      await grpc.stop();
    }
    return bars;
  },
};
