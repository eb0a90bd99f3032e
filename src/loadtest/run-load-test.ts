/**
 * `runLoadTest(config, { signal, onProgress, onEvent })`: checks the config (rejecting with a
 * ConfigError before anything is sent), then runs on this thread or on `workers` threads.
 * Resolves with the RunResult also when cancelled (`status: "cancelled"`) or failed midway
 * (`status: "failed"`, `error`), with everything gathered so far.
 */
import type { RunResult } from '../result/types';
import { LocalRun } from './local-run';
import { makePlan } from './plan';
import type { Plan } from './plan';
import { RunnerEvents } from './runner-events';
import { usefulWorkers } from './share';
import { waitUntil } from './start-at';
import type { LoadTestConfig, RunOptions } from './types';
import { runOnWorkers } from './worker-pool';

export async function runLoadTest(config: LoadTestConfig, opts: RunOptions = {}): Promise<RunResult> {
  const plan = makePlan(config);
  const events = new RunnerEvents();
  subscribe(events, opts);
  return startPlan(plan, events, opts.signal);
}

/** Runs a checked plan, emitting on `events` (the CLI and extension subscribe there). */
export async function startPlan(plan: Plan, events: RunnerEvents, signal?: AbortSignal): Promise<RunResult> {
  const workers = usefulWorkers(plan.load, plan.requests, plan.workers);
  if (workers > 1) return runOnWorkers(plan, workers, events, signal);
  const run = await LocalRun.create(plan);
  run.events.on('progress', (p) => events.emit('progress', p));
  run.events.on('event', (e) => events.emit('event', e));
  await waitUntil(plan.startAt, signal);
  const result = await run.run(signal);
  events.emit('done', result);
  return result;
}

function subscribe(events: RunnerEvents, opts: RunOptions): void {
  if (opts.onProgress) events.on('progress', opts.onProgress);
  if (opts.onEvent) events.on('event', opts.onEvent);
}
