/**
 * orca-weighted-round-robin: gRPC's client-side weighted round robin (gRFC A58,
 * "weighted_round_robin"), weighted by the ORCA load reports that come back in `done({ report })`
 * (orca-report.ts, orca-proto.ts). Each report with qps > 0 and utilization > 0 sets
 *
 *     weight = qps / (utilization + eps / qps x errorUtilizationPenalty)
 *
 * with utilization = application_utilization if > 0, else cpu_utilization (A58, "Subchannel
 * Weights"). As in A58, `nonEmptySince` is the time of the first such report and `lastUpdated` of
 * the latest; a weight counts only once `blackoutPeriodMs` has passed since `nonEmptySince` (so one
 * early report cannot swing the pool) and until `weightExpirationPeriodMs` after `lastUpdated`
 * (then `nonEmptySince` resets and the blackout starts again with the next report).
 *
 * The schedule is rebuilt from those weights at most every `weightUpdatePeriodMs` (A58's timer,
 * here checked at pick time against the injected `now`), and on every new pool. Endpoints without a
 * usable weight get the mean of those with one; with fewer than two, every endpoint weighs the same
 * (round robin), as grpc-js does. Picks follow earliest deadline first (edf-scheduler.ts), each
 * endpoint's first deadline at `random() x period` as grpc-js starts them, so a rebuilt schedule
 * does not favour the first endpoints. The pool's static weights are ignored (A58 ignores them).
 * (grpc-js reads only application_utilization and gives weightless endpoints a period equal to the
 * mean weight, not its inverse; we follow A58's text in both.)
 */
import { validateEndpoints } from '../endpoints';
import { defineStrategy, type OptionSpec } from '../options';
import { EndpointTable, type Entry } from '../structures/endpoint-table';
import { EdfScheduler } from '../structures/edf-scheduler';
import { FeedbackPick } from '../structures/picks';
import type { Balancer, Endpoint, Env, LoadReport, Outcome, Pick } from '../types';

const NAME = 'orca-weighted-round-robin';

/** A58's defaults (blackout_period 10 s, weight_expiration_period 3 min, weight_update_period 1 s, penalty 1.0). */
const DEFAULTS = Object.freeze({
  blackoutPeriodMs: 10_000,
  weightExpirationPeriodMs: 180_000,
  weightUpdatePeriodMs: 1_000,
  errorUtilizationPenalty: 1,
});

/** A58: weight_update_period values below 100 ms are raised to 100 ms; we refuse them instead. */
const MIN_UPDATE_PERIOD_MS = 100;

const SPECS: readonly OptionSpec[] = [
  { name: 'blackoutPeriodMs', type: 'number', default: DEFAULTS.blackoutPeriodMs, min: 0, description: "An endpoint's weight counts only this many ms after its first load report (gRFC A58 blackout_period)." },
  { name: 'weightExpirationPeriodMs', type: 'number', default: DEFAULTS.weightExpirationPeriodMs, min: 0, exclusiveMin: true, description: 'A weight without a newer report for this many ms is dropped (A58 weight_expiration_period).' },
  { name: 'weightUpdatePeriodMs', type: 'number', default: DEFAULTS.weightUpdatePeriodMs, min: MIN_UPDATE_PERIOD_MS, description: 'The schedule is rebuilt from the weights at most this often, in ms (A58 weight_update_period, at least 100).' },
  { name: 'errorUtilizationPenalty', type: 'number', default: DEFAULTS.errorUtilizationPenalty, min: 0, description: 'Weight of the error rate (eps / qps) added to utilization (A58 error_utilization_penalty).' },
];

type Options = typeof DEFAULTS;

/** A58's weight of one report; 0 when the report gives none (no qps or no utilization). */
export function orcaWeight(report: LoadReport, errorUtilizationPenalty: number): number {
  const qps = report.qps ?? 0;
  const app = report.applicationUtilization ?? 0;
  const utilization = app > 0 ? app : (report.utilization ?? 0);
  if (!(qps > 0) || !(utilization > 0)) return 0;
  const w = qps / (utilization + ((report.eps ?? 0) / qps) * errorUtilizationPenalty);
  return Number.isFinite(w) && w > 0 ? w : 0;
}

interface State {
  weight: number;
  /** Time of the first report with a weight since the last expiry; NaN: none. */
  nonEmptySince: number;
  lastUpdated: number;
}

class OrcaWeightedRoundRobin implements Balancer {
  readonly name = NAME;
  private readonly table = new EndpointTable<State>(() => ({ weight: 0, nonEmptySince: NaN, lastUpdated: -Infinity }));
  private scheduler = new EdfScheduler([]);
  private nextUpdate = -Infinity;
  private readonly finish = (entry: Entry<State>, outcome: Outcome): void => {
    const report = outcome?.report;
    if (!report || typeof report !== 'object') return;
    const w = orcaWeight(report, this.options.errorUtilizationPenalty);
    if (w === 0) return;
    const s = entry.state;
    const now = this.env.now();
    if (Number.isNaN(s.nonEmptySince)) s.nonEmptySince = now;
    s.lastUpdated = now;
    s.weight = w;
  };

  constructor(
    endpoints: readonly Endpoint[],
    private readonly options: Options,
    private readonly env: Env,
  ) {
    this.setEndpoints(endpoints);
  }

  pick(): Pick | undefined {
    const now = this.env.now();
    if (now >= this.nextUpdate) this.rebuild(now);
    const i = this.scheduler.pick();
    return i < 0 ? undefined : new FeedbackPick(this.table.entries[i], this.finish);
  }

  /** The weight an endpoint counts with now (A58 getWeight): 0 in blackout, after expiry or without reports. */
  private usable(s: State, now: number): number {
    if (now - s.lastUpdated >= this.options.weightExpirationPeriodMs) {
      s.nonEmptySince = NaN;
      return 0;
    }
    const blackout = this.options.blackoutPeriodMs;
    if (blackout > 0 && (Number.isNaN(s.nonEmptySince) || now - s.nonEmptySince < blackout)) return 0;
    return s.weight;
  }

  private rebuild(now: number): void {
    const random = this.env.random;
    this.scheduler = new EdfScheduler(this.current(now), () => random());
    this.nextUpdate = now + this.options.weightUpdatePeriodMs;
  }

  /** The schedule's weights at `now`, in pool order: usable weights, the mean for the others. */
  private current(now: number): number[] {
    const raw = this.table.entries.map((e) => this.usable(e.state, now));
    let sum = 0;
    let count = 0;
    for (const w of raw) {
      if (w > 0) {
        sum += w;
        count++;
      }
    }
    if (count < 2) return raw.map(() => 1);
    const mean = sum / count;
    return raw.map((w) => (w > 0 ? w : mean));
  }

  /** The weights a schedule built now would use, by endpoint id (for tests and views). */
  weights(): Record<string, number> {
    const w = this.current(this.env.now());
    return Object.fromEntries(this.table.entries.map((e, i) => [e.endpoint.id, w[i]]));
  }

  setEndpoints(endpoints: readonly Endpoint[]): void {
    this.table.set(validateEndpoints(NAME, endpoints));
    this.nextUpdate = -Infinity;
  }

  endpoints(): readonly Endpoint[] {
    return this.table.endpoints;
  }
}

export const orcaWeightedRoundRobinStrategy = defineStrategy<Options>({
  name: NAME, hashing: false, feedback: true, readsReports: true, specs: SPECS,
  summary: "gRPC's weighted round robin (gRFC A58): weights from ORCA load reports, qps / (utilization + eps/qps x penalty), EDF.",
  create: (endpoints, options, env) => new OrcaWeightedRoundRobin(endpoints, options, env),
});
