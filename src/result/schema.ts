/**
 * JSON Schemas (draft-07) of a RunResult and of a Comparison, as plain objects: validate.ts compiles
 * them with ajv; they can also be written out for other tools. They follow types.ts field by field;
 * objects are closed (`additionalProperties: false`) except `config`, which records whatever a run
 * kind wants, and the pool inside it.
 */
import { READ_VERSIONS } from './types';

const count = { type: 'integer', minimum: 0 } as const;
const ms = { type: 'number', minimum: 0 } as const;
const fraction = { type: 'number', minimum: 0, maximum: 1 } as const;
const errorCounts = { type: 'object', additionalProperties: count } as const;
/** ISO 8601 date-time, e.g. 2025-01-01T00:00:00.000Z (a pattern: ajv-formats is not a dependency). */
const isoDateTime = {
  type: 'string',
  pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$',
} as const;
/** hdr-histogram-js compressed base64. */
const histogram = { type: 'string', pattern: '^[A-Za-z0-9+/]+=*$' } as const;

const latencySummary = {
  type: 'object',
  additionalProperties: false,
  required: ['count', 'min', 'mean', 'stdev', 'p50', 'p90', 'p99', 'p999', 'max'],
  properties: { count, min: ms, mean: ms, stdev: ms, p50: ms, p90: ms, p99: ms, p999: ms, max: ms },
} as const;

const endpointResult = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'address', 'weight', 'requests', 'ok', 'errors', 'errorsByKind', 'share', 'fairShare', 'latency', 'histogram'],
  properties: {
    id: { type: 'string', minLength: 1 },
    address: { type: 'string' },
    weight: { type: 'number', minimum: 0 },
    zone: { type: 'string' },
    priority: { type: 'integer', minimum: 0 },
    protocol: { enum: ['h2', 'h2c', 'http/1.1'] },
    requests: count,
    ok: count,
    errors: count,
    errorsByKind: errorCounts,
    errorKindsFolded: count,
    share: fraction,
    fairShare: fraction,
    latency: { $ref: '#/definitions/latencySummary' },
    histogram,
  },
} as const;

const totals = {
  type: 'object',
  additionalProperties: false,
  required: ['requests', 'ok', 'errors', 'errorsByKind', 'throughput', 'latency', 'histogram'],
  properties: {
    requests: count,
    ok: count,
    errors: count,
    errorsByKind: errorCounts,
    errorKindsFolded: count,
    throughput: { type: 'number', minimum: 0 },
    latency: { $ref: '#/definitions/latencySummary' },
    histogram,
    late: {
      type: 'object',
      additionalProperties: false,
      required: ['count', 'p50Ms', 'p99Ms', 'maxMs'],
      properties: { count, p50Ms: ms, p99Ms: ms, maxMs: ms },
    },
    dropped: count,
    warmupRequests: count,
    attempts: count,
    retries: count,
    hedges: count,
    budgetDenied: count,
    throttled: count,
    overflow: count,
  },
} as const;

const timelineCell = {
  type: 'object',
  additionalProperties: false,
  required: ['requests', 'errors', 'p50', 'p99', 'inFlight'],
  properties: { requests: count, errors: count, p50: ms, p99: ms, inFlight: count, attempts: count, retries: count },
} as const;

const timelinePoint = {
  type: 'object',
  additionalProperties: false,
  required: ['t', 'total', 'endpoints'],
  properties: {
    t: ms,
    total: { $ref: '#/definitions/timelineCell' },
    endpoints: { type: 'object', additionalProperties: { $ref: '#/definitions/timelineCell' } },
    target: { type: 'number', minimum: 0 },
    sent: count,
    dropped: count,
    callers: { type: 'number', minimum: 0 },
  },
} as const;

export const EVENT_TYPES = [
  'ejected',
  'restored',
  'added',
  'removed',
  'reweighted',
  'slowed',
  'stalled',
  'failed',
  'recovered',
  'left',
  'joined',
  'discovery-error',
  'warmup-ended',
  'panic',
  'panic-ended',
  'budget-exhausted',
  'budget-recovered',
  'throttling-on',
  'throttling-off',
] as const;

const runEvent = {
  type: 'object',
  additionalProperties: false,
  required: ['at', 'type'],
  properties: {
    at: ms,
    type: { enum: EVENT_TYPES },
    endpoint: { type: 'string' },
    detail: { type: 'string' },
    value: { type: 'number' },
    shard: { type: 'integer', minimum: 0 },
  },
} as const;

const loadStages = {
  type: 'array',
  minItems: 1,
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['durationMs', 'target'],
    properties: { durationMs: { type: 'number', exclusiveMinimum: 0 }, target: { type: 'number', minimum: 0 }, ramp: { type: 'boolean' } },
  },
} as const;

const loadModel = {
  oneOf: [
    {
      type: 'object',
      additionalProperties: false,
      required: ['model', 'concurrency'],
      properties: { model: { const: 'closed' }, concurrency: { type: 'integer', minimum: 1 }, thinkTimeMs: ms, stages: loadStages, startCallers: count },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['model', 'rate'],
      properties: {
        model: { const: 'open' },
        rate: { type: 'number', exclusiveMinimum: 0 },
        maxInFlight: { type: 'integer', minimum: 1 },
        stages: loadStages,
        startRate: { type: 'number', minimum: 0 },
      },
    },
  ],
} as const;

const runConfig = {
  type: 'object',
  required: ['pool', 'strategy', 'strategyOptions', 'transport', 'load', 'warmupMs'],
  properties: {
    pool: { type: 'object' },
    strategy: { type: 'string', minLength: 1 },
    strategyOptions: { type: 'object' },
    transport: { type: 'string' },
    load: loadModel,
    durationMs: ms,
    requests: count,
    warmupMs: ms,
    timeoutMs: ms,
    workers: { type: 'integer', minimum: 1 },
    seed: { type: 'number' },
    scenario: { type: 'array' },
    shard: {
      type: 'object',
      additionalProperties: false,
      required: ['index', 'count'],
      properties: { index: { type: 'integer', minimum: 0 }, count: { type: 'integer', minimum: 1 } },
    },
    shards: { type: 'integer', minimum: 1 },
    startAt: { type: 'string' },
  },
} as const;

const ringInfo = {
  type: 'object',
  additionalProperties: false,
  required: ['strategy', 'options', 'points', 'sampleKeys'],
  properties: {
    strategy: { type: 'string' },
    options: { type: 'object' },
    points: count,
    sampleKeys: { type: 'array', maxItems: 1000, items: { type: 'string' } },
  },
} as const;

const definitions = { latencySummary, endpointResult, timelineCell, timelinePoint, runEvent };

const runResultBody = {
  type: 'object',
  additionalProperties: false,
  required: ['schemaVersion', 'tool', 'kind', 'status', 'startedAt', 'durationMs', 'config', 'totals', 'endpoints', 'timelineIntervalMs', 'timeline', 'events'],
  properties: {
    schemaVersion: { enum: [...READ_VERSIONS] },
    tool: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'version'],
      properties: { name: { const: 'rpc-balancer' }, version: { type: 'string' } },
    },
    kind: { enum: ['loadtest', 'simulation'] },
    status: { enum: ['completed', 'cancelled', 'failed'] },
    error: { type: 'string' },
    startedAt: isoDateTime,
    durationMs: ms,
    config: runConfig,
    totals,
    endpoints: { type: 'array', items: { $ref: '#/definitions/endpointResult' } },
    timelineIntervalMs: { type: 'number', exclusiveMinimum: 0 },
    timeline: { type: 'array', items: { $ref: '#/definitions/timelinePoint' } },
    events: { type: 'array', items: { $ref: '#/definitions/runEvent' } },
    ring: ringInfo,
  },
} as const;

export const runResultSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://rpc-balancer.dev/schema/run-result.json',
  title: 'RPC Balancer RunResult',
  definitions,
  ...runResultBody,
} as const;

const comparisonRow = {
  type: 'object',
  additionalProperties: false,
  required: ['strategy', 'throughput', 'p50', 'p99', 'p999', 'errors', 'errorRate', 'maxShareRatio'],
  properties: {
    strategy: { type: 'string', minLength: 1 },
    name: { type: 'string', minLength: 1 },
    throughput: { type: 'number', minimum: 0 },
    p50: ms,
    p99: ms,
    p999: ms,
    errors: count,
    errorRate: fraction,
    amplification: { type: 'number', minimum: 0 },
    attemptErrorRate: fraction,
    failsMore: { type: 'boolean' },
    maxShareRatio: { type: 'number', minimum: 0 },
    reactionMs: { type: ['number', 'null'], minimum: 0 },
    best: { type: 'boolean' },
    /** Present when the run did not complete: its figures are partial and it is never ranked best. */
    status: { enum: ['cancelled', 'failed'] },
  },
} as const;

export const comparisonSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://rpc-balancer.dev/schema/comparison.json',
  title: 'RPC Balancer strategy comparison',
  definitions: { ...definitions, runResult: runResultBody },
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'schemaVersion', 'mode', 'rows', 'results'],
  properties: {
    kind: { const: 'comparison' },
    schemaVersion: { enum: [...READ_VERSIONS] },
    mode: { enum: ['simulated', 'live'] },
    status: { enum: ['completed', 'cancelled', 'failed'] },
    rows: { type: 'array', items: comparisonRow },
    results: { type: 'array', items: { $ref: '#/definitions/runResult' } },
  },
} as const;
