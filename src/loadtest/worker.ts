/**
 * Worker-thread entry: runs one share of a load test with its own balancer, transport and
 * recorder (share-host.ts), relays progress and events, and posts its RunResult for the main
 * thread to merge. Bundled to dist/loadtest-worker.js (CLI, library) and dist/extension-worker.js (extension).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { hostShare } from './share-host';
import type { FromWorker, WorkerData } from './worker-protocol';

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('loadtest worker: not started as a worker thread');
  const post = (message: FromWorker): void => port.postMessage(message);
  const receive = await hostShare(workerData as WorkerData, post, () => port.close());
  if (!receive) return;
  port.on('message', receive);
  post({ type: 'ready' });
}

void main();
