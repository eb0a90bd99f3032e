/**
 * `workers: N`: N shares of the load (see share.ts), each with its own balancer and recorder:
 * share 0 on this thread, the others on N-1 worker threads. This thread's share takes the same
 * messages as a worker's (share-host.ts): a worker thread costs its start-up (Node's bootstrap,
 * the modules, a cold JIT: ~0.1-0.5 CPU-s), and this thread would otherwise only wait. This
 * thread starts them together, plays the scenario once (control faults here, remove/add
 * forwarded to every share), relays progress and cancel, and merges their RunResults exactly
 * (histograms added bucket by bucket) with `mergeResults`.
 */
import { Worker } from 'node:worker_threads';
import { ConfigError } from '../engine/errors';
import { mergeResults } from '../result/merge';
import type { RunEvent, RunResult } from '../result/types';
import { LiveMerge } from './live-merge';
import { PROGRESS_EVERY_MS } from './local-run';
import { Membership } from './membership';
import type { Plan } from './plan';
import type { RunnerEvents } from './runner-events';
import { ScenarioPlayer } from './scenario';
import { hostShare } from './share-host';
import { waitUntil } from './start-at';
import type { RunProgress } from './types';
import { workerEntry } from './worker-path';
import type { FromWorker, ToWorker, WorkerData } from './worker-protocol';

interface Slot {
  post(message: ToWorker): void;
  terminate(): Promise<unknown>;
  progress?: RunProgress;
  result?: RunResult;
}

export async function runOnWorkers(plan: Plan, count: number, events: RunnerEvents, signal?: AbortSignal): Promise<RunResult> {
  const entry = workerEntry();
  // Discovery runs here once; workers start from its current list and get each change posted.
  const discovery = plan.pool.discovery ? await Membership.start(plan.pool) : undefined;
  if (discovery) plan = discovery.planNow(plan);
  const slots: Slot[] = [];
  const send = (msg: ToWorker): void => slots.forEach((s) => s.result || s.post(msg));
  let startAt = 0;
  let failure: string | undefined;
  const mainEvents: RunEvent[] = [];
  let progressTimer: NodeJS.Timeout | undefined;
  let scenario: ScenarioPlayer | undefined;
  // Every event of the run passes `events` here (the workers' relayed, the scenario's, discovery's).
  const live = new LiveMerge(count);
  const stopLive = events.on('event', (e) => live.event(e));

  const finished = new Promise<void>((resolveAll, rejectAll) => {
    let ready = 0;
    let done = 0;
    let started = false;
    const fail = (message: string): void => {
      if (!started) return rejectAll(new Error(message));
      failure ??= message;
      send({ type: 'fail', error: message });
    };
    const exited = (slot: Slot, index: number, code: number): void => {
      if (slot.result) return;
      fail(`worker ${index} exited (code ${code}) before its result`);
      if (++done === count) resolveAll();
    };
    const onMessage = (slot: Slot, index: number, msg: FromWorker): void => {
      switch (msg.type) {
        case 'ready':
          if (++ready === count) {
            started = true;
            void waitUntil(plan.startAt, signal).then(() => {
              startAt = performance.now();
              send({ type: 'go' });
              startScenario();
            });
          }
          break;
        case 'error':
          if (!started && msg.path !== undefined) rejectAll(new ConfigError(msg.path, msg.problem ?? msg.message));
          else fail(`worker ${index}: ${msg.message}`);
          break;
        case 'progress':
          slot.progress = msg.progress;
          if (msg.progress.live) live.add(index, msg.progress.live);
          break;
        case 'event':
          events.emit('event', msg.event);
          break;
        case 'result':
          slot.result = msg.result;
          if (++done === count) resolveAll();
          break;
      }
    };
    for (let index = 1; index < count; index++) {
      const data: WorkerData = { plan, share: { index, count } };
      const worker = new Worker(entry.file, { workerData: data, eval: entry.eval, ...(entry.execArgv ? { execArgv: entry.execArgv } : {}) });
      const slot: Slot = { post: (m) => worker.postMessage(m), terminate: () => worker.terminate() };
      slots.push(slot);
      worker.on('message', (msg: FromWorker) => onMessage(slot, index, msg));
      worker.on('error', (err) => fail(`worker ${index} crashed: ${err.message}`));
      worker.on('exit', (code) => exited(slot, index, code));
    }
    // Share 0, on this thread; its messages come in a later turn, as a worker's would.
    let receive: ((m: ToWorker) => void) | undefined;
    const own: Slot = { post: (m) => receive?.(m), terminate: async () => receive?.({ type: 'cancel' }) };
    slots.unshift(own);
    const post = (m: FromWorker): void => queueMicrotask(() => onMessage(own, 0, m));
    hostShare({ plan, share: { index: 0, count } }, post, () => queueMicrotask(() => exited(own, 0, 0))).then(
      (r) => {
        receive = r;
        if (r) post({ type: 'ready' });
      },
      (err: Error) => post({ type: 'error', message: err.message }),
    );
  });

  function startScenario(): void {
    const onAbort = (): void => send({ type: 'cancel' });
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    progressTimer = setInterval(() => events.emit('progress', { ...sumProgress(slots, performance.now() - startAt, plan), live: live.take() }), PROGRESS_EVERY_MS);
    if (plan.scenario.length === 0) return;
    scenario = new ScenarioPlayer(plan.scenario, plan.pool.control, {
      membership: (step) => send({ type: 'membership', step }),
      event: (e) => {
        mainEvents.push(e);
        events.emit('event', e);
      },
      failed: (err) => {
        failure ??= err.message;
        send({ type: 'fail', error: err.message });
      },
      elapsed: () => performance.now() - startAt,
    });
    scenario.start();
  }

  discovery?.attach({
    apply: (endpoints) => send({ type: 'members', endpoints }),
    event: (e) => {
      mainEvents.push(e);
      events.emit('event', e);
    },
    elapsed: () => (startAt ? performance.now() - startAt : 0),
  });

  try {
    await finished;
  } catch (err) {
    await Promise.all(slots.map((s) => s.terminate()));
    throw err;
  } finally {
    await discovery?.stop();
    scenario?.stop();
    if (progressTimer) clearInterval(progressTimer);
    stopLive();
  }
  const results = slots.map((s) => s.result).filter((r): r is RunResult => r !== undefined);
  if (results.length === 0) throw new Error(failure ?? 'every worker failed before sending a result');
  // The workers of one shard are not shards of a run: merged as workers, the shard put back after.
  const merged = mergeResults(...results.map((r) => ({ ...r, config: { ...r.config, shard: undefined } })));
  merged.events = [...merged.events, ...mainEvents].sort((a, b) => a.at - b.at);
  merged.config = { ...merged.config, workers: count, ...(plan.shard ? { shard: { ...plan.shard } } : {}) };
  if (!plan.shard) delete merged.config.shard;
  if (failure !== undefined) {
    merged.status = 'failed';
    merged.error = failure;
  }
  events.emit('done', merged);
  return merged;
}

function sumProgress(slots: Slot[], elapsedMs: number, plan: Plan): RunProgress {
  const p: RunProgress = { elapsedMs, requests: 0, errors: 0, throughput: 0, p99: 0, inFlight: 0 };
  if (plan.durationMs !== undefined) p.totalMs = plan.warmupMs + plan.durationMs;
  for (const s of slots) {
    if (!s.progress) continue;
    p.requests += s.progress.requests;
    p.errors += s.progress.errors;
    p.throughput += s.progress.throughput;
    p.inFlight += s.progress.inFlight;
    p.p99 = Math.max(p.p99, s.progress.p99);
  }
  return p;
}
