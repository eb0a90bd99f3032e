/**
 * The answer of a capacity search (`findCapacity`, `rpc-balancer capacity`): for each variant, the
 * highest arrival rate whose steady state holds the SLO, and the latency vs offered-load curve the
 * search measured on its way. Written as `--json`, drawn by the report and the webview.
 */
import type { RunKind } from './types';

/** One step of the search: a steady-state run at `rate` requests per second. */
export interface CapacityPoint {
  /** Offered arrival rate, requests per second. */
  rate: number;
  /** Caller latency percentiles of the step's measured window, ms. */
  p50: number;
  p99: number;
  /** Share of the step's requests that failed (timeouts and drops included), 0..1. */
  errors: number;
  /** Whether this step held every SLO clause. */
  holds: boolean;
  /** Requests the step measured (after its warmup). */
  requests: number;
  /**
   * A live step stopped before its end because it was already certain to break the SLO; its figures
   * cover what it measured by then (none, all 0, when the stop came during its warmup).
   */
  stoppedEarly?: boolean;
}

export interface CapacityVariantResult {
  name: string;
  strategy: string;
  strategyOptions?: Record<string, unknown>;
  /** Highest rate found to hold the SLO, requests per second; 0 when even the lowest rate tried broke it. */
  capacity: number;
  /** capacity / the best variant's capacity, 0..1. */
  relative: number;
  /** Every step measured, sorted by rate. */
  curve: CapacityPoint[];
  /** `failed` with a message when the variant's search could not finish; its curve is what it measured. */
  status: 'ok' | 'failed' | 'cancelled';
  message?: string;
  /** `max`: the SLO held at the search's maxRate, so the capacity is at least that; `min`: it broke at minRate. */
  bound?: 'max' | 'min';
  /** The p99 of the step at the capacity (the highest rate that held), ms; absent when none held. */
  p99AtCapacity?: number;
}

export interface CapacityResult {
  kind: 'capacity';
  /** `simulation` or `loadtest`: how each step was measured. */
  mode: RunKind;
  /** The SLO as given, e.g. "p99<100ms,errors<1%". */
  slo: string;
  pool: string;
  /** Relative precision the bisection stopped at, e.g. 0.02. */
  precision: number;
  /** The search, stated: how the bracket was found and how long each step ran. */
  method: string;
  variants: CapacityVariantResult[];
  status: 'ok' | 'partial' | 'cancelled' | 'failed';
  startedAt: string;
  toolVersion: string;
}
