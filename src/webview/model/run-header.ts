/**
 * What was run, read back from the result's own config (issue 14, "Panels and report"): a panel
 * or a report opened weeks later must say which pool, strategy, load, scenario and policy made
 * the figures under it, as k6's end-of-test summary heads with its executor and options.
 * The policy is read as recorded (`config.policy`, durations in ms); the webview may not import
 * `pools`, so its shape is narrowed here field by field, and a field of another shape is left out.
 */
import type { LoadModel, RunResult } from '../../result/types';
import { formatCount, formatMsSpaced, formatPercent, formatRate } from '../../result/format';

export interface HeaderItem {
  /** Stable key for tests and styling: `pool`, `strategy`, `load`, ... */
  key: string;
  label: string;
  value: string;
}

export function runHeaderModel(result: RunResult): HeaderItem[] {
  const c = result.config;
  const items: HeaderItem[] = [];
  const add = (key: string, label: string, value: string | undefined) => {
    if (value !== undefined && value !== '') items.push({ key, label, value });
  };
  const poolName = typeof c.pool?.name === 'string' ? c.pool.name : undefined;
  add('pool', 'Pool', `${poolName ?? '(unnamed)'}, ${formatCount(result.endpoints.length)} endpoints over ${c.transport}`);
  add('strategy', 'Strategy', strategyText(c.strategy, c.strategyOptions));
  add('load', 'Load', loadText(c.load));
  add('duration', 'Duration', durationText(result));
  add('scenario', 'Scenario', scenarioText(c.scenario));
  add('policy', 'Policy', c.policy === undefined ? undefined : policySummary(c.policy));
  add('seed', 'Seed', result.kind === 'simulation' && c.seed !== undefined ? String(c.seed) : undefined);
  add('tool', 'Tool', `${result.tool.name} ${result.tool.version}`);
  add('date', 'Date', dateText(result));
  return items;
}

function strategyText(strategy: string, options: Record<string, unknown> | undefined): string {
  const opts = Object.entries(options ?? {}).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return opts.length > 0 ? `${strategy} (${opts.join(', ')})` : strategy;
}

export function loadText(load: LoadModel): string {
  if (load.model === 'open') {
    const base = load.stages ? `open model, ${load.stages.length} stages to a peak of ${formatRate(load.rate, ' req/s')}` : `open model, ${formatRate(load.rate, ' req/s')}`;
    return load.maxInFlight !== undefined ? `${base}, at most ${formatCount(load.maxInFlight)} in flight` : base;
  }
  const base = load.stages ? `closed model, ${load.stages.length} stages to a peak of ${formatCount(load.concurrency)} callers` : `closed model, ${formatCount(load.concurrency)} callers`;
  return load.thinkTimeMs ? `${base}, think time ${formatMsSpaced(load.thinkTimeMs)}` : base;
}

function durationText(result: RunResult): string {
  const c = result.config;
  const asked = c.durationMs !== undefined ? formatMsSpaced(c.durationMs) : c.requests !== undefined ? `${formatCount(c.requests)} requests` : undefined;
  const warmup = c.warmupMs > 0 ? `, warmup ${formatMsSpaced(c.warmupMs)}` : '';
  const ran = `measured ${formatMsSpaced(result.durationMs)}`;
  return asked ? `${asked}${warmup} (${ran})` : `${ran}${warmup}`;
}

function scenarioText(scenario: unknown[] | undefined): string | undefined {
  if (!scenario || scenario.length === 0) return undefined;
  const steps = scenario.map((s) => {
    const o = (typeof s === 'object' && s !== null ? s : {}) as Record<string, unknown>;
    const at = typeof o.at === 'number' ? `${formatMsSpaced(o.at)} ` : '';
    const value = typeof o.value === 'number' ? ` ${o.value}` : '';
    return `${at}${String(o.action ?? '?')} ${String(o.endpoint ?? '')}${value}`.trim();
  });
  const shown = steps.slice(0, 4).join('; ');
  return steps.length > 4 ? `${steps.length} steps: ${shown}; …` : `${steps.length} ${steps.length === 1 ? 'step' : 'steps'}: ${shown}`;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined);
const num = (o: Obj, k: string): number | undefined => (typeof o[k] === 'number' && Number.isFinite(o[k]) ? (o[k] as number) : undefined);
const kinds = (v: unknown): string => (Array.isArray(v) && v.length > 0 ? ` on ${v.map(String).join(', ')}` : '');

/** One line per policy: `retry up to 5 attempts on http_500 (backoff 10 ms..100 ms x2); budget 20% + 10/s over 10.0 s`. */
export function policySummary(policy: unknown): string {
  const p = obj(policy);
  if (!p) return 'none';
  const parts: string[] = [];
  const deadline = num(p, 'deadlineMs');
  if (deadline !== undefined) parts.push(`deadline ${formatMsSpaced(deadline)}`);
  const retry = obj(p.retry);
  if (retry) {
    const extras: string[] = [];
    const lo = num(retry, 'initialBackoffMs');
    const hi = num(retry, 'maxBackoffMs');
    const mult = num(retry, 'backoffMultiplier');
    if (lo !== undefined && hi !== undefined) extras.push(`backoff ${formatMsSpaced(lo)}..${formatMsSpaced(hi)}${mult !== undefined ? ` x${mult}` : ''}`);
    const perTry = num(retry, 'perTryTimeoutMs');
    if (perTry !== undefined) extras.push(`per try ${formatMsSpaced(perTry)}`);
    if (retry.otherEndpoint === true) extras.push('other endpoint');
    parts.push(`retry up to ${num(retry, 'maxAttempts') ?? '?'} attempts${kinds(retry.retryOn)}${extras.length ? ` (${extras.join(', ')})` : ''}`);
  }
  const hedging = obj(p.hedging);
  if (hedging) {
    const delay = num(hedging, 'delayMs');
    parts.push(`hedge up to ${num(hedging, 'maxAttempts') ?? '?'} attempts${delay !== undefined ? ` every ${formatMsSpaced(delay)}` : ''}`);
  }
  const budget = obj(p.budget);
  if (budget) {
    const ratio = num(budget, 'ratio');
    const min = num(budget, 'minPerSecond');
    const ttl = num(budget, 'ttlMs');
    parts.push(`budget ${ratio !== undefined ? formatPercent(ratio, 0) : '?'} of requests${min ? ` + ${min}/s` : ''}${ttl !== undefined ? ` over ${formatMsSpaced(ttl)}` : ''}`);
  }
  const throttling = obj(p.throttling);
  const breaker = obj(p.circuitBreaker);
  const count = (o: Obj, k: string) => {
    const n = num(o, k);
    return n === undefined ? '?' : formatCount(n);
  };
  if (throttling) parts.push(`throttling ${count(throttling, 'maxTokens')} tokens, ratio ${num(throttling, 'tokenRatio') ?? '?'}`);
  if (breaker) parts.push(`circuit breaker ${count(breaker, 'maxRequests')} requests, ${count(breaker, 'maxRetries')} retries`);
  return parts.length > 0 ? parts.join('; ') : 'none';
}

/** A simulation runs on a virtual clock from the epoch: its start is no date worth showing. */
function dateText(result: RunResult): string {
  const t = Date.parse(result.startedAt);
  if (result.kind === 'simulation' && t === 0) return 'virtual time (a simulation)';
  return Number.isFinite(t) ? new Date(t).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC') : result.startedAt;
}
