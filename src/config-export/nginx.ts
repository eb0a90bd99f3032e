/**
 * A variant as nginx config (open-source nginx, ngx_http_upstream_module): an `upstream` block
 * (round robin with `weight=`, `least_conn`, `hash ... consistent`, `random two least_conn`,
 * `max_fails`/`fail_timeout` from outlier detection, `backup` for a lower priority) and a
 * `server` whose `location` proxies to it with `proxy_next_upstream` retries (or `grpc_pass`
 * and `grpc_next_upstream` for a gRPC pool). nginx retries always go to the next server.
 */
import type { OutlierOptions } from '../engine/types';
import type { ClientPolicy } from '../pools/policy-types';
import { hostPort, nginxTime } from './durations';
import { UNWEIGHTED_STRATEGIES, type ExportInput } from './types';

/** The balancing directive for each strategy, and whether the mapping is exact. */
const METHOD: Record<string, { directive?: string; exact: boolean }> = {
  'round-robin': { exact: true },
  'weighted-round-robin': { exact: true },
  'pick-first': { exact: true },
  random: { directive: 'random', exact: true },
  'weighted-random': { directive: 'random', exact: true },
  'least-connections': { directive: 'least_conn', exact: true },
  'least-request': { directive: 'random two least_conn', exact: true },
  'p2c-peak-ewma': { directive: 'random two least_conn', exact: false },
  'least-response-time': { directive: 'least_conn', exact: false },
  'least-load': { directive: 'least_conn', exact: false },
  'orca-weighted-round-robin': { exact: false },
  'consistent-hash': { directive: 'hash', exact: true },
  'bounded-load-hash': { directive: 'hash', exact: false },
  maglev: { directive: 'hash', exact: false },
  rendezvous: { directive: 'hash', exact: false },
};

/** Our kinds as nginx's next-upstream conditions (it knows these statuses only). */
const NEXT_STATUS = new Set([500, 502, 503, 504, 403, 404, 429]);

/** nginx names: letters, digits, `_`. */
export function upstreamName(poolName: string): string {
  return poolName.replace(/[^A-Za-z0-9_]/g, '_') || 'pool';
}

export function nginxConfig(input: ExportInput): string {
  const { pool, variant, options, note } = input;
  const name = upstreamName(pool.name);
  const grpc = pool.transport === 'grpc';
  const method = METHOD[variant.strategy];
  const header = `$http_${options.hashHeader.toLowerCase().replace(/-/g, '_')}`;
  const directive = method.directive === 'hash' ? `hash ${header} consistent` : method.directive;
  const nearest = directive ?? 'round robin (weighted)';
  if (!method.exact) note(`${variant.strategy} cannot be expressed in open-source nginx: nearest used, ${nearest}`);
  if (variant.strategy === 'least-request' && typeof variant.strategyOptions?.choiceCount === 'number' && variant.strategyOptions.choiceCount !== 2) {
    note(`least-request choiceCount ${variant.strategyOptions.choiceCount} cannot be expressed in nginx: nearest used, random two least_conn`);
  }
  const lines = [`upstream ${name} {`];
  if (directive) lines.push(`    ${directive};`);
  const od = variant.outlierDetection === true ? {} : variant.outlierDetection || undefined;
  const failures = serverFailures(od, note);
  const backupAllowed = !directive || directive === 'least_conn';
  const levels = new Set(pool.endpoints.map((e) => e.priority ?? 0));
  if (levels.size > 2) note(`priority levels ${[...levels].sort().join(', ')} cannot be expressed in nginx: nearest used, level 0 primary and every lower level backup`);
  if ((levels.size > 1 || variant.strategy === 'pick-first') && !backupAllowed) note(`backup servers cannot be used with ${directive} in nginx: nearest used, every server primary`);
  if (pool.localityWeights || pool.endpoints.some((e) => e.zone)) note('zones and localityWeights cannot be expressed in nginx: nearest used, the endpoint weights alone');
  if (pool.slowStart) note('slowStart cannot be expressed in open-source nginx (slow_start is NGINX Plus): nearest used, none');
  const breaker = variant.policy?.circuitBreaker;
  const maxConns = breaker ? Math.max(1, Math.ceil(breaker.maxRequests / pool.endpoints.length)) : undefined;
  if (breaker) note(`circuitBreaker cannot be expressed in nginx: nearest used, max_conns=${maxConns} per server (maxRequests ${breaker.maxRequests} over ${pool.endpoints.length}); maxRetries ${breaker.maxRetries} has none`);
  pool.endpoints.forEach((e, i) => {
    const backup = backupAllowed && (variant.strategy === 'pick-first' ? i > 0 : (e.priority ?? 0) > 0);
    const weight = e.weight === 1 || UNWEIGHTED_STRATEGIES.has(variant.strategy) ? '' : ` weight=${Math.max(1, Math.round(e.weight))}`;
    if (weight && !Number.isInteger(e.weight)) note(`weight ${e.weight} of ${e.id} cannot be expressed in nginx (whole numbers): nearest used, ${Math.max(1, Math.round(e.weight))}`);
    lines.push(`    server ${hostPort(e.address).text}${weight}${failures}${maxConns ? ` max_conns=${maxConns}` : ''}${backup ? ' backup' : ''};  # ${e.id}`);
  });
  lines.push('}', '', ...serverBlock(input, name, grpc));
  return `${lines.join('\n')}\n`;
}

function serverFailures(od: OutlierOptions | undefined, note: (t: string) => void): string {
  // Without outlier detection nothing is ever taken out: nginx's default max_fails=1 would.
  if (!od) return ' max_fails=0';
  const fails = od.consecutiveErrors ?? 5;
  const ms = od.baseEjectionTimeMs ?? 30_000;
  note(`outlierDetection cannot be expressed exactly in nginx: nearest used, max_fails=${fails} fail_timeout=${nginxTime(ms)} (failures within fail_timeout, not consecutive; no growing ejection, maxEjectionPercent or successRate)`);
  return ` max_fails=${fails} fail_timeout=${nginxTime(ms)}`;
}

function serverBlock(input: ExportInput, name: string, grpc: boolean): string[] {
  const policy: ClientPolicy = input.variant.policy ?? {};
  const px = grpc ? 'grpc' : 'proxy';
  const loc = [grpc ? `        grpc_pass grpc://${name};` : `        proxy_pass http://${name};`];
  if (!grpc) loc.push('        proxy_http_version 1.1;', '        proxy_set_header Connection "";');
  const retry = policy.retry;
  const kinds = retry?.retryOn ?? policy.hedging?.nonFatal;
  if (policy.hedging) input.note(`hedging cannot be expressed in nginx: nearest used, a retry on the next server after ${policy.hedging.delayMs} ms (${px}_read_timeout), the slow attempt abandoned`);
  if (kinds) {
    loc.push(`        ${px}_next_upstream ${nextUpstream(input, kinds, grpc).join(' ')};`);
    loc.push(`        ${px}_next_upstream_tries ${(retry ?? policy.hedging)!.maxAttempts};`);
  } else loc.push(`        ${px}_next_upstream off;`);
  const perTry = retry?.perTryTimeoutMs ?? policy.hedging?.delayMs;
  if (perTry !== undefined) loc.push(`        ${px}_read_timeout ${nginxTime(perTry)};`, `        ${px}_send_timeout ${nginxTime(perTry)};`);
  if (policy.deadlineMs !== undefined) {
    loc.push(`        ${px}_next_upstream_timeout ${nginxTime(policy.deadlineMs)};`);
    if (perTry === undefined) loc.push(`        ${px}_read_timeout ${nginxTime(policy.deadlineMs)};`);
    input.note(`deadline cannot be expressed exactly in nginx: nearest used, ${px}_next_upstream_timeout ${nginxTime(policy.deadlineMs)} (no new attempt after it) and the read timeout`);
  }
  if (retry) {
    input.note('retry backoff cannot be expressed in nginx: nearest used, none (nginx retries at once on the next server)');
    if (!retry.otherEndpoint) input.note('retry.otherEndpoint false cannot be expressed in nginx: nearest used, the next server (nginx never retries the same one)');
  }
  if (policy.budget || policy.throttling) input.note(`${policy.budget ? 'budget' : 'throttling'} cannot be expressed in nginx: nearest used, ${px}_next_upstream_tries caps attempts per request`);
  const listen = typeof input.options.listen === 'number' ? String(input.options.listen) : input.options.listen;
  return ['server {', `    listen ${listen}${grpc ? ' http2' : ''};`, '    location / {', ...loc, '    }', '}'];
}

function nextUpstream(input: ExportInput, kinds: readonly string[], grpc: boolean): string[] {
  const out = new Set<string>();
  for (const kind of kinds) {
    const http = /^http_(\d{3})$/.exec(kind);
    if (kind === 'refused' || kind === 'reset') out.add('error');
    else if (kind === 'timeout') out.add('timeout');
    else if (http && NEXT_STATUS.has(Number(http[1]))) out.add(`http_${http[1]}`);
    else input.note(`${kind} cannot be expressed in nginx ${grpc ? 'grpc' : 'proxy'}_next_upstream (it sees connection errors, timeouts and HTTP 500, 502, 503, 504, 403, 404, 429): nearest used, none (not retried)`);
  }
  if (out.size === 0) out.add('off');
  // A retried status on a non-idempotent request needs nginx's `non_idempotent`: RPCs are POSTs.
  if (!out.has('off')) out.add('non_idempotent');
  return [...out];
}
