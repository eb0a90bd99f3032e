/**
 * JSON Schemas (draft-07) of a pool file and a scenario file. The pool schema is also the item
 * schema of the `rpcBalancer.pools` setting, so it has no `$ref`s (a settings contribution cannot
 * resolve them), a `description` on everything, and `enum`s the settings editor completes.
 * `parsePool` is the real check (it gives JSON paths and covers what a schema cannot, like
 * strategy options); tests keep the two in agreement.
 */
import { STRATEGY_NAMES } from '../engine/types';
import { FAULT_ACTIONS } from './scenario';
import { LIMITS } from './limits';
import { REQUEST_DATA_DEFAULTS, REQUEST_DATA_ORDERS } from './parse-request-data';
import { http2Schemas } from './http2-schema';
import { policySchema } from './policy-schema';
import { MAX_THRESHOLDS } from './parse-thresholds';
import { THRESHOLD_PATTERN } from './threshold-clause';

type Schema = Record<string, unknown>;
const DURATION = '^((\\d+(\\.\\d+)?|\\.\\d+)(ms|s|m|h))+$';
const HTTP_ADDRESS = '^https?://[^/\\s:]+(:\\d{1,5})/?$';
const duration = (description: string): Schema => ({
  description,
  anyOf: [{ type: 'string', pattern: DURATION }, { type: 'number', minimum: 0 }],
});
const stringMap = (description: string): Schema => ({ type: 'object', description, additionalProperties: { type: 'string' } });

function distribution(nested: boolean): Schema {
  const variants: Schema[] = [
    { properties: { type: { const: 'constant' }, ms: { type: 'number', minimum: 0, description: 'Every request takes this long (ms).' } }, required: ['type', 'ms'] },
    { properties: { type: { const: 'exponential' }, meanMs: { type: 'number', exclusiveMinimum: 0, description: 'Mean (ms).' } }, required: ['type', 'meanMs'] },
    {
      properties: {
        type: { const: 'lognormal' },
        medianMs: { type: 'number', exclusiveMinimum: 0, description: 'Median (ms).' },
        p99Ms: { type: 'number', exclusiveMinimum: 0, description: '99th percentile (ms), at least the median.' },
      },
      required: ['type', 'medianMs', 'p99Ms'],
    },
  ];
  if (!nested) {
    variants.push({
      properties: {
        type: { const: 'mix' },
        p: { type: 'number', minimum: 0, maximum: 1, description: 'Share of requests drawn from `a`; the rest from `b`.' },
        a: distribution(true),
        b: distribution(true),
      },
      required: ['type', 'p', 'a', 'b'],
    });
  }
  return {
    type: 'object',
    description: 'A service-time distribution in ms: constant, exponential, lognormal (median and p99) or a mix of two.',
    properties: { type: { enum: variants.map((v) => ((v.properties as Schema).type as Schema).const), description: 'Kind of distribution.' } },
    required: ['type'],
    oneOf: variants.map((v) => ({ ...v, additionalProperties: false })),
  };
}

const virtualServer = (description: string): Schema => ({
  type: 'object',
  description,
  additionalProperties: false,
  properties: {
    slots: { type: 'integer', minimum: 1, default: 8, description: 'Parallel slots (the server\'s concurrency).' },
    queue: { type: 'integer', minimum: 0, description: 'FIFO queue bound; overflow is an error (queue_full). Unbounded when absent.' },
    service: distribution(false),
    errorRate: { type: 'number', minimum: 0, maximum: 1, default: 0, description: 'Share of requests that fail.' },
    rttMs: { type: 'number', minimum: 0, default: 0.2, description: 'Network round trip added to every request (ms).' },
  },
});

const request: Schema = {
  type: 'object',
  description: 'The request sent to every endpoint. http: method, path, headers, body. jsonrpc: method (required), params, path, headers. grpc: proto, service, method (required), message, metadata.',
  properties: {
    method: { type: 'string', description: 'HTTP method (http), JSON-RPC method (jsonrpc) or gRPC method name (grpc).' },
    path: { type: 'string', pattern: '^/', description: 'HTTP path (http, jsonrpc), default "/".' },
    headers: stringMap('HTTP headers (http, jsonrpc).'),
    body: { description: 'Request body (http); objects are sent as JSON.' },
    params: { type: ['array', 'object'], description: 'JSON-RPC params.' },
    proto: { type: 'string', description: 'Path of the .proto file, relative to the pool file (grpc).' },
    service: { type: 'string', description: 'Fully qualified gRPC service, e.g. "demo.Echo".' },
    message: { type: 'object', description: 'gRPC request message.' },
    metadata: stringMap('gRPC metadata.'),
  },
  additionalProperties: false,
};

const outlierDetection: Schema = {
  description: 'Eject failing endpoints for a while (Envoy-style). true for the defaults.',
  anyOf: [
    { type: 'boolean' },
    {
      type: 'object',
      additionalProperties: false,
      properties: {
        consecutiveErrors: { type: 'integer', minimum: 1, default: 5, description: 'Consecutive errors that eject an endpoint.' },
        baseEjectionTimeMs: { type: 'number', minimum: 0, default: 30000, description: 'Ejection lasts this x number of ejections so far.' },
        maxEjectionTimeMs: { type: 'number', minimum: 0, default: 300000, description: 'Upper bound of one ejection.' },
        maxEjectionPercent: { type: 'number', minimum: 0, maximum: 100, default: 10, description: 'At most this percent of endpoints ejected at once (at least one).' },
        intervalMs: { type: 'number', exclusiveMinimum: 0, default: 10000, description: 'How often success-rate ejection runs.' },
        successRate: {
          type: 'object',
          description: 'Success-rate ejection; off unless given.',
          additionalProperties: false,
          properties: {
            minimumHosts: { type: 'integer', minimum: 1, default: 5, description: 'Hosts with enough requests needed before it runs.' },
            requestVolume: { type: 'integer', minimum: 1, default: 100, description: 'Requests an endpoint needs in the interval to be judged.' },
            stdevFactor: { type: 'number', exclusiveMinimum: 0, default: 1900, description: 'Eject below mean - stdevFactor/1000 x stdev.' },
          },
        },
      },
    },
  ],
};

const balancing: Record<string, Schema> = {
  overprovisioningFactor: {
    type: 'number', exclusiveMinimum: 0, default: 1.4,
    description: "A priority level's or locality's healthy share times this, capped at 100 %, is the load it takes (Envoy).",
  },
  localityWeights: {
    type: 'object', minProperties: 1, additionalProperties: { type: 'number', exclusiveMinimum: 0 },
    description: 'Weights of the endpoints\' zones: a zone is picked by weight x min(1, overprovisioningFactor x healthy share), then the strategy picks in it.',
  },
  panicThreshold: {
    type: 'number', minimum: 0, maximum: 100, default: 50,
    description: 'Percent of healthy endpoints below which a priority level balances across all of them, healthy or not (0: never).',
  },
  slowStart: {
    type: 'object', additionalProperties: false, required: ['window'],
    description: 'Endpoints that join a running pool ramp up: weight x max(minWeightPercent, (t / window) ^ (1 / aggression)). Weighted and request-counting strategies.',
    properties: {
      window: duration('How long the ramp lasts, e.g. "30s".'),
      aggression: { type: 'number', exclusiveMinimum: 0, default: 1, description: '1 ramps linearly; above 1 faster early.' },
      minWeightPercent: { type: 'number', minimum: 0, maximum: 100, default: 10, description: 'The ramp starts at this percent of the weight.' },
    },
  },
};

const discovery: Schema = {
  type: 'object',
  description: 'Find endpoints at run time: DNS SRV records or an etcd prefix.',
  required: ['type'],
  properties: { type: { enum: ['dns-srv', 'etcd'], description: 'Where endpoints come from.' } },
  oneOf: [
    {
      additionalProperties: false,
      required: ['type', 'name'],
      properties: {
        type: { const: 'dns-srv' },
        name: { type: 'string', minLength: 1, description: 'SRV name, e.g. "_grpc._tcp.api.example.com".' },
        server: { type: 'string', description: 'DNS server (host or host:port); default the system resolver.' },
        refresh: duration('How often to look again, e.g. "30s".'),
      },
    },
    {
      additionalProperties: false,
      required: ['type', 'endpoints', 'prefix'],
      properties: {
        type: { const: 'etcd' },
        endpoints: { type: 'array', minItems: 1, items: { type: 'string', pattern: HTTP_ADDRESS }, description: 'etcd members, http://host:port.' },
        prefix: { type: 'string', minLength: 1, description: 'Key prefix whose values are endpoints.' },
      },
    },
  ],
};

export const poolSchema: Schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://rpc-balancer.dev/schemas/pool.schema.json',
  title: 'RPC Balancer pool',
  description: 'A pool of RPC endpoints, the request to send them and how to balance it.',
  type: 'object',
  additionalProperties: false,
  required: ['transport'],
  properties: {
    $schema: { type: 'string', description: 'The schema of this file.' },
    name: { type: 'string', minLength: 1, description: 'Name of the pool (default: the file name).' },
    transport: { enum: ['http', 'jsonrpc', 'grpc'], description: 'How requests are sent: HTTP, JSON-RPC 2.0 over HTTP POST, or gRPC unary calls.' },
    endpoints: {
      type: 'array',
      description: 'The servers. Required unless "discovery" finds them.',
      maxItems: LIMITS.endpoints,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'address'],
        properties: {
          id: { type: 'string', minLength: 1, description: 'Unique name of the endpoint (used in results and scenarios).' },
          address: { type: 'string', description: 'http://host:port (http, jsonrpc) or host:port (grpc).' },
          weight: { type: 'number', exclusiveMinimum: 0, maximum: LIMITS.weight, default: 1, description: 'Relative weight for the weighted strategies.' },
          zone: { type: 'string', minLength: 1, description: 'Zone or rack: the locality that localityWeights weigh.' },
          priority: { type: 'integer', minimum: 0, default: 0, description: 'Priority level, 0 the highest: lower levels take traffic only as higher ones lose health (Envoy).' },
          sim: virtualServer('How this endpoint behaves in simulations; simulation.defaults fill what is missing.'),
        },
      },
    },
    request, ...http2Schemas,
    strategy: { enum: [...STRATEGY_NAMES], default: 'round-robin', description: 'Load-balancing strategy.' },
    strategyOptions: { type: 'object', description: 'Options of the chosen strategy (see `rpc-balancer strategies`); checked when the pool is loaded.' },
    outlierDetection,
    ...balancing,
    policy: policySchema(duration),
    thresholds: {
      type: 'array', maxItems: MAX_THRESHOLDS, uniqueItems: true,
      description: 'What a run on this pool must hold, in the --fail-on language ("p99<200ms", "errors<1%", "throughput>=500rps"): each is a test in the Test Explorer, passed when it holds.',
      items: { type: 'string', pattern: THRESHOLD_PATTERN },
    },
    key: {
      description: 'Hash key of each request (hash strategies): a template like "user-{seq % 1000}" ({seq}, {seq % N}, {random N}), { "list": [...] }, { "field": "params.0" }, or a key space { "space": 10000, "skew": { "zipf": 1 } } (keys key-1 .. key-N, uniform or Zipf-skewed).',
      anyOf: [
        { type: 'string', minLength: 1 },
        { type: 'object', additionalProperties: false, required: ['list'], properties: { list: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } } } },
        { type: 'object', additionalProperties: false, required: ['field'], properties: { field: { type: 'string', minLength: 1 } } },
        {
          type: 'object',
          additionalProperties: false,
          required: ['space'],
          properties: {
            space: { type: 'integer', minimum: 1, maximum: LIMITS.keySpace },
            skew: { anyOf: [{ const: 'uniform' }, { type: 'object', additionalProperties: false, required: ['zipf'], properties: { zipf: { type: 'number', exclusiveMinimum: 0, maximum: LIMITS.zipf } } }] },
          },
        },
      ],
    },
    requests: {
      type: 'object',
      description: 'Request data: rows of a CSV file (with a header row) or a JSONL file fill each request\'s {column} placeholders and the hash key ({ "field": "column" }). The file resolves against the pool file\'s folder.',
      additionalProperties: false,
      required: ['file'],
      properties: {
        file: { type: 'string', pattern: '\\.(csv|jsonl|ndjson)$', description: 'A .csv file with a header row, or a .jsonl file of one JSON object per line.' },
        order: {
          enum: [...REQUEST_DATA_ORDERS],
          default: REQUEST_DATA_DEFAULTS.order,
          description: 'sequential: each row once, then sending stops; circular: file order, wrapping; random: uniform with replacement (seeded); shuffle: a seeded permutation, a new one each pass.',
        },
      },
    },
    discovery,
    simulation: {
      type: 'object',
      description: 'Simulation settings.',
      additionalProperties: false,
      properties: { defaults: virtualServer('Virtual server defaults for every endpoint.') },
    },
    control: { type: 'string', pattern: HTTP_ADDRESS, description: 'Control address of the demo servers (serve-demo), so scenarios can put faults on them.' },
  },
};

const step: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['at', 'endpoint'],
  description: 'One fault: when, which endpoint, and exactly one action.',
  properties: {
    at: duration('When, from the start of the run: "3s", "250ms", or ms.'),
    endpoint: { type: 'string', minLength: 1, description: 'Id of an endpoint of the pool.' },
    slow: { type: 'number', minimum: 1, description: 'Slow down by this factor.' },
    fail: { type: 'number', minimum: 0, maximum: 1, description: 'Fail this share of requests.' },
    stall: duration('Stop answering for this long.'),
    leave: { const: true, description: 'Stop listening (connections refused).' },
    join: { const: true, description: 'Listen again.' },
    recover: { const: true, description: 'Back to normal speed and error rate.' },
    remove: { const: true, description: 'Take the endpoint out of the balancer.' },
    add: { const: true, description: 'Put the endpoint back into the balancer.' },
    coldJoin: {
      description: 'Put the endpoint (taken out by a "remove" before) into the balancer with its server cold: its service time is multiplied by a factor falling linearly to 1 over "for". true: factor 5 for 10s.',
      oneOf: [
        { const: true },
        {
          type: 'object',
          additionalProperties: false,
          properties: {
            factor: { type: 'number', minimum: 1, maximum: 1000, description: 'Slowdown when it joins (default 5).' },
            for: duration('Time until it is warm (default 10s).'),
          },
        },
      ],
    },
  },
  oneOf: FAULT_ACTIONS.map((a) => ({ required: [a] })),
};

export const scenarioSchema: Schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://rpc-balancer.dev/schemas/scenario.schema.json',
  title: 'RPC Balancer scenario',
  description: 'Faults on a run\'s timeline, for load tests and simulations alike.',
  anyOf: [
    { type: 'array', items: step },
    {
      type: 'object',
      additionalProperties: false,
      required: ['faults'],
      properties: { $schema: { type: 'string' }, description: { type: 'string' }, faults: { type: 'array', items: step } },
    },
  ],
};
