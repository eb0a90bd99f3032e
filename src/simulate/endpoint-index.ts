/**
 * Server index of a picked endpoint: by object identity first (the balancer hands back the
 * objects it was given, so one Map lookup per request), by id otherwise.
 */
import type { Endpoint } from '../engine/types';

export class EndpointIndex {
  private readonly byEndpoint = new Map<Endpoint, number>();
  private readonly byId: Map<string, number>;

  constructor(endpoints: readonly Endpoint[]) {
    this.byId = new Map(endpoints.map((e, i) => [e.id, i]));
  }

  of(e: Endpoint): number {
    const i = this.byEndpoint.get(e);
    if (i !== undefined) return i;
    const j = this.byId.get(e.id);
    if (j === undefined) throw new Error(`simulation: the balancer picked an unknown endpoint ${e.id}`);
    this.byEndpoint.set(e, j);
    return j;
  }

  ofId(id: string): number {
    return this.byId.get(id)!;
  }

  /** After a membership change, objects may be new ones. */
  forget(): void {
    this.byEndpoint.clear();
  }
}
