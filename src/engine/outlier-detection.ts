/**
 * Outlier detection: a wrapper around any strategy with Envoy's semantics
 * (envoyproxy.io "Outlier detection"; source/common/upstream/outlier_detection_impl.cc).
 *
 * - Consecutive errors: `consecutiveErrors` failed outcomes in a row (default 5) eject the
 *   endpoint from `done`; any ok outcome resets the count. An attempt stopped by the cap resets
 *   it too, so the next run of errors tries again.
 * - Success rate (only with `successRate`): every `intervalMs`, among the endpoints in the pool
 *   with at least `requestVolume` completed picks in the interval, if at least `minimumHosts`
 *   qualify, those whose success rate (percent) is below `mean - stdevFactor / 1000 x stdev`
 *   (population stdev) are ejected, lowest rate first.
 * - Duration: `baseEjectionTimeMs x k`, at most `maxEjectionTimeMs`, where k is the endpoint's
 *   ejection count: +1 on each ejection, -1 for each full `intervalMs` it then stays in the pool
 *   (Envoy's `ejectTimeBackoff`), so an endpoint that keeps failing is out 30 s, 60 s, 90 s ...
 * - Cap: an ejection happens only if afterwards at most `maxEjectionPercent` of the pool is
 *   ejected, or if none is ejected yet (so at least one always can be).
 * - No timers: ejections end, and success rates are judged, lazily on `pick` from the injected
 *   `now`. A `restored` event carries the time the ejection ended. A pool whose every endpoint is
 *   ejected (a pool of one) picks nothing until one returns.
 *
 * The inner strategy sees only the usable endpoints (`inner.setEndpoints`), which keeps what it
 * learned about the others; a returning endpoint starts fresh there. An inner wrapper that weighs
 * health itself (priority levels and panic, health.ts) gets the whole pool and the ejected ids. `setEndpoints` on the wrapper
 * keeps ejection state by id. Hash strategies keep answering `ownerOf` and `layout`.
 */
import { validateEndpoints } from './endpoints';
import { giveHealth, type HealthAware } from './health';
import { parseOutlierOptions, type OutlierConfig } from './outlier-options';
import type { Balancer, EjectionEvent, Endpoint, Env, Outcome, Pick, PickContext } from './types';
import { isHashBalancer } from './types';

interface Host {
  endpoint: Endpoint;
  /** False once the endpoint left the pool: late completions are then ignored. */
  live: boolean;
  consecutiveErrors: number;
  ejected: boolean;
  ejectedUntil: number;
  /** Envoy's ejectTimeBackoff, as of `backoffAt`. */
  backoff: number;
  backoffAt: number;
  ok: number;
  total: number;
}

class OutlierPick implements Pick {
  readonly endpoint: Endpoint;
  private settled = false;

  constructor(
    private readonly inner: Pick,
    private readonly host: Host,
    private readonly detector: OutlierDetector,
  ) {
    this.endpoint = inner.endpoint;
  }

  done(outcome: Outcome): void {
    if (this.settled) return;
    this.settled = true;
    this.inner.done(outcome);
    this.detector.record(this.host, outcome);
  }
}

class OutlierDetector implements Balancer, HealthAware {
  readonly name: Balancer['name'];
  private hosts = new Map<string, Host>();
  /** Unhealthy by what the caller knows (setHealth: a grpc-js subchannel that is not READY), beside the ejected. */
  private external: ReadonlySet<string> = new Set();
  private list: readonly Endpoint[] = [];
  private ejectedCount = 0;
  private nextRestoreAt = Infinity;
  private intervalStart: number;

  constructor(
    private readonly inner: Balancer,
    endpoints: readonly Endpoint[],
    private readonly config: OutlierConfig,
    private readonly env: Env,
    private readonly onEvent: ((event: EjectionEvent) => void) | undefined,
  ) {
    this.name = inner.name;
    this.intervalStart = env.now();
    this.adopt(endpoints);
  }

  pick(ctx?: PickContext): Pick | undefined {
    const now = this.env.now();
    if (now >= this.nextRestoreAt) this.restoreDue(now);
    if (this.config.successRate && now - this.intervalStart >= this.config.intervalMs) this.judgeSuccessRates(now);
    const pick = this.inner.pick(ctx);
    const host = pick && this.hosts.get(pick.endpoint.id);
    return pick && host ? new OutlierPick(pick, host, this) : pick;
  }

  setEndpoints(endpoints: readonly Endpoint[]): void {
    this.external = new Set();
    this.adopt(validateEndpoints(this.name, endpoints));
    this.pushUsable();
  }

  setHealth(endpoints: readonly Endpoint[], unhealthy: ReadonlySet<string>): void {
    this.external = unhealthy;
    this.adopt(validateEndpoints(this.name, endpoints));
    this.pushUsable();
  }

  endpoints(): readonly Endpoint[] {
    return this.list;
  }

  /** Learns from one completed pick. */
  record(host: Host, outcome: Outcome): void {
    if (!host.live) return;
    host.total++;
    if (outcome?.ok === true) {
      host.ok++;
      host.consecutiveErrors = 0;
      return;
    }
    if (++host.consecutiveErrors < this.config.consecutiveErrors || host.ejected) return;
    host.consecutiveErrors = 0;
    this.eject(host, this.env.now(), 'consecutive-errors');
  }

  private adopt(endpoints: readonly Endpoint[]): void {
    const now = this.env.now();
    const next = new Map<string, Host>();
    for (const endpoint of endpoints) {
      const host = this.hosts.get(endpoint.id) ?? freshHost(endpoint, now);
      host.endpoint = endpoint;
      next.set(endpoint.id, host);
    }
    for (const [id, host] of this.hosts) if (!next.has(id)) host.live = false;
    this.hosts = next;
    this.list = Object.freeze(endpoints.slice());
    this.recount();
  }

  private eject(host: Host, now: number, reason: string): boolean {
    const { maxEjectionPercent, baseEjectionTimeMs, maxEjectionTimeMs, intervalMs } = this.config;
    const cap = Math.max(1, Math.floor((this.hosts.size * maxEjectionPercent) / 100 + 1e-9));
    if (this.ejectedCount > 0 && this.ejectedCount + 1 > cap) return false;
    const relaxed = Math.floor((now - host.backoffAt) / intervalMs);
    host.backoff = Math.min(Math.max(0, host.backoff - relaxed) + 1, Math.ceil(maxEjectionTimeMs / baseEjectionTimeMs));
    host.backoffAt = now;
    const durationMs = Math.min(baseEjectionTimeMs * host.backoff, maxEjectionTimeMs);
    host.ejected = true;
    host.ejectedUntil = now + durationMs;
    this.ejectedCount++;
    this.nextRestoreAt = Math.min(this.nextRestoreAt, host.ejectedUntil);
    this.pushUsable();
    this.onEvent?.({ type: 'ejected', endpointId: host.endpoint.id, at: now, reason, durationMs });
    return true;
  }

  private restoreDue(now: number): void {
    const due = [...this.hosts.values()].filter((h) => h.ejected && h.ejectedUntil <= now);
    due.sort((a, b) => a.ejectedUntil - b.ejectedUntil);
    for (const host of due) {
      host.ejected = false;
      host.consecutiveErrors = 0;
      // The backoff relaxes from the moment the endpoint is back, not from its ejection.
      host.backoffAt = host.ejectedUntil;
    }
    this.recount();
    this.pushUsable();
    for (const host of due) this.onEvent?.({ type: 'restored', endpointId: host.endpoint.id, at: host.ejectedUntil });
  }

  private judgeSuccessRates(now: number): void {
    const sr = this.config.successRate!;
    const { intervalMs } = this.config;
    this.intervalStart += Math.floor((now - this.intervalStart) / intervalMs) * intervalMs;
    const judged: { host: Host; rate: number }[] = [];
    for (const host of this.hosts.values()) {
      if (!host.ejected && host.total >= sr.requestVolume) judged.push({ host, rate: (100 * host.ok) / host.total });
      host.ok = 0;
      host.total = 0;
    }
    if (judged.length === 0 || judged.length < sr.minimumHosts) return;
    const mean = judged.reduce((s, j) => s + j.rate, 0) / judged.length;
    const variance = judged.reduce((s, j) => s + (j.rate - mean) ** 2, 0) / judged.length;
    const threshold = mean - (sr.stdevFactor / 1000) * Math.sqrt(variance);
    judged.sort((a, b) => a.rate - b.rate);
    for (const { host, rate } of judged) {
      if (rate >= threshold) break;
      this.eject(host, now, 'success-rate');
    }
  }

  private recount(): void {
    let count = 0;
    let next = Infinity;
    for (const host of this.hosts.values()) {
      if (!host.ejected) continue;
      count++;
      if (host.ejectedUntil < next) next = host.ejectedUntil;
    }
    this.ejectedCount = count;
    this.nextRestoreAt = next;
  }

  private pushUsable(): void {
    const unhealthy = new Set(this.external);
    for (const host of this.hosts.values()) if (host.ejected) unhealthy.add(host.endpoint.id);
    giveHealth(this.inner, this.list, unhealthy);
  }
}

function freshHost(endpoint: Endpoint, now: number): Host {
  return {
    endpoint,
    live: true,
    consecutiveErrors: 0,
    ejected: false,
    ejectedUntil: 0,
    backoff: 0,
    backoffAt: now,
    ok: 0,
    total: 0,
  };
}

/**
 * Wraps `inner` (created with `endpoints`) in outlier detection. `options` is
 * `BalancerOptions.outlierDetection` (`true` for the defaults); bad options throw a ConfigError
 * naming `outlierDetection` and the field.
 */
export function withOutlierDetection(
  inner: Balancer,
  endpoints: readonly Endpoint[],
  options: unknown,
  env: Env,
  onEvent?: (event: EjectionEvent) => void,
): Balancer {
  const detector = new OutlierDetector(inner, endpoints, parseOutlierOptions(options), env, onEvent);
  if (!isHashBalancer(inner)) return detector;
  return Object.assign(detector, {
    ownerOf: (key: string) => inner.ownerOf(key),
    layout: () => inner.layout(),
  });
}
