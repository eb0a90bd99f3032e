/**
 * The balancer shared by the hash strategies whose pick is a pure table lookup (consistent-hash,
 * maglev, rendezvous): a strategy supplies only `build(endpoints) -> HashTable`, as Envoy's
 * hash policies supply only the table. Bounded load wraps the ring with in-flight counts instead
 * (bounded-load-hash.ts).
 */
import { validateEndpoints } from '../endpoints';
import { hash64Into, randomHashInto, type Hash64 } from '../hash';
import type { Env } from '../types';
import type { HashTable } from './ring';
import type { Endpoint, HashBalancer, HashLayout, HashStrategyName, Pick, PickContext } from '../types';

/** The 64-bit hash a pick uses: the key's, or a uniformly random one when there is no key. */
export function pickHash(out: Hash64, ctx: PickContext | undefined, random: () => number): Hash64 {
  const key = ctx?.key;
  if (typeof key === 'string') return hash64Into(out, key);
  if (key === undefined || key === null) return randomHashInto(out, random);
  return hash64Into(out, String(key));
}

const noop = (): void => {};

/**
 * A built table with the ids it was built over: what `ownerOf` and `layout` answer from, for the
 * table strategies here and for bounded-load-hash (which adds load bounds to picks only).
 */
export class KeyedTable {
  private cached: HashLayout | undefined;
  private readonly scratch: Hash64 = { hi: 0, lo: 0 };

  constructor(
    readonly table: HashTable,
    readonly ids: readonly string[],
  ) {}

  /** The owner of a key, ignoring load; undefined when the table is empty. */
  ownerOf(key: string): string | undefined {
    if (this.ids.length === 0) return undefined;
    const h = hash64Into(this.scratch, typeof key === 'string' ? key : String(key));
    return this.ids[this.table.chooseHost(h.hi, h.lo)];
  }

  layout(): HashLayout {
    return (this.cached ??= Object.freeze(this.table.layout(this.ids)));
  }
}

export class TableBalancer implements HashBalancer {
  private eps: readonly Endpoint[] = [];
  private table!: HashTable;
  private keyed!: KeyedTable;
  /** One immutable Pick per endpoint: these strategies learn nothing from `done`, so picks allocate nothing. */
  private picks: Pick[] = [];
  private readonly scratch: Hash64 = { hi: 0, lo: 0 };

  constructor(
    readonly name: HashStrategyName,
    endpoints: readonly Endpoint[],
    private readonly env: Env,
    private readonly build: (endpoints: readonly Endpoint[]) => HashTable,
  ) {
    this.rebuild(endpoints);
  }

  pick(ctx?: PickContext): Pick | undefined {
    if (this.eps.length === 0) return undefined;
    const h = pickHash(this.scratch, ctx, this.env.random);
    return this.picks[this.table.chooseHost(h.hi, h.lo)];
  }

  setEndpoints(endpoints: readonly Endpoint[]): void {
    this.rebuild(validateEndpoints(this.name, endpoints));
  }

  endpoints(): readonly Endpoint[] {
    return this.eps;
  }

  ownerOf(key: string): string | undefined {
    return this.keyed.ownerOf(key);
  }

  layout(): HashLayout {
    return this.keyed.layout();
  }

  private rebuild(endpoints: readonly Endpoint[]): void {
    this.eps = Object.freeze([...endpoints]);
    this.table = this.build(this.eps);
    this.keyed = new KeyedTable(this.table, Object.freeze(endpoints.map((e) => e.id)));
    this.picks = this.eps.map((endpoint) => Object.freeze({ endpoint, done: noop }));
  }
}

/** Indices of `endpoints` in ascending id order (UTF-16 code units), the order tables are built in. */
export function byId(endpoints: readonly Endpoint[]): number[] {
  return endpoints.map((_, i) => i).sort((a, b) => (endpoints[a].id < endpoints[b].id ? -1 : endpoints[a].id > endpoints[b].id ? 1 : 0));
}
