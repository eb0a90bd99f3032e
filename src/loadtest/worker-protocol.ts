/** Messages between the main thread and the load-test worker threads (structured-clone data only). */
import type { Endpoint } from '../engine/types';
import type { ScenarioStep } from '../pools/types';
import type { RunEvent, RunResult } from '../result/types';
import type { Plan } from './plan';
import type { Share } from './share';
import type { RunProgress } from './types';

export interface WorkerData {
  plan: Plan;
  share: Share;
}

export type ToWorker =
  | { type: 'go' }
  | { type: 'cancel' }
  | { type: 'fail'; error: string }
  | { type: 'membership'; step: ScenarioStep }
  /** Discovery changed the pool: its members are now `endpoints`. */
  | { type: 'members'; endpoints: Endpoint[] };

export type FromWorker =
  | { type: 'ready' }
  /** The run could not start (ConfigError and the like): `path`/`problem` when it was a ConfigError. */
  | { type: 'error'; message: string; path?: string; problem?: string }
  | { type: 'progress'; progress: RunProgress }
  | { type: 'event'; event: RunEvent }
  | { type: 'result'; result: RunResult };
