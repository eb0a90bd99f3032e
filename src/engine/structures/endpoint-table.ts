import type { Endpoint } from '../types';

/** One endpoint and what a strategy has learned about it. */
export interface Entry<S> {
  endpoint: Endpoint;
  /** Position in the pool as last given (also the id of the entry in heaps and tables). */
  index: number;
  /**
   * False once the endpoint left the pool. A pick still in flight holds its entry; its `done`
   * checks this flag, so a late completion never touches the state of a newer entry that came
   * back under the same id.
   */
  live: boolean;
  state: S;
}

/**
 * The endpoints of a strategy keyed by id. `set` reconciles a new pool with the old one: entries
 * whose id stays keep their state (in-flight counts, EWMA, ...) and take the new endpoint (its
 * weight may have changed); new ids get fresh state; removed ids are marked dead.
 */
export class EndpointTable<S> {
  entries: Entry<S>[] = [];
  endpoints: readonly Endpoint[] = [];
  private byId = new Map<string, Entry<S>>();

  constructor(private readonly fresh: (endpoint: Endpoint) => S) {}

  set(endpoints: readonly Endpoint[]): void {
    const next = new Map<string, Entry<S>>();
    const entries: Entry<S>[] = new Array(endpoints.length);
    for (let i = 0; i < endpoints.length; i++) {
      const endpoint = endpoints[i];
      const old = this.byId.get(endpoint.id);
      const entry = old ?? { endpoint, index: i, live: true, state: this.fresh(endpoint) };
      entry.endpoint = endpoint;
      entry.index = i;
      entries[i] = entry;
      next.set(endpoint.id, entry);
    }
    for (const [id, entry] of this.byId) if (!next.has(id)) entry.live = false;
    this.byId = next;
    this.entries = entries;
    this.endpoints = Object.freeze(endpoints.slice());
  }

  get(id: string): Entry<S> | undefined {
    return this.byId.get(id);
  }

  get size(): number {
    return this.entries.length;
  }
}
