/**
 * least-load: power of two choices (Mitzenmacher 2001; ChoiceSampler) over the load servers report
 * in `done({ load })` (utilisation, 0..1; any finite number >= 0 is taken as is). A report ages:
 * it counts `load x 2^(-age / halfLifeMs)`, so a server that stopped reporting drifts back toward
 * 0 and is tried again. Of the two random endpoints, the lower aged load wins, then the fewer
 * in-flight picks, then the first drawn. Comparing only two random endpoints is what keeps one
 * stale, low report from attracting every pick (the herd effect of "least loaded of all").
 * Weights are ignored.
 *
 * Aging needs no exponential at pick time: both candidates age by the same `now`, so
 * `load_a x 2^(-(now - t_a) / h) < load_b x 2^(-(now - t_b) / h)` exactly when
 * `log2(load_a) + t_a / h < log2(load_b) + t_b / h`. Each endpoint keeps that one number (its
 * "standing", -Infinity for a load of 0), computed once per report in `done`; a pick compares two
 * standings. (Unlike `2^-x`, a standing does not underflow: reports thousands of half-lives old
 * still compare as the formula says instead of both rounding to 0.)
 *
 * Standings within a factor of 3 of each other are not the last word, for two reasons the formula
 * in doubles has and logarithms do not: equal aged loads whose standings differ in the last bit
 * (log2 rounds), and aged loads below 2^-1022, which doubles hold with a few bits only (6e-323 is
 * 12 x 2^-1074), so that loads up to 3x apart round to the same value and tie. Then the pick reads
 * the clock, and when the two could tie or be subnormal it computes the formula itself
 * (ewma.ts `halfLifeDecay`) and goes by that, or by the standings if both underflowed to 0.
 * Per-endpoint state lives in typed arrays by slot, kept by id across `setEndpoints`.
 */
import { validateEndpoints } from '../endpoints';
import { defineStrategy, positiveNumber, type OptionSpec } from '../options';
import { ChoiceSampler } from '../structures/choice-sampler';
import { EndpointTable } from '../structures/endpoint-table';
import { halfLifeDecay } from '../structures/ewma';
import { SlotPick, type SlotOwner } from '../structures/picks';
import type { Balancer, Endpoint, Env, Outcome, Pick } from '../types';

const NAME = 'least-load';

const DEFAULTS = Object.freeze({ halfLifeMs: 2000 });

const SPECS: readonly OptionSpec[] = [
  positiveNumber('halfLifeMs', DEFAULTS.halfLifeMs, 'A load report counts half as much after this many ms without a newer one.'),
];

/** Standings closer than this (log2 units: a factor of 3) may hide a tie of the formula. */
const CLOSE = 1.6;
/** Standings closer than this, relative to their size, are equal up to log2's rounding. */
const ROUNDING = 1e-9;
/** log2 of the smallest normal double, with a margin of one: below it, aged loads lose bits. */
const SUBNORMAL = -1021;

/** What is kept by id while the slots are renumbered. */
interface State {
  standing: number;
  load: number;
  at: number;
  inFlight: number;
}

class LeastLoad implements Balancer, SlotOwner {
  readonly name = NAME;
  epoch = 0;
  private readonly table = new EndpointTable<State>(() => ({ standing: -Infinity, load: 0, at: 0, inFlight: 0 }));
  private readonly sampler = new ChoiceSampler(2);
  /** `log2(load) + reportedAt / halfLifeMs` of the last report, by slot; -Infinity until one (or for 0). */
  private standing = new Float64Array(0);
  /** The last report and when it came, by slot: the formula's inputs, for close calls. */
  private load = new Float64Array(0);
  private at = new Float64Array(0);
  private inFlight = new Int32Array(0);

  constructor(
    endpoints: readonly Endpoint[],
    private readonly halfLifeMs: number,
    private readonly env: Env,
  ) {
    this.setEndpoints(endpoints);
  }

  pick(): Pick | undefined {
    const k = this.sampler.draw(this.standing.length, this.env.random);
    if (k === 0) return undefined;
    const picked = this.sampler.picked;
    let slot = picked[0];
    for (let t = 1; t < k; t++) if (this.ahead(picked[t], slot)) slot = picked[t];
    this.inFlight[slot]++;
    return new SlotPick(this.table.endpoints[slot], this, this.table.entries[slot], slot, this.epoch);
  }

  /** Whether slot `b` goes before slot `a`: a lower aged load, or as low and fewer in flight. */
  private ahead(b: number, a: number): boolean {
    const sa = this.standing[a];
    const sb = this.standing[b];
    let order = sb - sa; // NaN when both are -Infinity: a close call (a tie)
    if (!(order < -CLOSE || order > CLOSE)) order = this.closeCall(b, a, sb, sa);
    return order < 0 || (order === 0 && this.inFlight[b] < this.inFlight[a]);
  }

  /** Negative, 0 or positive as b's aged load is below, equal to or above a's, per the formula. */
  private closeCall(b: number, a: number, sb: number, sa: number): number {
    if (sb === sa) return 0;
    const now = this.env.now();
    const top = Math.max(sa, sb) - now / this.halfLifeMs;
    const rounding = ROUNDING * Math.max(1, Math.abs(sa), Math.abs(sb));
    if (top >= SUBNORMAL && Math.abs(sb - sa) > rounding) return sb - sa;
    const lb = halfLifeDecay(this.load[b], now - this.at[b], this.halfLifeMs);
    const la = halfLifeDecay(this.load[a], now - this.at[a], this.halfLifeMs);
    if (lb !== la) return lb - la;
    // Both underflowed to 0: the standings still order them.
    return lb === 0 ? sb - sa : 0;
  }

  settle(slot: number, outcome: Outcome): void {
    this.inFlight[slot]--;
    const load = outcome?.load;
    if (typeof load === 'number' && Number.isFinite(load) && load >= 0) {
      const now = this.env.now();
      this.standing[slot] = Math.log2(load) + now / this.halfLifeMs;
      this.load[slot] = load;
      this.at[slot] = now;
    }
  }

  setEndpoints(endpoints: readonly Endpoint[]): void {
    const valid = validateEndpoints(NAME, endpoints);
    const { table } = this;
    for (const e of table.entries) {
      const s = e.state;
      s.standing = this.standing[e.index];
      s.load = this.load[e.index];
      s.at = this.at[e.index];
      s.inFlight = this.inFlight[e.index];
    }
    table.set(valid);
    this.epoch++;
    const entries = table.entries;
    this.standing = Float64Array.from(entries, (e) => e.state.standing);
    this.load = Float64Array.from(entries, (e) => e.state.load);
    this.at = Float64Array.from(entries, (e) => e.state.at);
    this.inFlight = Int32Array.from(entries, (e) => e.state.inFlight);
  }

  endpoints(): readonly Endpoint[] {
    return this.table.endpoints;
  }
}

export const leastLoadStrategy = defineStrategy<{ halfLifeMs: number }>({
  name: NAME, hashing: false, feedback: true, specs: SPECS,
  summary: 'Best of two random endpoints by server-reported load (done({load})), stale reports decaying.',
  create: (endpoints, { halfLifeMs }, env) => new LeastLoad(endpoints, halfLifeMs, env),
});
