import { validateEndpoints } from '../endpoints';
import type { Balancer, Endpoint, Outcome, Pick, PickContext, StrategyName } from '../types';
import type { Entry } from './endpoint-table';

/** A pick for strategies that learn nothing from `done`: one frozen object per endpoint, no allocation per pick. */
export function staticPick(endpoint: Endpoint): Pick {
  return Object.freeze({ endpoint, done: noop });
}

function noop(_outcome: Outcome): void {}

/**
 * What the strategies that learn nothing from `done` share: the pool as last given and one
 * static pick per endpoint. A strategy adds its schedule in `schedule`, called with each new pool.
 */
export abstract class StaticPicksBalancer implements Balancer {
  abstract readonly name: StrategyName;
  protected list: readonly Endpoint[] = [];
  protected picks: Pick[] = [];

  abstract pick(ctx?: PickContext): Pick | undefined;

  /** Sets the first pool (after the subclass's own fields are initialised) and returns the balancer. */
  withEndpoints(endpoints: readonly Endpoint[]): this {
    this.setEndpoints(endpoints);
    return this;
  }

  setEndpoints(endpoints: readonly Endpoint[]): void {
    const valid = validateEndpoints(this.name, endpoints);
    this.schedule(valid);
    this.list = Object.freeze(valid);
    this.picks = valid.map(staticPick);
  }

  endpoints(): readonly Endpoint[] {
    return this.list;
  }

  /** Called with the validated new pool before it replaces the old one. */
  protected abstract schedule(endpoints: readonly Endpoint[]): void;
}

/** What a feedback strategy does when a pick completes on a live entry. */
export type Finish<S> = (entry: Entry<S>, outcome: Outcome) => void;

/**
 * A pick that reports back once: the second `done` is ignored, and so is a `done` whose endpoint
 * left the pool since (its entry is dead), so stale completions cannot corrupt new state.
 */
export class FeedbackPick<S> implements Pick {
  private settled = false;

  readonly endpoint: Endpoint;

  constructor(
    private readonly entry: Entry<S>,
    private readonly finish: Finish<S>,
  ) {
    this.endpoint = entry.endpoint;
  }

  done(outcome: Outcome): void {
    if (this.settled) return;
    this.settled = true;
    if (this.entry.live) this.finish(this.entry, outcome);
  }
}

/** A latency sample worth learning from: finite and not negative. */
export function validLatency(outcome: Outcome | undefined): outcome is Outcome {
  return !!outcome && typeof outcome.latencyMs === 'number' && Number.isFinite(outcome.latencyMs) && outcome.latencyMs >= 0;
}

/** The balancer a SlotPick reports to: one that keeps per-endpoint state in arrays indexed by slot. */
export interface SlotOwner {
  /** Changes with every `setEndpoints`, when slots are reassigned. */
  readonly epoch: number;
  /** A pick on `slot` completed (called at most once per pick, and only while its endpoint is in the pool). */
  settle(slot: number, outcome: Outcome): void;
}

/**
 * A pick for strategies that keep their state by slot (the endpoint's index in the pool). It
 * reports back once. Slots are renumbered by `setEndpoints`: a pick from an older epoch finds its
 * endpoint's slot through its entry, and is ignored if the endpoint left the pool since, even if
 * an endpoint with the same id came back (that one has a new entry).
 */
export class SlotPick implements Pick {
  private settled = false;

  constructor(
    readonly endpoint: Endpoint,
    private readonly owner: SlotOwner,
    private readonly entry: Entry<unknown>,
    private readonly slot: number,
    private readonly epoch: number,
  ) {}

  done(outcome: Outcome): void {
    if (this.settled) return;
    this.settled = true;
    if (this.epoch === this.owner.epoch) this.owner.settle(this.slot, outcome);
    else if (this.entry.live) this.owner.settle(this.entry.index, outcome);
  }
}
