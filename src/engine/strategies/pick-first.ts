/**
 * pick-first: gRPC's default policy (gRFC A62; grpc-js load-balancer-pick-first.ts). The first
 * usable endpoint in list order takes every request; it keeps them (it is sticky: an earlier
 * endpoint coming back does not take them away) until it fails or leaves the pool, then the first
 * usable endpoint in list order takes over.
 *
 * gRPC fails over when the connection breaks, not on an RPC status. A balancer here sees only
 * outcomes, so "the connection broke" is `failureThreshold` consecutive failed outcomes (default
 * 1: a refused or reset call fails at once in every transport); an ok outcome resets the count.
 * The endpoint is then down for `retryAfterMs` (default 1 s, gRPC's initial connection backoff,
 * doc/connection-backoff.md; kept fixed, without gRPC's growth ×1.6 up to 120 s) and is skipped
 * until then. When every endpoint is down, `pick` returns `undefined`, as gRPC's picker fails RPCs
 * with UNAVAILABLE in TRANSIENT_FAILURE (A62's sticky-TF).
 *
 * `shuffleAddressList` (A62): the list is shuffled with the injected `random` (Fisher–Yates) once
 * per address update, i.e. on creation and on each `setEndpoints`. An update keeps the endpoint in
 * use if it stays in the list (grpc-js connects to the first already-READY subchannel of the new
 * list); what is down stays down, by id.
 *
 * O(1) a pick while the endpoint in use holds; a failover is O(log n): the usable endpoints sit in
 * a heap by list position, the down ones in a queue by the time they come back (all wait the same
 * `retryAfterMs`, so the queue is in order of return).
 */
import { EndpointTable, type Entry } from '../structures/endpoint-table';
import { IndexedMinHeap } from '../structures/indexed-heap';
import { validateEndpoints } from '../endpoints';
import { defineStrategy, type OptionSpec } from '../options';
import { FeedbackPick } from '../structures/picks';
import type { Balancer, Endpoint, Env, Outcome, Pick } from '../types';

const NAME = 'pick-first';

export const PICK_FIRST_DEFAULTS = Object.freeze({ failureThreshold: 1, retryAfterMs: 1000, shuffleAddressList: false });

const SPECS: readonly OptionSpec[] = [
  {
    name: 'failureThreshold',
    type: 'integer',
    default: PICK_FIRST_DEFAULTS.failureThreshold,
    min: 1,
    description: 'Consecutive failed outcomes that count as a lost connection and move traffic to the next endpoint.',
  },
  {
    name: 'retryAfterMs',
    type: 'number',
    default: PICK_FIRST_DEFAULTS.retryAfterMs,
    min: 0,
    description: "How long a failed endpoint is skipped, in ms (gRPC's initial connection backoff is 1 s).",
  },
  {
    name: 'shuffleAddressList',
    type: 'boolean',
    default: PICK_FIRST_DEFAULTS.shuffleAddressList,
    description: 'Shuffle the endpoint list once per update with the seeded random (gRFC A62).',
  },
];

type Options = { failureThreshold: number; retryAfterMs: number; shuffleAddressList: boolean };

interface State {
  failures: number;
  /** `options.now()` at which a down endpoint may be used again; -Infinity while up. */
  downUntil: number;
  /** Position in the (possibly shuffled) list. */
  position: number;
}

class PickFirst implements Balancer {
  readonly name = NAME;
  private readonly table = new EndpointTable<State>(() => ({ failures: 0, downUntil: -Infinity, position: 0 }));
  /** The list in the order pick-first walks it. */
  private order: Entry<State>[] = [];
  /** Usable endpoints by position. */
  private usable = new IndexedMinHeap();
  /** Down endpoints in the order they come back; `head` is the next. */
  private down: Entry<State>[] = [];
  private head = 0;
  private current: Entry<State> | undefined;
  private readonly finish = (entry: Entry<State>, outcome: Outcome): void => this.settle(entry, outcome);

  constructor(
    endpoints: readonly Endpoint[],
    private readonly options: Options,
    private readonly env: Env,
  ) {
    this.setEndpoints(endpoints);
  }

  pick(): Pick | undefined {
    let entry = this.current;
    if (!entry) {
      this.returnDue(this.env.now());
      const at = this.usable.peek();
      if (at < 0) return undefined;
      entry = this.current = this.order[at];
    }
    return new FeedbackPick(entry, this.finish);
  }

  private settle(entry: Entry<State>, outcome: Outcome): void {
    const s = entry.state;
    if (outcome?.ok === true) {
      s.failures = 0;
      return;
    }
    if (s.downUntil !== -Infinity || ++s.failures < this.options.failureThreshold) return;
    s.downUntil = this.env.now() + this.options.retryAfterMs;
    this.usable.delete(s.position);
    this.down.push(entry);
    if (this.current === entry) this.current = undefined;
  }

  /** Endpoints whose wait is over are usable again, with a clean count (a new connection). */
  private returnDue(now: number): void {
    const down = this.down;
    while (this.head < down.length && down[this.head].state.downUntil <= now) {
      const entry = down[this.head++];
      if (!entry.live) continue;
      entry.state.downUntil = -Infinity;
      entry.state.failures = 0;
      this.usable.set(entry.state.position, entry.state.position, 0);
    }
    if (this.head > 64 && this.head * 2 > down.length) {
      this.down = down.slice(this.head);
      this.head = 0;
    }
  }

  setEndpoints(endpoints: readonly Endpoint[]): void {
    const valid = validateEndpoints(NAME, endpoints);
    this.table.set(valid);
    const order = this.table.entries.slice();
    if (this.options.shuffleAddressList) shuffle(order, this.env.random);
    this.order = order;
    const usable = new IndexedMinHeap(Math.max(16, order.length));
    const down: Entry<State>[] = [];
    order.forEach((entry, i) => {
      entry.state.position = i;
      if (entry.state.downUntil === -Infinity) usable.set(i, i, 0);
      else down.push(entry);
    });
    down.sort((a, b) => a.state.downUntil - b.state.downUntil);
    this.usable = usable;
    this.down = down;
    this.head = 0;
    if (this.current && !this.current.live) this.current = undefined;
  }

  endpoints(): readonly Endpoint[] {
    return this.table.endpoints;
  }
}

/** Fisher–Yates, one draw per position from the last down. */
function shuffle<T>(xs: T[], random: () => number): void {
  for (let i = xs.length - 1; i > 0; i--) {
    let j = Math.floor(random() * (i + 1));
    if (j > i) j = i;
    const t = xs[i];
    xs[i] = xs[j];
    xs[j] = t;
  }
}

export const pickFirstStrategy = defineStrategy<Options>({
  name: NAME, hashing: false, feedback: true, specs: SPECS,
  summary: "gRPC's default (A62): the first usable endpoint in list order takes every request until it fails or leaves; optional shuffle.",
  create: (endpoints, options, env) => new PickFirst(endpoints, options, env),
});
