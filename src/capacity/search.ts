/**
 * The search, as a pure function over `measure(rate) → point`, so it can be tested exactly.
 *
 * Bracketing: measure the start rate; while a step holds, double (up to `maxRate`); while it
 * breaks, halve (down to `minRate`); so the bracket [lo, hi] has a rate that held and one that
 * broke. Bisection: measure the midpoint and keep the half whose ends disagree, until
 * (hi − lo) / lo ≤ precision. The capacity is lo, the highest rate seen to hold; a search that
 * holds at `maxRate` reports `maxRate` (capped), one that breaks at `minRate` reports 0.
 *
 * This assumes the SLO holds below some rate and breaks above it (latency grows with load). A noisy
 * step can break that; the curve keeps every step, so a reader sees it.
 */
export interface SearchPoint {
  rate: number;
  holds: boolean;
}

export interface SearchOptions {
  startRate: number;
  /** Relative width of the final bracket, e.g. 0.02. */
  precision: number;
  minRate: number;
  maxRate: number;
  /** A guard against a measure that never settles: the search stops (status failed) after this many steps. */
  maxSteps: number;
  signal?: AbortSignal;
}

export interface SearchOutcome<P extends SearchPoint> {
  capacity: number;
  /** Every step measured, sorted by rate. */
  curve: P[];
  status: 'ok' | 'failed' | 'cancelled';
  message?: string;
  /** `max`: held at maxRate (the capacity is at least that); `min`: broke at minRate. */
  bound?: 'max' | 'min';
}

/**
 * `measure` returns undefined when it was cancelled mid-step (the step is then not used). A throw
 * ends the search as failed, keeping the steps measured so far.
 */
export async function searchCapacity<P extends SearchPoint>(
  measure: (rate: number) => Promise<P | undefined>,
  opts: SearchOptions,
): Promise<SearchOutcome<P>> {
  const curve: P[] = [];
  let lo: number | undefined;
  let hi: number | undefined;
  const done = (status: SearchOutcome<P>['status'], extra: Partial<SearchOutcome<P>> = {}): SearchOutcome<P> => ({
    capacity: lo ?? 0,
    curve: curve.slice().sort((a, b) => a.rate - b.rate),
    status,
    ...extra,
  });
  /** Measures one rate; `stop` when the search must stop. */
  const step = async (rate: number): Promise<'held' | 'broke' | 'stop'> => {
    if (opts.signal?.aborted) return 'stop';
    const p = await measure(rate);
    if (p === undefined) return 'stop';
    curve.push(p);
    if (p.holds) lo = Math.max(lo ?? 0, rate);
    else hi = Math.min(hi ?? Infinity, rate);
    // A step that finished as the signal came is measured: kept, and the search stops.
    if (opts.signal?.aborted) return 'stop';
    return p.holds ? 'held' : 'broke';
  };
  try {
    let rate = round(clamp(opts.startRate, opts.minRate, opts.maxRate));
    let last = await step(rate);
    // Bracketing.
    while (last !== 'stop' && (lo === undefined || hi === undefined)) {
      if (curve.length >= opts.maxSteps) return done('failed', { message: `no bracket after ${curve.length} steps` });
      if (hi === undefined) {
        if (rate >= opts.maxRate) return done('ok', { bound: 'max' });
        rate = Math.min(rate * 2, opts.maxRate);
      } else {
        if (rate <= opts.minRate) return done('ok', { bound: 'min' });
        rate = Math.max(rate / 2, opts.minRate);
      }
      last = await step(round(rate));
    }
    // Bisection.
    while (last !== 'stop' && (hi! - lo!) / lo! > opts.precision) {
      if (curve.length >= opts.maxSteps) return done('failed', { message: `bisection did not reach the precision in ${opts.maxSteps} steps` });
      last = await step(round((lo! + hi!) / 2));
    }
    return last === 'stop' ? done('cancelled') : done('ok');
  } catch (e) {
    return done('failed', { message: (e as Error).message ?? String(e) });
  }
}

function clamp(x: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, x));
}

/** Rates to 5 significant digits: they are printed and written, and no step resolves finer. */
function round(rate: number): number {
  return Number(rate.toPrecision(5));
}
