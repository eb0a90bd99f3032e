/**
 * One share of a run on this thread, driven by the worker protocol (worker-protocol.ts): what a
 * worker thread runs (worker.ts), and the main thread's own share (worker-pool.ts), so both take
 * the same messages and answer alike.
 */
import { ConfigError } from '../engine/errors';
import { LocalRun } from './local-run';
import type { FromWorker, ToWorker, WorkerData } from './worker-protocol';

/**
 * Makes the share's run and returns what takes the main thread's messages; undefined when the
 * run could not be made (the error posted). `ended` is called once the result (or a failure) is posted.
 */
export async function hostShare(data: WorkerData, post: (message: FromWorker) => void, ended: () => void): Promise<((message: ToWorker) => void) | undefined> {
  let run: LocalRun;
  try {
    run = await LocalRun.create(data.plan, { share: data.share, playScenario: false, discover: false });
  } catch (err) {
    const e = err as Error;
    post(err instanceof ConfigError ? { type: 'error', message: e.message, path: err.path, problem: err.problem } : { type: 'error', message: e.message });
    return undefined;
  }
  run.events.on('progress', (progress) => post({ type: 'progress', progress }));
  run.events.on('event', (event) => post({ type: 'event', event }));
  const controller = new AbortController();
  let started = false;
  return (msg: ToWorker) => {
    if (msg.type === 'go') {
      started = true;
      run.run(controller.signal).then(
        (result) => {
          post({ type: 'result', result });
          ended();
        },
        (err: Error) => {
          post({ type: 'error', message: err.message });
          ended();
        },
      );
    } else if (msg.type === 'cancel') {
      controller.abort();
      // Cancelled before it started (another share could not start): run() will not close it.
      if (!started) void run.transport.close();
    }
    else if (msg.type === 'fail') run.stop('failed', msg.error);
    else if (msg.type === 'membership') run.membership(msg.step);
    else if (msg.type === 'members') run.setMembers(msg.endpoints);
  };
}
