/** The open model's send figures: how late sends left, and the sends the `maxInFlight` cap dropped. */
import { create, valuesAtPercentiles } from './histogram';
import type { LateSends } from './types';

export class OpenModelSends {
  private readonly late = create();
  private lateCount = 0;
  /** Whether the run reported late sends at all (a closed model never does: no `late` figure). */
  lateSeen = false;
  droppedCount = 0;
  droppedSeen = false;

  /** A send left `lateMs` after its intended time (0 when on time). */
  lateSend(lateMs: number): void {
    this.lateSeen = true;
    this.late.record(lateMs);
    if (lateMs > 1) this.lateCount++;
  }

  dropped(): void {
    this.droppedSeen = true;
    this.droppedCount++;
  }

  lateSummary(): LateSends {
    const [p50, p99, max] = valuesAtPercentiles(this.late, [50, 99, 100]);
    return { count: this.lateCount, p50Ms: p50, p99Ms: p99, maxMs: max };
  }
}
