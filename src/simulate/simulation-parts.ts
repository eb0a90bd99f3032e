/**
 * What the simulation loop (simulation.ts) is made of, and how its events are encoded: each
 * event's payload is a request row id shifted left by KIND_BITS, with its kind in the low bits.
 */
import type { Balancer, Endpoint } from '../engine/types';
import type { ScenarioStep } from '../pools/types';
import type { Recorder } from '../result/recorder';
import type { PoissonArrivals } from './arrivals';
import type { VirtualServer } from './virtual-server';

export const DONE = 0;
export const ANSWER = 1;
export const THINK = 2;
export const TIMEOUT = 3;
export const KIND_BITS = 2;
export const KIND_MASK = 3;
/** Closed-model retry delay after a pick found no endpoint, so time moves on. */
export const NO_ENDPOINT_RETRY_MS = 1;
/** Answers without service still take this long (1 us, the recorder's resolution) so time moves on. */
export const MIN_TRIP_MS = 0.001;
/** `load` of an answer no server gave (refused, reset, timeout): `done` gets no load, not a made-up 0. */
export const NO_REPORT = Number.NaN;

export interface SimulationParts {
  balancer: Balancer;
  servers: VirtualServer[];
  /** The pool's endpoints in server order (as given to the balancer). */
  endpoints: readonly Endpoint[];
  recorder: Recorder;
  /** Error kind of a server failure (transport-flavoured, e.g. `http_500`). */
  serverErrorKind: string;
  open: { arrivals: PoissonArrivals; maxInFlight: number } | undefined;
  closed: { concurrency: number; thinkTimeMs: number } | undefined;
  requests: number;
  durationMs: number;
  warmupMs: number;
  timeoutMs: number;
  nextKey: (() => string) | undefined;
  scenario: readonly ScenarioStep[];
}

