/**
 * Validation of RunResult and Comparison JSON against schema.ts (ajv, compiled once on first use),
 * plus the sums a schema cannot state (ok + errors = requests, errors by kind add up to errors).
 * Problems name their JSON path: `endpoints[2].share: must be <= 1`.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { comparisonSchema, runResultSchema } from './schema';
import type { Comparison, ErrorCounts, RunResult } from './types';

export interface ValidationProblem {
  /** `endpoints[2].share`; `` for the document itself. */
  path: string;
  message: string;
}

export type Validation<T> = { ok: true; value: T } | { ok: false; problems: ValidationProblem[] };

export class ResultValidationError extends Error {
  constructor(readonly what: string, readonly problems: ValidationProblem[]) {
    super(`invalid ${what}:\n${problems.map((p) => `  ${p.path || '(root)'}: ${p.message}`).join('\n')}`);
    this.name = 'ResultValidationError';
  }
}

let compiled: { runResult: ValidateFunction; comparison: ValidateFunction } | undefined;

function validators(): { runResult: ValidateFunction; comparison: ValidateFunction } {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
    compiled = { runResult: ajv.compile(runResultSchema), comparison: ajv.compile(comparisonSchema) };
  }
  return compiled;
}

/** `/endpoints/2/share` -> `endpoints[2].share` */
export function jsonPath(pointer: string): string {
  let out = '';
  for (const raw of pointer.split('/').slice(1)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^\d+$/.test(part)) out += `[${part}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(part)) out += out ? `.${part}` : part;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}

function problemOf(e: ErrorObject): ValidationProblem {
  let path = e.instancePath;
  let message = e.message ?? 'is invalid';
  const params = e.params as Record<string, unknown>;
  if (e.keyword === 'required') {
    path += `/${String(params.missingProperty)}`;
    message = 'is required';
  } else if (e.keyword === 'additionalProperties') {
    path += `/${String(params.additionalProperty)}`;
    message = 'is not a known field';
  } else if (e.keyword === 'enum') message = `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  else if (e.keyword === 'const') message = `must be ${JSON.stringify(params.allowedValue)}`;
  return { path: jsonPath(path), message };
}

/** Drops the noise of oneOf branches when a more precise problem is reported under the same path. */
export function problemsOf(errors: ErrorObject[] | null | undefined): ValidationProblem[] {
  const list = (errors ?? []).filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'if');
  const seen = new Set<string>();
  const out: ValidationProblem[] = [];
  for (const p of list.map(problemOf)) {
    const key = `${p.path}\u0000${p.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(p);
  }
  return out.length ? out : [{ path: '', message: 'is invalid' }];
}

function sumOf(counts: ErrorCounts): number {
  return Object.values(counts).reduce((s, n) => s + n, 0);
}

function sums(r: RunResult, base: string): ValidationProblem[] {
  const out: ValidationProblem[] = [];
  const check = (path: string, c: { requests: number; ok: number; errors: number; errorsByKind: ErrorCounts }): void => {
    if (c.ok + c.errors !== c.requests) out.push({ path, message: `ok (${c.ok}) + errors (${c.errors}) must equal requests (${c.requests})` });
    const byKind = sumOf(c.errorsByKind);
    if (byKind !== c.errors) out.push({ path: `${path}.errorsByKind`, message: `adds up to ${byKind}, but errors is ${c.errors}` });
  };
  check(`${base}totals`, r.totals);
  r.endpoints.forEach((ep, i) => check(`${base}endpoints[${i}]`, ep));
  const perEndpoint = r.endpoints.reduce((s, ep) => s + ep.requests, 0);
  const t = r.totals;
  if (t.attempts === undefined && perEndpoint > t.requests) {
    out.push({ path: `${base}endpoints`, message: `requests add up to ${perEndpoint}, more than totals.requests (${t.requests})` });
  }
  // Under a policy endpoints count attempts; a warmup request's later attempts (at most 4: gRFC A6's 5 less its first) may fall after warmup.
  const most = (t.attempts ?? 0) + 4 * (t.warmupRequests ?? 0);
  if (t.attempts !== undefined && perEndpoint > most) {
    out.push({ path: `${base}endpoints`, message: `requests add up to ${perEndpoint}, more than totals.attempts (${t.attempts}) and the warmup's retries` });
  }
  return out;
}

export function validateRunResult(x: unknown): Validation<RunResult> {
  const v = validators().runResult;
  if (!v(x)) return { ok: false, problems: problemsOf(v.errors) };
  const problems = sums(x as RunResult, '');
  return problems.length ? { ok: false, problems } : { ok: true, value: x as RunResult };
}

export function assertValidRunResult(x: unknown): asserts x is RunResult {
  const v = validateRunResult(x);
  if (!v.ok) throw new ResultValidationError('RunResult', v.problems);
}

export function validateComparison(x: unknown): Validation<Comparison> {
  const v = validators().comparison;
  if (!v(x)) return { ok: false, problems: problemsOf(v.errors) };
  const c = x as Comparison;
  const problems = c.results.flatMap((r, i) => sums(r, `results[${i}].`));
  return problems.length ? { ok: false, problems } : { ok: true, value: c };
}

export function assertValidComparison(x: unknown): asserts x is Comparison {
  const v = validateComparison(x);
  if (!v.ok) throw new ResultValidationError('Comparison', v.problems);
}
