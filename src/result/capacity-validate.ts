/**
 * Validation of a capacity result (`capacity --json`, read back by `report` and by a restored
 * panel): a JSON Schema for the shape of `capacity.ts`, compiled once, plus what a schema cannot
 * state (each curve sorted by rate, p50 never above p99, variant names unique). Problems name their JSON path: `variants[1].curve[3].p99: must be >= 0`.
 */
import Ajv, { type ValidateFunction } from 'ajv';
import type { CapacityResult } from './capacity';
import { problemsOf, type Validation, type ValidationProblem } from './validate';

const nonNegative = { type: 'number', minimum: 0 } as const;
const share = { type: 'number', minimum: 0, maximum: 1 } as const;

/** The shape of CapacityResult; fields a later search may add are allowed (no additionalProperties). */
export const capacityResultSchema = {
  type: 'object',
  required: ['kind', 'mode', 'slo', 'pool', 'precision', 'method', 'variants', 'status', 'startedAt', 'toolVersion'],
  properties: {
    kind: { const: 'capacity' },
    mode: { enum: ['loadtest', 'simulation'] },
    slo: { type: 'string', minLength: 1, maxLength: 2000 },
    pool: { type: 'string', maxLength: 2000 },
    precision: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
    method: { type: 'string', maxLength: 4000 },
    status: { enum: ['ok', 'partial', 'cancelled', 'failed'] },
    startedAt: { type: 'string' },
    toolVersion: { type: 'string' },
    variants: {
      type: 'array',
      maxItems: 1000,
      items: {
        type: 'object',
        required: ['name', 'strategy', 'capacity', 'relative', 'curve', 'status'],
        properties: {
          name: { type: 'string', minLength: 1, maxLength: 2000 },
          strategy: { type: 'string', minLength: 1, maxLength: 200 },
          strategyOptions: { type: 'object' },
          capacity: nonNegative,
          relative: share,
          status: { enum: ['ok', 'failed', 'cancelled'] },
          message: { type: 'string', maxLength: 4000 },
          curve: {
            type: 'array',
            maxItems: 10_000,
            items: {
              type: 'object',
              required: ['rate', 'p50', 'p99', 'errors', 'holds', 'requests'],
              properties: { rate: nonNegative, p50: nonNegative, p99: nonNegative, errors: share, holds: { type: 'boolean' }, requests: { type: 'integer', minimum: 0 } },
            },
          },
        },
      },
    },
  },
} as const;

let compiled: ValidateFunction | undefined;

function sums(r: CapacityResult): ValidationProblem[] {
  const out: ValidationProblem[] = [];
  const names = new Set<string>();
  r.variants.forEach((v, i) => {
    const at = `variants[${i}]`;
    if (names.has(v.name)) out.push({ path: `${at}.name`, message: `duplicate variant name ${JSON.stringify(v.name)}` });
    names.add(v.name);
    v.curve.forEach((p, j) => {
      if (j > 0 && p.rate < v.curve[j - 1].rate) out.push({ path: `${at}.curve[${j}].rate`, message: `the curve must be sorted by rate: ${p.rate} after ${v.curve[j - 1].rate}` });
      if (p.p50 > p.p99) out.push({ path: `${at}.curve[${j}]`, message: `p50 (${p.p50}) is above p99 (${p.p99})` });
    });
  });
  return out;
}

export function validateCapacityResult(x: unknown): Validation<CapacityResult> {
  compiled ??= new Ajv({ allErrors: true, allowUnionTypes: true }).compile(capacityResultSchema);
  if (!compiled(x)) return { ok: false, problems: problemsOf(compiled.errors) };
  const problems = sums(x as CapacityResult);
  return problems.length ? { ok: false, problems } : { ok: true, value: x as CapacityResult };
}
