/**
 * The one membership path of a run, used by live runs (scenario `remove`/`add`, discovery on the
 * main thread and in workers) and by the simulator: every change goes through
 * `balancer.setEndpoints` (what it learned of endpoints that stay is kept, matched by id), the
 * Recorder (removed endpoints keep their figures; a known endpoint's weight changes through
 * `addEndpoint`), and `onChange` (a live run's per-address transport lanes; the simulator's
 * endpoint index).
 */
import type { Balancer, Endpoint } from '../engine/types';
import type { Recorder } from '../result/recorder';

export class MemberSet {
  /** Every endpoint the run has known, in the order it first knew them (the pool's order first). */
  private readonly known = new Map<string, Endpoint>();
  private members: Set<string>;

  constructor(
    private readonly balancer: Balancer,
    private readonly recorder: Recorder,
    endpoints: readonly Endpoint[],
    private readonly onChange?: (members: Endpoint[]) => void,
  ) {
    for (const e of endpoints) this.known.set(e.id, e);
    this.members = new Set(endpoints.map((e) => e.id));
  }

  /** The members now, in known order. */
  get current(): Endpoint[] {
    return [...this.known.values()].filter((e) => this.members.has(e.id));
  }

  has(id: string): boolean {
    return this.members.has(id);
  }

  /** Scenario `remove`: the balancer stops seeing `id`. False when it is not a member. */
  remove(id: string): boolean {
    if (!this.members.delete(id)) return false;
    this.recorder.removeEndpoint(id);
    this.apply();
    return true;
  }

  /** Scenario `add`: a known endpoint comes back. False when unknown or already a member. */
  add(id: string): boolean {
    const ep = this.known.get(id);
    if (!ep || this.members.has(id)) return false;
    this.members.add(id);
    this.recorder.addEndpoint(ep);
    this.apply();
    return true;
  }

  /** Discovery: the members are now `endpoints` (new ones join, missing ones leave, weights change). */
  replace(endpoints: readonly Endpoint[]): void {
    const next = new Set(endpoints.map((e) => e.id));
    for (const id of this.members) if (!next.has(id)) this.recorder.removeEndpoint(id);
    for (const e of endpoints) {
      this.known.delete(e.id);
      this.known.set(e.id, e);
      this.recorder.addEndpoint(e);
    }
    this.members = next;
    this.apply(endpoints.slice());
  }

  private apply(members: Endpoint[] = this.current): void {
    this.balancer.setEndpoints(members);
    this.onChange?.(members);
  }
}
