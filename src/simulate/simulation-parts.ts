/** What the simulation loop (simulation.ts) is made of. */
import type { Balancer, Endpoint } from '../engine/types';
import type { ScenarioStep } from '../pools/types';
import type { Recorder } from '../result/recorder';
import type { PoissonArrivals } from './arrivals';
import type { VirtualServer } from './virtual-server';

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

