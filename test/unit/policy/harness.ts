/**
 * What the policy tests run on: virtual servers on the VirtualClock (each answers after a delay
 * its behaviour gives, or never, and stops when cancelled), a real balancer from the registry
 * with every pick and done counted, and a layer wired to both.
 */
import { createBalancer } from '../../../src/engine/registry';
import { createSeededRandom } from '../../../src/engine/seeded-random';
import type { Balancer, Endpoint, Outcome, Pick, PickContext, StrategyName } from '../../../src/engine/types';
import type { ClientPolicy } from '../../../src/pools/policy-types';
import { PolicyLayer, VirtualClock, type AttemptAnswer, type AttemptInfo, type AttemptSender, type RequestResult } from '../../../src/policy';
import type { RunEvent } from '../../../src/result/types';

/** How a server answers one attempt: after `ms`, with `answer`; `never` for a stall. */
export type Behaviour = (info: AttemptInfo, now: number, n: number) => { ms: number; answer: AttemptAnswer } | 'never';

export const ok = (ms: number): Behaviour => () => ({ ms, answer: { ok: true } });
export const fail = (ms: number, errorKind: string, pushback?: AttemptAnswer['pushback']): Behaviour => () => ({ ms, answer: { ok: false, errorKind, pushback } });
export const never: Behaviour = () => 'never';

export interface Sent { endpoint: string; at: number; info: AttemptInfo; cancelledAt?: number }

export class VirtualServers implements AttemptSender {
  readonly sent: Sent[] = [];
  private readonly served = new Map<string, number>();
  constructor(private readonly clock: VirtualClock, private readonly behaviours: Record<string, Behaviour>) {}

  send(endpoint: Endpoint, info: AttemptInfo, onAnswer: (a: AttemptAnswer) => void): () => void {
    // The layer's AttemptInfo is valid during send only: keep a copy.
    const rec: Sent = { endpoint: endpoint.id, at: this.clock.now(), info: { request: info.request, attempt: info.attempt, cause: info.cause } };
    this.sent.push(rec);
    const n = this.served.get(endpoint.id) ?? 0;
    this.served.set(endpoint.id, n + 1);
    const b = this.behaviours[endpoint.id](info, this.clock.now(), n);
    if (b === 'never') return () => { rec.cancelledAt ??= this.clock.now(); };
    const cancel = this.clock.setTimer(this.clock.now() + b.ms, () => onAnswer({ latencyMs: b.ms, ...b.answer }));
    return () => {
      rec.cancelledAt ??= this.clock.now();
      cancel();
    };
  }
}

/** A balancer from the registry whose picks and dones are counted: every pick must get exactly one done. */
export class CountedBalancer implements Balancer {
  picks = 0;
  dones = 0;
  doubleDones = 0;
  readonly outcomes: { endpoint: string; outcome: Outcome }[] = [];
  constructor(private readonly inner: Balancer) {}
  get name() { return this.inner.name; }
  endpoints() { return this.inner.endpoints(); }
  setEndpoints(e: readonly Endpoint[]) { this.inner.setEndpoints(e); }
  pick(ctx?: PickContext): Pick | undefined {
    const p = this.inner.pick(ctx);
    if (!p) return p;
    this.picks++;
    let done = false;
    return {
      endpoint: p.endpoint,
      done: (o) => {
        if (done) this.doubleDones++;
        else this.dones++;
        done = true;
        this.outcomes.push({ endpoint: p.endpoint.id, outcome: copyOutcome(o) });
        p.done(o);
      },
    };
  }
}

/** The layer's Outcome is valid during done() only: a copy, with the fields it set. */
function copyOutcome(o: Outcome): Outcome {
  const c: Outcome = { latencyMs: o.latencyMs, ok: o.ok };
  if (o.load !== undefined) c.load = o.load;
  if (o.report !== undefined) c.report = o.report;
  return c;
}

/** The layer's RequestResult is valid during onFinal only: a copy, `errorKind` only when it failed. */
export function copyResult(r: RequestResult): RequestResult {
  const c: RequestResult = { request: r.request, ok: r.ok, startedAt: r.startedAt, endedAt: r.endedAt, latencyMs: r.latencyMs, sent: r.sent, retries: r.retries, hedges: r.hedges, attempts: r.attempts };
  if (!r.ok) c.errorKind = r.errorKind;
  return c;
}

export interface Rig {
  clock: VirtualClock;
  servers: VirtualServers;
  balancer: CountedBalancer;
  layer: PolicyLayer;
  results: RequestResult[];
  events: RunEvent[];
  /** Starts a request now. */
  go(ctx?: PickContext): void;
}

export function rig(policy: ClientPolicy, behaviours: Record<string, Behaviour>, strategy: StrategyName = 'round-robin', seed = 7): Rig {
  const clock = new VirtualClock();
  const endpoints = Object.keys(behaviours).map((id) => ({ id, address: id, weight: 1 }));
  const balancer = new CountedBalancer(createBalancer(strategy, endpoints, { now: () => clock.now(), random: createSeededRandom(seed) }));
  const servers = new VirtualServers(clock, behaviours);
  const results: RequestResult[] = [];
  const events: RunEvent[] = [];
  const layer = new PolicyLayer({ policy, balancer, clock, sender: servers, random: createSeededRandom(seed + 1), onEvent: (e) => events.push(e) });
  return { clock, servers, balancer, layer, results, events, go: (ctx) => layer.request(ctx, (r) => results.push(copyResult(r))) };
}

/** The retry policy of the tests: A6 names, ms. */
export function retryPolicy(over: Partial<NonNullable<ClientPolicy['retry']>> = {}): NonNullable<ClientPolicy['retry']> {
  return { maxAttempts: 3, initialBackoffMs: 25, maxBackoffMs: 1000, backoffMultiplier: 2, retryOn: ['http_503', 'refused', 'timeout'], otherEndpoint: false, honorPushback: true, ...over };
}
