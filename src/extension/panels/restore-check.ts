/**
 * The check of a panel's persisted state before the serializer uses it (no `vscode` here). The
 * state comes back from the webview's storage, which anything that can write the profile can
 * change, so the whole shape is checked: results and comparisons against the result schema (the
 * same validator Export uses), ring views field by field and by building their balancer with the
 * engine, as the webview will.
 */
import { ConfigError, show } from '../../engine/errors';
import { createBalancer } from '../../engine/registry';
import { HASH_STRATEGY_NAMES, type StrategyName } from '../../engine/types';
import { validateComparison, validateRunResult, type ValidationProblem } from '../../result/validate';
import { validateCapacityResult } from '../../result/capacity-validate';
import type { PersistedState, RingView } from '../../protocol/webview';
import { LOG_TEXT_MAX, logText } from '../log-text';

/** The ring command draws 1,000 sample keys; more than this cannot come from us and would stall the view. */
export const MAX_RING_SAMPLE_KEYS = 10_000;
export const MAX_RING_ENDPOINTS = 1_000;
const MAX_TEXT = 2_000;

export type RestoreCheck = { ok: true; state: PersistedState } | { ok: false; problems: ValidationProblem[] };

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function unknownFields(o: Record<string, unknown>, known: readonly string[], base: string): ValidationProblem[] {
  return Object.keys(o)
    .filter((k) => !known.includes(k))
    .map((k) => ({ path: `${base}.${k}`, message: 'is not a known field' }));
}

function text(v: unknown, path: string, out: ValidationProblem[]): void {
  if (typeof v !== 'string' || v.length === 0 || v.length > MAX_TEXT) out.push({ path, message: `expected a string of 1 to ${MAX_TEXT} characters, got ${show(v)}` });
}

function ringProblems(ring: unknown): ValidationProblem[] {
  const base = 'payload';
  if (!isPlainObject(ring)) return [{ path: base, message: `expected a ring view object, got ${show(ring)}` }];
  const out = unknownFields(ring, ['strategy', 'options', 'endpoints', 'sampleKeys'], base);
  if (!(HASH_STRATEGY_NAMES as readonly unknown[]).includes(ring.strategy)) {
    out.push({ path: `${base}.strategy`, message: `expected one of ${HASH_STRATEGY_NAMES.join(', ')}, got ${show(ring.strategy)}` });
  }
  if (!isPlainObject(ring.options)) out.push({ path: `${base}.options`, message: `expected an object, got ${show(ring.options)}` });
  const eps = ring.endpoints;
  if (!Array.isArray(eps) || eps.length === 0 || eps.length > MAX_RING_ENDPOINTS) {
    out.push({ path: `${base}.endpoints`, message: `expected an array of 1 to ${MAX_RING_ENDPOINTS} endpoints, got ${show(eps)}` });
  } else {
    const seen = new Set<unknown>();
    eps.forEach((e, i) => {
      const at = `${base}.endpoints[${i}]`;
      if (!isPlainObject(e)) {
        out.push({ path: at, message: `expected an endpoint object, got ${show(e)}` });
        return;
      }
      out.push(...unknownFields(e, ['id', 'address', 'weight'], at));
      text(e.id, `${at}.id`, out);
      text(e.address, `${at}.address`, out);
      if (seen.has(e.id)) out.push({ path: `${at}.id`, message: `duplicate id ${show(e.id)}` });
      seen.add(e.id);
      if (typeof e.weight !== 'number' || !Number.isFinite(e.weight) || e.weight <= 0) out.push({ path: `${at}.weight`, message: `expected a positive number, got ${show(e.weight)}` });
    });
  }
  const keys = ring.sampleKeys;
  if (!Array.isArray(keys) || keys.length > MAX_RING_SAMPLE_KEYS) {
    out.push({ path: `${base}.sampleKeys`, message: `expected an array of at most ${MAX_RING_SAMPLE_KEYS} keys, got ${show(keys)}` });
  } else {
    const bad = keys.findIndex((k) => typeof k !== 'string' || k.length > MAX_TEXT);
    if (bad >= 0) out.push({ path: `${base}.sampleKeys[${bad}]`, message: `expected a string of at most ${MAX_TEXT} characters, got ${show(keys[bad])}` });
  }
  if (out.length) return out;
  // The options are the strategy's own: let the engine say what it rejects, the way the view would meet it.
  const view = ring as unknown as RingView;
  try {
    createBalancer(view.strategy as StrategyName, view.endpoints.map((e) => ({ id: e.id, address: e.address, weight: e.weight })), { ...view.options });
  } catch (e) {
    const message = e instanceof ConfigError ? e.message : (e as Error)?.message ?? String(e);
    return [{ path: `${base}.options`, message }];
  }
  return [];
}

function prefixed(problems: readonly ValidationProblem[], base = 'payload'): ValidationProblem[] {
  return problems.map((p) => ({ path: p.path ? `${base}.${p.path}` : base, message: p.message }));
}

/** Compare Two Runs: two whole RunResults and the two names they go by. */
function runDiffProblems(x: unknown): ValidationProblem[] {
  if (!isPlainObject(x)) return [{ path: 'payload', message: `expected two runs and their labels, got ${show(x)}` }];
  const out = unknownFields(x, ['a', 'b', 'labels'], 'payload');
  for (const side of ['a', 'b'] as const) {
    const v = validateRunResult(x[side]);
    if (!v.ok) out.push(...prefixed(v.problems, `payload.${side}`));
  }
  const labels = x.labels;
  if (!isPlainObject(labels)) out.push({ path: 'payload.labels', message: `expected {"a": ..., "b": ...}, got ${show(labels)}` });
  else {
    out.push(...unknownFields(labels, ['a', 'b'], 'payload.labels'));
    text(labels.a, 'payload.labels.a', out);
    text(labels.b, 'payload.labels.b', out);
  }
  return out;
}

/** The persisted state when it is whole and valid; else every problem, each with its JSON path. */
export function checkRestoredState(x: unknown): RestoreCheck {
  if (!isPlainObject(x)) return { ok: false, problems: [{ path: '', message: `expected an object with "view" and "payload", got ${show(x)}` }] };
  const extra = unknownFields(x, ['view', 'payload'], '').map((p) => ({ ...p, path: p.path.slice(1) }));
  let problems: ValidationProblem[];
  if (x.view === 'result') {
    const v = validateRunResult(x.payload);
    problems = v.ok ? [] : prefixed(v.problems);
  } else if (x.view === 'comparison') {
    const v = validateComparison(x.payload);
    problems = v.ok ? [] : prefixed(v.problems);
  } else if (x.view === 'ring') {
    problems = ringProblems(x.payload);
  } else if (x.view === 'capacity') {
    const v = validateCapacityResult(x.payload);
    problems = v.ok ? [] : prefixed(v.problems);
  } else if (x.view === 'runDiff') {
    problems = runDiffProblems(x.payload);
  } else {
    problems = [{ path: 'view', message: `expected "result", "comparison", "ring", "capacity" or "runDiff", got ${show(x.view)}` }];
  }
  problems = [...extra, ...problems];
  return problems.length ? { ok: false, problems } : { ok: true, state: x as unknown as PersistedState };
}

/** One line for the log: the first few problems, each capped (a tampered state chooses its own field names). */
export function describeProblems(problems: readonly ValidationProblem[], max = 3): string {
  const shown = problems.slice(0, max).map((p) => logText(`${p.path || '(root)'}: ${p.message}`, 2 * LOG_TEXT_MAX));
  return shown.join('; ') + (problems.length > max ? ` (and ${problems.length - max} more)` : '');
}
