/**
 * Live steps are not independent: after an overloaded step the servers (and their queues, which do
 * not know the client gave up) are still working off its backlog, and a low-rate step run at once
 * measures that backlog instead of its own rate (on the demo pool: 579 of 600 requests at 300 req/s
 * timed out right after a step at 1,470 req/s, 1 of 600 five seconds later). So before a live step
 * the search waits for the pool to be quiet: short probes (a few callers, round robin so every
 * server is reached) until their median latency is back near the quietest seen, or a bound passes.
 */
import { runLoadTest } from '../loadtest/run-load-test';
import type { Pool } from '../pools/types';

export const QUIET = Object.freeze({
  /** A probe: this many callers, at most this many requests, within this long. */
  callers: 4,
  requests: 40,
  probeMs: 1000,
  /** Quiet: the probe's median within this factor of the quietest probe's, plus `slackMs`. */
  factor: 2,
  slackMs: 2,
  /** The longest the search waits; past it the step runs anyway. */
  maxWaitMs: 30_000,
});

export class QuietWait {
  private quietest = Infinity;

  constructor(private readonly pool: Pool, private readonly timeoutMs: number, private readonly baseDir?: string) {}

  /** Waits until a probe's median is near the quietest seen (the first probe sets it). */
  async wait(signal?: AbortSignal): Promise<void> {
    const until = performance.now() + QUIET.maxWaitMs;
    while (!signal?.aborted && performance.now() < until) {
      const p50 = await this.probe(signal);
      const quiet = p50 !== undefined && p50 <= this.quietest * QUIET.factor + QUIET.slackMs;
      if (p50 !== undefined) this.quietest = Math.min(this.quietest, p50);
      if (quiet) return;
    }
  }

  private async probe(signal?: AbortSignal): Promise<number | undefined> {
    const r = await runLoadTest(
      {
        pool: this.pool,
        strategy: 'round-robin',
        outlierDetection: false,
        load: { model: 'closed', concurrency: QUIET.callers },
        requests: QUIET.requests,
        durationMs: QUIET.probeMs,
        timeoutMs: this.timeoutMs,
        seed: 1,
        ...(this.baseDir !== undefined ? { baseDir: this.baseDir } : {}),
      },
      { signal },
    );
    return r.totals.requests > 0 && r.status === 'completed' ? r.totals.latency.p50 : undefined;
  }
}
