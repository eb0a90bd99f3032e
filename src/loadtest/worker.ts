/**
 * Worker-thread entry: runs one share of a load test with its own balancer, transport and
 * recorder, relays progress and events, and posts its RunResult for the main thread to merge.
 * Bundled to dist/loadtest-worker.js (CLI, library) and dist/extension-worker.js (extension).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ConfigError } from '../engine/errors';
import { LocalRun } from './local-run';
import type { FromWorker, ToWorker, WorkerData } from './worker-protocol';

function post(message: FromWorker): void {
  parentPort!.postMessage(message);
}

async function main(): Promise<void> {
  if (!parentPort) throw new Error('loadtest worker: not started as a worker thread');
  const data = workerData as WorkerData;
  let run: LocalRun;
  try {
    run = await LocalRun.create(data.plan, { share: data.share, playScenario: false, discover: false });
  } catch (err) {
    const e = err as Error;
    post(err instanceof ConfigError ? { type: 'error', message: e.message, path: err.path, problem: err.problem } : { type: 'error', message: e.message });
    return;
  }
  run.events.on('progress', (progress) => post({ type: 'progress', progress }));
  run.events.on('event', (event) => post({ type: 'event', event }));
  const controller = new AbortController();
  parentPort.on('message', (msg: ToWorker) => {
    if (msg.type === 'go') {
      run.run(controller.signal).then(
        (result) => {
          post({ type: 'result', result });
          parentPort!.close();
        },
        (err: Error) => {
          post({ type: 'error', message: err.message });
          parentPort!.close();
        },
      );
    } else if (msg.type === 'cancel') controller.abort();
    else if (msg.type === 'fail') run.stop('failed', msg.error);
    else if (msg.type === 'membership') run.membership(msg.step);
    else if (msg.type === 'members') run.setMembers(msg.endpoints);
  });
  post({ type: 'ready' });
}

void main();
