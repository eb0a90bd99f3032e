/**
 * The balancers of the hash strategies, over any HashTable: a strategy supplies only
 * `build(endpoints) -> HashTable`, as Envoy's hash policies supply only the table. TableBalancer
 * answers a pick with a pure lookup (consistent-hash, maglev, rendezvous); BoundedLoadBalancer
 * (bounded-load.ts) adds load bounds to the same tables. Both answer `ownerOf` and `layout` here.
 */
import { validateEndpoints } from '../endpoints';
import { randomHashInto, type Hash64 } from './hash-units';
import { hash64Into } from './xxh64';
import type { Endpoint, Env, HashBalancer, HashLayout, HashStrategyName, Pick, PickContext } from '../types';
import type { HashTable } from './hash-table';

/** The 64-bit hash a pick uses: the key's, or a uniformly random one when there is no key. */
export function pickHash(out: Hash64, ctx: PickContext | undefined, random: () => number): Hash64 {
  const key = ctx?.key;
  if (typeof key === 'string') return hash64Into(out, key);
  if (key === undefined || key === null) return randomHashInto(out, random);
  return hash64Into(out, String(key));
}

/** What every hash balancer keeps: the endpoints, the table built over them, and their ids. */
export abstract class TableBalancerBase implements HashBalancer {
  protected eps: readonly Endpoint[] = [];
  protected table!: HashTable;
  private ids: readonly string[] = [];
  private cached: HashLayout | undefined;
  protected readonly scratch: Hash64 = { hi: 0, lo: 0 };

  constructor(
    readonly name: HashStrategyName,
    protected readonly env: Env,
    private readonly build: (endpoints: readonly Endpoint[]) => HashTable,
  ) {}

  abstract pick(ctx?: PickContext): Pick | undefined;

  setEndpoints(endpoints: readonly Endpoint[]): void {
    this.rebuild(validateEndpoints(this.name, endpoints));
  }

  endpoints(): readonly Endpoint[] {
    return this.eps;
  }

  /** The owner of a key, ignoring load; undefined when the table is empty. */
  ownerOf(key: string): string | undefined {
    if (this.ids.length === 0) return undefined;
    const h = hash64Into(this.scratch, typeof key === 'string' ? key : String(key));
    return this.ids[this.table.chooseHost(h.hi, h.lo)];
  }

  layout(): HashLayout {
    return (this.cached ??= Object.freeze(this.table.layout(this.ids)));
  }

  /** Builds the table over validated endpoints; subclasses extend it with what they keep per endpoint. */
  protected rebuild(endpoints: readonly Endpoint[]): void {
    this.eps = Object.freeze([...endpoints]);
    this.table = this.build(this.eps);
    this.ids = Object.freeze(endpoints.map((e) => e.id));
    this.cached = undefined;
  }
}

const noop = (): void => {};

export class TableBalancer extends TableBalancerBase {
  /** One immutable Pick per endpoint: these strategies learn nothing from `done`, so picks allocate nothing. */
  private picks: Pick[] = [];

  constructor(name: HashStrategyName, endpoints: readonly Endpoint[], env: Env, build: (endpoints: readonly Endpoint[]) => HashTable) {
    super(name, env, build);
    this.rebuild(endpoints);
  }

  pick(ctx?: PickContext): Pick | undefined {
    if (this.eps.length === 0) return undefined;
    const h = pickHash(this.scratch, ctx, this.env.random);
    return this.picks[this.table.chooseHost(h.hi, h.lo)];
  }

  protected override rebuild(endpoints: readonly Endpoint[]): void {
    super.rebuild(endpoints);
    this.picks = this.eps.map((endpoint) => Object.freeze({ endpoint, done: noop }));
  }
}
