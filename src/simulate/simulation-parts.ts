/** What the simulation loop (simulation.ts) is made of. */
import type { Balancer, Endpoint } from '../engine/types';
import type { ClientPolicy } from '../pools/policy-types';
import type { ScenarioStep } from '../pools/types';
import type { Recorder } from '../result/recorder';
import type { PoissonArrivals, StagedArrivals } from './arrivals';
import type { VirtualServer } from './virtual-server';

export interface SimulationParts {
  balancer: Balancer;
  servers: VirtualServer[];
  /** The pool's endpoints in server order (as given to the balancer). */
  endpoints: readonly Endpoint[];
  recorder: Recorder;
  /** Error kind of a server failure (transport-flavoured, e.g. `http_500`). */
  serverErrorKind: string;
  open: { arrivals: PoissonArrivals | StagedArrivals; maxInFlight: number } | undefined;
  closed: { concurrency: number; thinkTimeMs: number } | undefined;
  requests: number;
  durationMs: number;
  warmupMs: number;
  timeoutMs: number;
  nextKey: (() => string) | undefined;
  /** The scenario's steps and a staged closed model's caller counts, sorted by time. */
  scenario: readonly SimStep[];
  /** A staged open model counts its arrivals by time beside the target (result/offered-load.ts). */
  countOffered: boolean;
  /** The run's client policy and its seeded stream (backoff jitter); absent: each request is sent once. */
  policy?: { policy: ClientPolicy; random: () => number };
}


/** A staged closed model's callers become `value` at `at` (a step of the loop like a scenario's). */
export interface CallerStep {
  at: number;
  action: 'callers';
  value: number;
}

export type SimStep = ScenarioStep | CallerStep;
