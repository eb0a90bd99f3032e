/**
 * Served latencies, in log-spaced buckets 2 % wide from 1 us to about 10 minutes: flat memory
 * however long the servers run, quantiles within 2 %. So `GET /stats` can show what the server
 * itself measured beside what the load test saw.
 */
const GROWTH = Math.log(1.02);
const MIN_MS = 0.001;
const BUCKETS = 1200;

export class LatencyHistogram {
  private counts = new Uint32Array(BUCKETS);
  private total = 0;

  record(ms: number): void {
    const i = ms <= MIN_MS ? 0 : Math.min(BUCKETS - 1, Math.floor(Math.log(ms / MIN_MS) / GROWTH) + 1);
    this.counts[i]++;
    this.total++;
  }

  get count(): number {
    return this.total;
  }

  /** The q-quantile (0..1) in ms (the middle of its bucket); 0 when empty. */
  quantile(q: number): number {
    if (this.total === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * this.total));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i];
      if (seen >= rank) return i === 0 ? MIN_MS : MIN_MS * Math.exp((i - 0.5) * GROWTH);
    }
    return MIN_MS * Math.exp(BUCKETS * GROWTH);
  }

  reset(): void {
    this.counts = new Uint32Array(BUCKETS);
    this.total = 0;
  }
}
