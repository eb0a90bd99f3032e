/**
 * An undici `Dispatcher` that balances with our strategies. Like undici's BalancedPool it keeps
 * one keep-alive `Pool` per upstream and sends each request with the upstream's origin (the
 * caller's URL only gives the path); unlike it, the choice is any strategy of the engine and
 * every exchange is fed back with `pick.done({ latencyMs, ok, load })`, exactly once.
 *
 *   dispatch(opts, handler) -> balancer.pick({ key }) -> Pool(endpoint).dispatch(opts', tracked handler)
 *                                     ^                                              |
 *                                     +------ done(outcome), once, at end/error -----+
 */
import type { EventEmitter } from 'node:events';
import { Dispatcher, Pool, errors } from 'undici';
import { validateEndpoints } from '../../engine/endpoints';
import { createBalancer } from '../../engine/registry';
import type { Balancer, Endpoint, Outcome, StrategyName } from '../../engine/types';
import { ExchangeTracker, FeedbackHandler, LegacyFeedbackHandler, isNewStyle } from './feedback-handler';
import { toEndpoints, type BalancedEndpoint, type ResolvedOptions } from './options';
import { requestKey } from './request-key';

/** `pick` found no usable endpoint (empty pool, or every endpoint ejected). */
export class NoEndpointError extends Error {
  readonly code = 'RPC_BALANCER_NO_ENDPOINT';
  constructor(strategy: string) {
    super(`${strategy}: no usable endpoint`);
    this.name = 'NoEndpointError';
  }
}

/** Per endpoint, since the dispatcher was created. */
export interface EndpointCounters {
  id: string;
  address: string;
  /** Requests sent to it. */
  requests: number;
  /** Outcomes fed back with ok = false. */
  errors: number;
  /** Picks whose outcome is not yet fed back. */
  inFlight: number;
}

interface Target {
  address: string;
  origin: string;
  /** Path prefix from the address (`http://h:1/api` -> `/api`), '' when none. */
  base: string;
  pool: Pool;
}

const EVENTS = ['connect', 'disconnect', 'connectionError', 'drain'] as const;

export class BalancedDispatcher extends Dispatcher {
  /** The strategy; read-only use (ownerOf, endpoints) is fine, picks belong to the dispatcher. */
  readonly balancer: Balancer;
  readonly strategy: StrategyName;
  private readonly opts: ResolvedOptions;
  private readonly targets = new Map<string, Target>();
  /** Pools of endpoints that left, closing once their requests finish. */
  private readonly retiring = new Set<Pool>();
  private readonly counters = new Map<string, EndpointCounters>();
  private total = 0;
  private closing: Promise<void> | undefined;
  private destroying: Promise<void> | undefined;

  constructor(resolved: ResolvedOptions) {
    super();
    this.opts = resolved;
    this.strategy = resolved.strategy;
    this.balancer = createBalancer(resolved.strategy, resolved.endpoints, resolved.balancerOptions);
  }

  get closed(): boolean {
    return this.closing !== undefined;
  }

  get destroyed(): boolean {
    return this.destroying !== undefined;
  }

  /** Requests whose outcome is not yet fed back: all of them, or those of endpoint `id`. */
  inFlight(id?: string): number {
    return id === undefined ? this.total : (this.counters.get(id)?.inFlight ?? 0);
  }

  /** Counters of the current endpoints, then of departed ones that still have requests in flight. */
  stats(): EndpointCounters[] {
    const current = this.balancer.endpoints().map((e) => ({ ...this.counter(e) }));
    const ids = new Set(current.map((c) => c.id));
    const departed = [...this.counters.values()].filter((c) => !ids.has(c.id) && c.inFlight > 0).map((c) => ({ ...c }));
    return [...current, ...departed];
  }

  endpoints(): readonly Endpoint[] {
    return this.balancer.endpoints();
  }

  /**
   * New membership. What the strategy learned about endpoints that stay (by id) is kept; the
   * Pools of endpoints that left (or changed address) close gracefully: their requests finish.
   */
  setEndpoints(endpoints: readonly BalancedEndpoint[]): void {
    const next = validateEndpoints(this.strategy, toEndpoints(endpoints));
    this.balancer.setEndpoints(next);
    const byId = new Map(next.map((e) => [e.id, e]));
    for (const [id, target] of this.targets) {
      if (byId.get(id)?.address === target.address) continue;
      this.targets.delete(id);
      this.retire(target.pool);
    }
  }

  override dispatch(opts: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    if (!handler || typeof handler !== 'object') throw new errors.InvalidArgumentError('handler must be an object');
    let tracker: ExchangeTracker | undefined;
    let handedOver = false;
    try {
      if (this.destroying) throw new errors.ClientDestroyedError();
      if (this.closing) throw new errors.ClientClosedError();
      if (!opts || typeof opts !== 'object') throw new errors.InvalidArgumentError('opts must be an object.');
      const key = requestKey(opts, this.opts.key, this.opts.keyHeader);
      const pick = this.balancer.pick(key === undefined ? {} : { key });
      if (!pick) throw new NoEndpointError(this.strategy);
      const endpoint = pick.endpoint;
      const target = this.target(endpoint);
      const counter = this.counter(endpoint);
      counter.requests += 1;
      counter.inFlight += 1;
      this.total += 1;
      tracker = new ExchangeTracker(this.opts.now(), this.opts.now, (outcome: Outcome) => {
        counter.inFlight -= 1;
        this.total -= 1;
        if (!outcome.ok) counter.errors += 1;
        pick.done(outcome);
        this.opts.onOutcome?.(endpoint, outcome);
      });
      const tracked = isNewStyle(handler) ? new FeedbackHandler(handler, tracker) : new LegacyFeedbackHandler(handler, tracker);
      const path = target.base ? target.base + opts.path : opts.path;
      handedOver = true;
      return target.pool.dispatch({ ...opts, origin: target.origin, path }, tracked);
    } catch (err) {
      // A throw after the pick still ends it, once. Once the Pool has the request, the Pool has
      // already told the handler (DispatcherBase does), so the error only travels up.
      tracker?.error();
      if (handedOver) throw err;
      return fail(handler, err as Error);
    }
  }

  override close(): Promise<void>;
  override close(callback: () => void): void;
  override close(callback?: () => void): Promise<void> | void {
    this.closing ??= Promise.all(this.pools().map((p) => p.close().catch(() => undefined))).then(() => undefined);
    if (!callback) return this.closing;
    void this.closing.then(() => callback());
  }

  override destroy(): Promise<void>;
  override destroy(err: Error | null): Promise<void>;
  override destroy(callback: () => void): void;
  override destroy(err: Error | null, callback: () => void): void;
  override destroy(a?: Error | null | (() => void), b?: () => void): Promise<void> | void {
    const err = typeof a === 'function' ? null : (a ?? null);
    const callback = typeof a === 'function' ? a : b;
    this.closing ??= Promise.resolve();
    // Requests in flight end with an error, so each one's outcome is fed back before this resolves.
    this.destroying ??= Promise.all(this.pools().map((p) => (err ? p.destroy(err) : p.destroy()).catch(() => undefined))).then(() => undefined);
    if (!callback) return this.destroying;
    void this.destroying.then(() => callback());
  }

  private pools(): Pool[] {
    return [...[...this.targets.values()].map((t) => t.pool), ...this.retiring];
  }

  private counter(endpoint: Endpoint): EndpointCounters {
    let c = this.counters.get(endpoint.id);
    if (!c) this.counters.set(endpoint.id, (c = { id: endpoint.id, address: endpoint.address, requests: 0, errors: 0, inFlight: 0 }));
    c.address = endpoint.address;
    return c;
  }

  /** The endpoint's Pool, opened on first use and kept (keep-alive) while the endpoint stays. */
  private target(endpoint: Endpoint): Target {
    const known = this.targets.get(endpoint.id);
    if (known && known.address === endpoint.address) return known;
    if (known) {
      this.targets.delete(endpoint.id);
      this.retire(known.pool);
    }
    const url = new URL(endpoint.address);
    const pool = new Pool(url.origin, this.opts.poolOptions);
    // Forwarded as undici's Agent does: (origin, [this, ...targets], err).
    for (const name of EVENTS) {
      (pool as EventEmitter).on(name, (origin: URL, targets: readonly Dispatcher[], err?: Error) => {
        (this as EventEmitter).emit(name, origin, [this, ...targets], err);
      });
    }
    const base = url.pathname === '/' ? '' : url.pathname.replace(/\/$/, '');
    const target: Target = { address: endpoint.address, origin: url.origin, base, pool };
    this.targets.set(endpoint.id, target);
    return target;
  }

  private retire(pool: Pool): void {
    this.retiring.add(pool);
    void pool.close().catch(() => undefined).then(() => this.retiring.delete(pool));
  }
}

/** Reports an error to the caller in its dialect, as undici's DispatcherBase does; false as nothing was queued. */
function fail(handler: Dispatcher.DispatchHandler, err: Error): boolean {
  if (isNewStyle(handler)) {
    if (!handler.onResponseError) throw err;
    handler.onResponseError(undefined as unknown as Dispatcher.DispatchController, err);
  } else {
    if (!handler.onError) throw err;
    handler.onError(err);
  }
  return false;
}
