/**
 * Requests in the system (sent, not yet answered) and the time-integral of those the Recorder
 * counts (sent at or after warmup) over [warmupMs, now], in request-ms. Counting the same
 * requests as the Recorder makes Little's law (L = lambda W) hold over the finite window, not
 * only in the limit (J. D. C. Little, Operations Research 9(3), 1961).
 */
export class InSystem {
  /** All requests in the system. */
  count = 0;
  /** The integral, request-ms. */
  area = 0;
  private measured = 0;
  private lastT = 0;

  /** `clock.now` is the time of `arrive` and `depart`: they take no double, which a call not inlined would box. */
  constructor(private readonly warmupMs: number, private readonly clock: { readonly now: number }) {}

  /** A request sent now enters. */
  arrive(): void {
    const t = this.clock.now;
    this.integrate(t);
    this.count++;
    if (t >= this.warmupMs) this.measured++;
  }

  /** A request leaves now; `measured`: it was sent at or after warmup. */
  depart(measured: boolean): void {
    this.integrate(this.clock.now);
    this.count--;
    if (measured) this.measured--;
  }

  enter(t: number, sentAt: number): void {
    this.integrate(t);
    this.count++;
    if (sentAt >= this.warmupMs) this.measured++;
  }

  leave(t: number, sentAt: number): void {
    this.integrate(t);
    this.count--;
    if (sentAt >= this.warmupMs) this.measured--;
  }

  /** Adds measured x (t - lastT) to the area, counting only time after warmup. */
  integrate(t: number): void {
    const w = this.warmupMs;
    if (t > w) this.area += this.measured * (t - (this.lastT > w ? this.lastT : w));
    this.lastT = t;
  }
}
