import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { AttemptCause } from '../../../src/policy';
import type { RequestAttempts } from '../../../src/result/caller-view';
import { AttemptCounts } from '../../../src/simulate/attempt-counts';

describe('simulate: attempts counted per request as they are sent', () => {
  it('gives each request its own counts, also when requests 4,096 or more apart wait at once (fast-check, fixed seed)', () => {
    // Ops on a window of open requests: start the next (its first attempt), retry or hedge an open one, finish an open one.
    const op = fc.record({ kind: fc.constantFrom('start', 'start', 'retry', 'hedge', 'finish', 'finish', 'jump'), pick: fc.nat() });
    fc.assert(
      fc.property(fc.array(op, { minLength: 50, maxLength: 600 }), (ops) => {
        const counts = new AttemptCounts();
        const reference = new Map<number, RequestAttempts>();
        const open: number[] = [];
        let next = 0;
        const send = (request: number, cause: AttemptCause) => {
          counts.sent(request, cause);
          const c = reference.get(request) ?? { attempts: 0, retries: 0, hedges: 0 };
          reference.set(request, c);
          c.attempts++;
          if (cause === 'retry') c.retries++;
          if (cause === 'hedge') c.hedges++;
        };
        for (const { kind, pick } of ops) {
          if (kind === 'jump') next += 4096 * (1 + (pick % 3)) - (pick % 5); // the same slot as an open request, or next to it
          else if (kind === 'start') {
            open.push(next);
            if (pick % 7 !== 0) send(next, 'first'); // some are refused: nothing sent
            next++;
          } else if (open.length > 0) {
            const i = pick % open.length;
            const request = open[i];
            if (kind === 'finish') {
              const got = { attempts: -1, retries: -1, hedges: -1 };
              counts.take(request, got);
              assert.deepEqual(got, reference.get(request) ?? { attempts: 0, retries: 0, hedges: 0 }, `request ${request}`);
              reference.delete(request);
              open.splice(i, 1);
            } else send(request, kind === 'retry' ? 'retry' : 'hedge');
          }
        }
      }),
      { seed: 16, numRuns: 300 },
    );
  });
});
