/**
 * RunResults for the webview tests, made by the project's own simulator from seeded virtual
 * pools (never hand-written figures). Shared by test/unit/webview and test/browser.
 */
import type { StrategyName } from '../../../src/engine/types';
import type { EndpointConfig, PoolConfig, ScenarioStep } from '../../../src/pools/types';
import { compareStrategies } from '../../../src/compare';
import type { Comparison, RunResult } from '../../../src/result/types';
import { assertValidComparison, assertValidRunResult } from '../../../src/result/validate';
import { simulate as runSimulation, type SimulationConfig } from '../../../src/simulate';

/** Every fixture is a schema-valid RunResult, checked by the project's validator. */
function simulate(config: SimulationConfig): RunResult {
  const result = runSimulation(config);
  assertValidRunResult(result);
  return result;
}

export const HOSTILE_ID = '<img src=x onerror=alert(1)>';

function pool(endpoints: EndpointConfig[], name = 'fixture'): PoolConfig {
  return { name, transport: 'http', endpoints: endpoints.map((e) => ({ ...e, weight: e.weight ?? 1 })), simulation: { defaults: { slots: 8, service: { type: 'lognormal', medianMs: 4, p99Ms: 20 } } } };
}

function endpoints(n: number, weight: (i: number) => number = () => 1): EndpointConfig[] {
  return Array.from({ length: n }, (_, i) => ({ id: `s${i + 1}`, address: `http://10.0.0.${i + 1}:8080`, weight: weight(i) }));
}

/**
 * Five weighted endpoints under weighted round robin for 12 s with outlier detection, while s2
 * slows tenfold at 3 s, s4 fails half its requests from 5 s, s5 leaves at 8 s and joins at 10 s:
 * a timeline with every kind of event.
 */
export function eventfulResult(strategy: StrategyName = 'weighted-round-robin'): RunResult {
  const scenario: ScenarioStep[] = [
    { at: 3000, endpoint: 's2', action: 'slow', value: 10 },
    { at: 5000, endpoint: 's4', action: 'fail', value: 0.5 },
    { at: 8000, endpoint: 's5', action: 'leave' },
    { at: 10000, endpoint: 's5', action: 'join' },
  ];
  return simulate({
    pool: pool(endpoints(5, (i) => (i === 0 ? 2 : 1))),
    strategy,
    outlierDetection: { consecutiveErrors: 5, baseEjectionTimeMs: 1000 },
    load: { model: 'open', rate: 400 },
    durationMs: 12_000,
    scenario,
    seed: 7,
  });
}

/** A hash strategy over `n` endpoints with keyed requests; the result carries `ring` with sample keys. */
export function hashResult(
  strategy: StrategyName,
  n = 6,
  strategyOptions: Record<string, unknown> = {},
  requests = 4000,
  weight: (i: number) => number = (i) => 1 + (i % 3 === 0 ? 1 : 0),
): RunResult {
  return simulate({
    pool: pool(endpoints(n, weight)),
    strategy,
    strategyOptions,
    load: { model: 'closed', concurrency: 16 },
    requests,
    key: { space: 100_000, skew: 'uniform' },
    seed: 11,
  });
}

/** A pool with an endpoint named like an XSS payload. */
export function hostileResult(): RunResult {
  const eps = endpoints(3);
  eps[1] = { id: HOSTILE_ID, address: 'http://"><script>alert(2)</script>:80', weight: 1 };
  return simulate({
    pool: pool(eps, '<b>pool</b>'),
    strategy: 'consistent-hash',
    load: { model: 'closed', concurrency: 4 },
    requests: 1500,
    key: { space: 1000, skew: 'uniform' },
    scenario: [{ at: 100, endpoint: HOSTILE_ID, action: 'slow', value: 3 }],
    seed: 3,
  });
}

/** 1,000 endpoints on a consistent-hash ring of 160 points each (160,000 points). */
export function bigRingResult(): RunResult {
  return hashResult('consistent-hash', 1000, { pointsPerWeight: 160 }, 20_000, () => 1);
}

/** A simulated comparison of one pool and scenario, by the project's `compareStrategies`. */
export async function comparisonOf(strategies: StrategyName[]): Promise<Comparison> {
  const c = await compareStrategies({
    pool: pool(endpoints(4)),
    strategies,
    load: { model: 'open', rate: 600 },
    durationMs: 6000,
    intervalMs: 500,
    scenario: [{ at: 2000, endpoint: 's3', action: 'slow', value: 8 }],
    seed: 5,
  });
  assertValidComparison(c);
  return c;
}

/**
 * Variants on one pool where s3 fails half its requests from 1 s: plain round-robin, p2c, and
 * round-robin with outlier detection and retries on another endpoint (the demo's pairing).
 */
export async function variantComparison(): Promise<Comparison> {
  const c = await compareStrategies({
    pool: pool(endpoints(4)),
    variants: [
      { strategy: 'round-robin' },
      { strategy: 'p2c-peak-ewma' },
      {
        name: 'rr + outlier + retry', strategy: 'round-robin',
        outlierDetection: { consecutiveErrors: 3, baseEjectionTimeMs: 2000 },
        policy: { retry: { maxAttempts: 3, retryOn: ['http_500'], otherEndpoint: true, initialBackoff: '1ms' } },
      },
    ],
    load: { model: 'open', rate: 600 },
    durationMs: 6000,
    intervalMs: 500,
    scenario: [{ at: 1000, endpoint: 's3', action: 'fail', value: 0.5 }],
    seed: 5,
  });
  assertValidComparison(c);
  return c;
}

/**
 * A two-level pool under round robin: P0 is a1, a2 in eu-1 and a3, a4 in eu-2, P1 is b1..b4 in
 * us-1. At 3 s a1 and a2 leave and are ejected for 4 s: P0 at 50 % healthy keeps 70 % (Envoy's
 * priority load), P1 takes the rest. At 5 s a3, b1, b2 and b3 leave too: both levels at 25 %
 * cannot carry the load and, under a 30 % threshold, panic. Everyone is back at 6.5 s; the panic
 * ends when a1 and a2's ejections end (about 7 s).
 */
export function tieredResult(): RunResult {
  const ep = (id: string, i: number, priority: number, zone: string): EndpointConfig => ({ id, address: `http://10.0.1.${i + 1}:8080`, weight: 1, priority, zone });
  const endpoints = [
    ep('a1', 0, 0, 'eu-1'),
    ep('a2', 1, 0, 'eu-1'),
    ep('a3', 2, 0, 'eu-2'),
    ep('a4', 3, 0, 'eu-2'),
    ...['b1', 'b2', 'b3', 'b4'].map((id, i) => ep(id, 4 + i, 1, 'us-1')),
  ];
  const step = (at: number, action: 'leave' | 'join') => (endpoint: string): ScenarioStep => ({ at, endpoint, action });
  const first = ['a1', 'a2'];
  const then = ['a3', 'b1', 'b2', 'b3'];
  return simulate({
    pool: pool(endpoints, 'tiers'),
    strategy: 'round-robin',
    outlierDetection: { consecutiveErrors: 3, maxEjectionPercent: 100, baseEjectionTimeMs: 4000 },
    panicThreshold: 30,
    load: { model: 'open', rate: 400 },
    durationMs: 10_000,
    intervalMs: 500,
    scenario: [...first.map(step(3000, 'leave')), ...then.map(step(5000, 'leave')), ...[...first, ...then].map(step(6500, 'join'))],
    seed: 13,
  });
}

/**
 * A cold joiner with slow start (a real simulation): s4 is out of the balancer until 2 s, joins
 * cold (`coldJoin`, 8x slower, warm after 3 s) and ramps over 4 s (aggression 2, from 10 %); s5
 * joins at 7 s, after s4's window, so the two ramps share a lane.
 */
export function slowStartResult(): RunResult {
  const endpoints = ['s1', 's2', 's3', 's4', 's5'].map((id, i) => ({ id, address: `http://10.0.2.${i + 1}:8080`, weight: 1 }));
  return simulate({
    pool: pool(endpoints, 'cold'),
    strategy: 'weighted-round-robin',
    slowStart: { window: '4s', aggression: 2 },
    load: { model: 'open', rate: 400 },
    durationMs: 10_000,
    intervalMs: 250,
    scenario: [
      { at: 0, endpoint: 's4', action: 'remove' },
      { at: 0, endpoint: 's5', action: 'remove' },
      { at: 2000, endpoint: 's4', action: 'coldJoin', value: 8, forMs: 3000 },
      { at: 7000, endpoint: 's5', action: 'add' },
    ],
    seed: 21,
  });
}

type Protocol = RunResult['endpoints'][number]['protocol'];

/**
 * A simulated result labelled as a live HTTP/2 run would be: each endpoint's `protocol` in order
 * and the pool's `http2` (the figures stay the simulation's). Live results come from
 * test/helpers/protocol-result.ts where servers may run.
 */
export function withProtocols(result: RunResult, protocols: Protocol[], http2: unknown = { maxConcurrentStreams: 100, connections: 1 }): RunResult {
  const copy = structuredClone(result);
  copy.endpoints.forEach((ep, i) => {
    const p = protocols[i];
    if (p !== undefined) ep.protocol = p;
  });
  copy.config.pool = { ...copy.config.pool, http2 };
  assertValidRunResult(copy);
  return copy;
}
