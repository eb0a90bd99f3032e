import { validateEndpoints } from '../../../src/engine/endpoints';
import type { Env, StrategyDefinition } from '../../../src/engine/types';
import { createSeededRandom } from '../../../src/engine/seeded-random';
import type { Balancer, BalancerOptions, Endpoint } from '../../../src/engine/types';

/** Endpoints a, b, c ... with the given weights. */
export function endpoints(...weights: number[]): Endpoint[] {
  return weights.map((weight, i) => ({ id: String.fromCharCode(97 + i), address: `10.0.0.${i + 1}:80`, weight }));
}

/** A clock tests move by hand. */
export class FakeClock {
  t = 0;
  readonly now = (): number => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}

export function env(seed = 1, clock = new FakeClock()): Env & { clock: FakeClock } {
  return { now: clock.now, random: createSeededRandom(seed), clock };
}

/** Creates a strategy directly (not through the registry), endpoints validated as the registry does. */
export function create(def: StrategyDefinition, eps: Endpoint[], options: BalancerOptions = {}, e: Env = env()): Balancer {
  return def.create(validateEndpoints(def.name, eps), options, e);
}

/** Ids of `n` sequential picks, each done at once with `ok`. */
export function sequence(b: Balancer, n: number, latencyMs = 1): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const p = b.pick()!;
    out.push(p.endpoint.id);
    p.done({ latencyMs, ok: true });
  }
  return out;
}

/** Counts of picks per id over `n` sequential picks. */
export function counts(b: Balancer, n: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const id of sequence(b, n)) out[id] = (out[id] ?? 0) + 1;
  return out;
}

/** Fisher-Yates with a seeded source. */
export function shuffled<T>(xs: readonly T[], seed: number): T[] {
  const r = createSeededRandom(seed);
  const out = xs.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
