/**
 * What each request of the policy layer has sent, counted as its attempts go out (the driver's
 * `send`), so the layer keeps no attempt records for the simulator (`attemptRecords: false`): a
 * record and a one-element list per request were a quarter of the bytes a simulated request
 * allocated under a policy, and the recorder needs only the three counts.
 *
 * Counts live in typed arrays by request number mod SLOTS; a request whose slot is still held by
 * an older one still waiting for its answer (more than SLOTS requests apart) counts in `spill`.
 */
import type { AttemptCause } from '../policy';
import type { RequestAttempts } from '../result/caller-view';

const SLOTS = 1 << 12;
const MASK = SLOTS - 1;
const FREE = -1;

export class AttemptCounts {
  private readonly owner = new Float64Array(SLOTS).fill(FREE);
  private readonly attempts = new Int32Array(SLOTS);
  private readonly retries = new Int32Array(SLOTS);
  private readonly hedges = new Int32Array(SLOTS);
  private readonly spill = new Map<number, RequestAttempts>();

  /** Request `request` sent an attempt. */
  sent(request: number, cause: AttemptCause): void {
    const s = request & MASK;
    if (this.owner[s] !== request) {
      const spilled = this.spill.size > 0 ? this.spill.get(request) : undefined;
      if (spilled !== undefined || this.owner[s] !== FREE) {
        const c = spilled ?? { attempts: 0, retries: 0, hedges: 0 };
        if (spilled === undefined) this.spill.set(request, c);
        c.attempts++;
        if (cause === 'retry') c.retries++;
        else if (cause === 'hedge') c.hedges++;
        return;
      }
      this.owner[s] = request;
      this.attempts[s] = this.retries[s] = this.hedges[s] = 0;
    }
    this.attempts[s]++;
    if (cause === 'retry') this.retries[s]++;
    else if (cause === 'hedge') this.hedges[s]++;
  }

  /** Request `request` has its final answer: its counts into `into` (all 0 if it sent nothing), then forgotten. */
  take(request: number, into: RequestAttempts): void {
    const s = request & MASK;
    if (this.owner[s] === request) {
      into.attempts = this.attempts[s];
      into.retries = this.retries[s];
      into.hedges = this.hedges[s];
      this.owner[s] = FREE;
      return;
    }
    const c = this.spill.size > 0 ? this.spill.get(request) : undefined;
    into.attempts = c?.attempts ?? 0;
    into.retries = c?.retries ?? 0;
    into.hedges = c?.hedges ?? 0;
    if (c !== undefined) this.spill.delete(request);
  }
}
