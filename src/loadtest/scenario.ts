/**
 * Plays a scenario on the run's timeline: server-side faults (slow, fail, stall, leave, join,
 * recover) go to the demo servers' control address, pool changes (remove, add) to the
 * balancer(s); coldJoin does both, the server's first. Each applied step becomes a RunEvent; a step that cannot be applied fails the run.
 */
import { CONTROL_ACTIONS } from '../pools/scenario-check';
import type { ScenarioStep } from '../pools/types';
import type { RunEvent } from '../result/types';
import { stepEvent } from '../run/events';
import { sendFault } from './control-client';

export interface ScenarioHandlers {
  /** remove/add: change the balancer's endpoints (every worker's). */
  membership(step: ScenarioStep): void;
  event(event: RunEvent): void;
  /** A fault could not be applied: the run ends as failed. */
  failed(error: Error): void;
  /** ms since the run started, now. */
  elapsed(): number;
}

export class ScenarioPlayer {
  private readonly timers: NodeJS.Timeout[] = [];
  private stopped = false;

  constructor(
    private readonly steps: readonly ScenarioStep[],
    private readonly control: string | undefined,
    private readonly on: ScenarioHandlers,
  ) {}

  /** Schedules every step relative to now (the run's start). */
  start(): void {
    for (const step of this.steps) {
      this.timers.push(setTimeout(() => void this.apply(step), Math.max(0, step.at - this.on.elapsed())));
    }
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
  }

  private async apply(step: ScenarioStep): Promise<void> {
    if (this.stopped) return;
    try {
      if (CONTROL_ACTIONS.has(step.action)) await sendFault(this.control!, step);
      // The server is cold before the balancer sends it anything.
      if (!CONTROL_ACTIONS.has(step.action) || step.action === 'coldJoin') this.on.membership(step);
    } catch (err) {
      if (!this.stopped) this.on.failed(err as Error);
      return;
    }
    if (this.stopped) return;
    this.on.event(stepEvent(step, this.on.elapsed()));
  }
}
