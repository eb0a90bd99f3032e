/**
 * `simulate(config)`: a seeded discrete-event simulation of a virtual pool, returning the same
 * RunResult as a live run (`kind: "simulation"`).
 *
 * Synchronous: nothing sleeps and nothing touches the network, so a run is a plain function call
 * (1,000,000 requests take about a second; run it in a worker to keep a UI responsive).
 *
 * Deterministic: the same config and seed give byte-identical JSON. The result holds no wall
 * clock: `startedAt` is the Unix epoch (1970-01-01T00:00:00.000Z), the virtual clock's zero.
 * Every random draw comes from streams derived from `seed` (arrivals, keys, the strategy, and two
 * per server: service times, failures), so that changing the strategy leaves the
 * arrivals and each server's service times and failure draws as they were (common random numbers: strategy
 * comparisons differ by the strategy, not by the luck of the draw).
 */
import { createBalancer, strategyDefinition } from '../engine/registry';
import { createSeededRandom } from '../engine/seeded-random';
import type { KeySpec, ScenarioStep } from '../pools/types';
import type { Recorder } from '../result/recorder';
import type { RingInfo, RunResult, RunStatus } from '../result/types';
import { recorderFor, ringInfoOf, sampleKey, scheduleOf } from '../run/describe';
import { balancingOptions } from '../pools/parse-balancing';
import { balancerEvent } from '../run/events';
import { RequestSource } from '../run/request-source';
import { PoissonArrivals, StagedArrivals } from './arrivals';
import type { SimStep } from './simulation-parts';
import type { LoadSchedule } from '../run/load-schedule';
import { compileFiller } from './distributions';
import { planSimulation, type SimulationPlan } from './plan';
import { Mulberry32 } from './rng';
import { Simulation } from './simulation';
import type { SimulationConfig, SimulationStats } from './types';
import { VirtualServer } from './virtual-server';

/** The virtual clock's zero, as RunResult.startedAt. */
export const SIMULATION_EPOCH = new Date(0);

/** Streams derived from the seed; their numbers are part of the determinism contract. */
const STREAM = { arrivals: 1, keys: 2, balancer: 3, policy: 4, service: 1 << 16, errors: 1 << 24 } as const;

/** How a virtual server's failures are counted, by the pool's transport (as a live run would see them). */
const SERVER_ERROR_KIND: Record<string, string> = { http: 'http_500', jsonrpc: 'jsonrpc_-32603', grpc: 'grpc_UNAVAILABLE' };

/** Without a requests bound a run still stops sending after this many requests. */
const SAFETY_REQUESTS = 100_000_000;

export interface SimulationOutput {
  result: RunResult;
  stats: SimulationStats;
}

/** Events taken between two looks at the signal (~10-20 ms of work), so a cancel is prompt. */
const EVENTS_PER_SLICE = 100_000;

/**
 * Runs a simulation; throws a ConfigError (path and problem) before running when the config is
 * wrong. A strategy that throws mid-run ends it as `failed`, with everything gathered so far.
 */
export function simulate(config: SimulationConfig): RunResult {
  return runSimulation(config).result;
}

/** `simulate`, plus figures the RunResult has no field for (time-averaged requests in the system). */
export function runSimulation(config: SimulationConfig): SimulationOutput {
  const run = startSimulation(config);
  return run.end(run.advance(Infinity) ?? { status: 'completed' });
}

/**
 * `simulate` in slices of events with the event loop let through between them, so `signal` (Ctrl-C,
 * a Cancel button) stops it between events: the result then has `status: "cancelled"` and what
 * was simulated so far. Same seed, same result as `simulate`.
 */
export async function simulateAsync(config: SimulationConfig, opts: { signal?: AbortSignal } = {}): Promise<SimulationOutput> {
  const run = startSimulation(config);
  for (;;) {
    if (opts.signal?.aborted) return run.end({ status: 'cancelled' });
    const state = run.advance(EVENTS_PER_SLICE);
    if (state) return run.end(state);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

type Ending = { status: RunStatus; error?: string };

interface StartedSimulation {
  /** Takes up to `budget` events; the ending once the run is over or failed, else undefined. */
  advance(budget: number): Ending | undefined;
  end(ending: Ending): SimulationOutput;
}

function startSimulation(config: SimulationConfig): StartedSimulation {
  const plan = planSimulation(config);
  // One mulberry32 stream per purpose (engine/seeded-random.ts), so changing the strategy leaves
  // the arrivals and service times as they were.
  const rng = (stream: number): Mulberry32 => new Mulberry32(deriveSeed(plan.seed, stream));
  const random = (stream: number): (() => number) => createSeededRandom(deriveSeed(plan.seed, stream));
  // The balancer needs the clock before the simulation that owns it exists.
  const ref: { sim?: Simulation; recorder?: Recorder } = {};
  const balancer = createBalancer(plan.strategy, plan.pool.endpoints, {
    ...plan.strategyOptions,
    ...balancingOptions(plan.balancing, plan.pool),
    ...(plan.outlierDetection !== undefined ? { outlierDetection: plan.outlierDetection } : {}),
    now: () => (ref.sim ? ref.sim.now : 0),
    random: random(STREAM.balancer),
    onEvent: (e) => ref.recorder?.event(balancerEvent(e, 0)),
  });
  const ring = ringInfoOf(plan, balancer);
  const recorder = (ref.recorder = recorderFor(plan, ring, { startedAt: SIMULATION_EPOCH }));
  const nextKey = plan.key === undefined ? undefined : keysOf(plan, plan.key, random(STREAM.keys), ring);
  // ORCA reports cost a window update per reply: only for a strategy that reads them.
  const reports = strategyDefinition(plan.strategy).readsReports === true;
  const servers = plan.servers.map(
    (spec, i) => new VirtualServer(spec, compileFiller(spec.service), rng(STREAM.service + i), rng(STREAM.errors + i), reports),
  );
  const c = plan.load;
  const schedule = scheduleOf(plan);
  // Warmup comes before the measured duration, as in a live run.
  const endMs = plan.durationMs === undefined ? Infinity : plan.warmupMs + plan.durationMs;
  const sim = (ref.sim = new Simulation({
    balancer,
    servers,
    endpoints: plan.pool.endpoints,
    recorder,
    serverErrorKind: SERVER_ERROR_KIND[plan.pool.transport] ?? 'other',
    open: c.model === 'open' ? { arrivals: schedule ? new StagedArrivals(schedule, rng(STREAM.arrivals)) : new PoissonArrivals(c.rate, rng(STREAM.arrivals)), maxInFlight: c.maxInFlight ?? Infinity } : undefined,
    // Staged callers start at 0 and follow their steps (the first at t = 0).
    closed: c.model === 'closed' ? { concurrency: schedule ? 0 : c.concurrency, thinkTimeMs: c.thinkTimeMs ?? 0 } : undefined,
    countOffered: schedule !== undefined && c.model === 'open',
    requests: Math.min(plan.requests ?? Infinity, SAFETY_REQUESTS),
    durationMs: endMs,
    warmupMs: plan.warmupMs,
    timeoutMs: plan.timeoutMs,
    nextKey,
    scenario: schedule && c.model === 'closed' ? withCallerSteps(plan.scenario, schedule) : plan.scenario,
    ...(plan.policy ? { policy: { policy: plan.policy, random: random(STREAM.policy) } } : {}),
  }));
  return {
    advance(budget) {
      try {
        return sim.advance(budget) ? { status: 'completed' } : undefined;
      } catch (err) {
        return { status: 'failed', error: `${plan.strategy}: ${(err as Error).message}` };
      }
    },
    end({ status, error }) {
      const end = sim.finish();
      sim.driver?.finish();
      const measuredMs = Math.max(0, end - plan.warmupMs);
      return {
        result: recorder.result(status, end, error),
        stats: { meanInSystem: measuredMs > 0 ? sim.inSystem.area / measuredMs : 0, measuredMs, endMs: end, events: sim.events, sent: sim.sent, dropped: sim.dropped },
      };
    },
  };
}

/** The scenario's steps with the caller counts of a staged closed model, in time order (callers first at a tie). */
function withCallerSteps(scenario: readonly ScenarioStep[], schedule: LoadSchedule): SimStep[] {
  const steps: SimStep[] = [];
  for (const [at, value] of schedule.callerSteps()) steps.push({ at, action: 'callers', value });
  // A stable sort keeps each list's own order.
  return [...steps, ...scenario].sort((a, b) => a.at - b.at);
}

/** A 32-bit seed for stream `stream` of run seed `seed` (murmur3's fmix32 over both). */
export function deriveSeed(seed: number, stream: number): number {
  let h = (Math.trunc(seed) ^ Math.round((seed % 1) * 0x100000000) ^ Math.imul(stream, 0x9e3779b9)) >>> 0;
  h ^= Math.trunc(seed / 0x100000000) | 0; // high bits of large seeds
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** The next request's key, from the same RequestSource a live run uses (its own stream of the seed). */
function keysOf(plan: SimulationPlan, key: KeySpec, random: () => number, ring: RingInfo | undefined): () => string {
  // With request data, the rows' keys replay in the orders a live run takes them.
  const rows = plan.requestData && { data: plan.requestData, seed: plan.seed };
  const source = new RequestSource(plan.pool, key, random, 0, 1, false, rows);
  return () => {
    const k = source.take().key ?? '';
    sampleKey(ring, k);
    return k;
  };
}
