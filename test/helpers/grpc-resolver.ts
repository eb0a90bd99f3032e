/**
 * A resolver the test controls, registered with `grpc.experimental.registerResolver` under the
 * scheme `rpcbtest:`: `rpcbtest:<name>` resolves to the addresses last `set` for that name, and
 * `set` pushes the new list to live channels. It is how the tests drive address updates through
 * grpc-js's real resolving load balancer. The listener changed shape in grpc-js 1.14 (a function
 * taking a StatusOr, before it an object with `onSuccessfulResolution`); both are handled.
 */
import type { GrpcModule } from './grpc-versions';

export const TEST_SCHEME = 'rpcbtest';

type Address = { host: string; port: number };
type Listener =
  | ((endpoints: { ok: true; value: { addresses: Address[] }[] }, attributes: object, serviceConfig: null, note: string) => boolean)
  | { onSuccessfulResolution(endpoints: { addresses: Address[] }[], sc: null, scError: null, selector: null, attributes: object): void };

export interface TestResolver {
  /** Sets the addresses of `rpcbtest:<name>` (`127.0.0.1:port` each) and tells live channels. */
  set(name: string, addresses: readonly string[]): void;
}

const registered = new WeakMap<object, TestResolver>();

export function testResolver(grpc: GrpcModule): TestResolver {
  const known = registered.get(grpc);
  if (known) return known;
  const lists = new Map<string, Address[]>();
  const live = new Map<string, Set<Resolver>>();
  const toAddress = (a: string): Address => {
    const i = a.lastIndexOf(':');
    return { host: a.slice(0, i), port: Number(a.slice(i + 1)) };
  };
  class Resolver {
    private readonly name: string;
    constructor(target: { path: string }, private readonly listener: Listener) {
      this.name = target.path;
      if (!live.has(this.name)) live.set(this.name, new Set());
      live.get(this.name)!.add(this);
    }
    updateResolution(): void {
      // Asynchronous, as grpc-js resolvers report.
      setImmediate(() => this.push());
    }
    push(): void {
      const endpoints = (lists.get(this.name) ?? []).map((a) => ({ addresses: [a] }));
      if (typeof this.listener === 'function') this.listener({ ok: true, value: endpoints }, {}, null, '');
      else this.listener.onSuccessfulResolution(endpoints, null, null, null, {});
    }
    destroy(): void {
      live.get(this.name)?.delete(this);
    }
    static getDefaultAuthority(target: { path: string }): string {
      return target.path;
    }
  }
  grpc.experimental.registerResolver(TEST_SCHEME, Resolver as never);
  const resolver: TestResolver = {
    set(name, addresses) {
      lists.set(name, addresses.map(toAddress));
      for (const r of live.get(name) ?? []) r.push();
    },
  };
  registered.set(grpc, resolver);
  return resolver;
}
