/**
 * What the client policy layer (src/policy) adds to a request that takes no retry: the layer's
 * request (a pick, the send, done, the final answer, with a retry policy, a retry budget's deposit,
 * throttling's token and the circuit breaker's counts) against the bare pick + send + done of the
 * same strategy with the same sender, in the same process. The sender answers at once, ok, so
 * what is timed is the layer and the balancer, not I/O; the clock is a counter.
 */
import { createBalancer } from '../src/engine/registry';
import { createSeededRandom } from '../src/engine/seeded-random';
import type { Endpoint, StrategyName } from '../src/engine/types';
import type { ClientPolicy } from '../src/pools/policy-types';
import { PolicyLayer, type AttemptAnswer, type AttemptInfo, type AttemptSender, type PolicyClock } from '../src/policy';
import { bar, nsPerOp, printTable, type Bar, type Bench } from './lib';

const N = 100;
const STRATEGIES: readonly StrategyName[] = ['round-robin', 'least-request', 'p2c-peak-ewma'];
const POLICY: ClientPolicy = {
  retry: { maxAttempts: 3, initialBackoffMs: 25, maxBackoffMs: 250, backoffMultiplier: 2, retryOn: ['refused', 'http_503'], otherEndpoint: true, honorPushback: true },
  budget: { ratio: 0.2, minPerSecond: 10, ttlMs: 10_000 },
  throttling: { maxTokens: 10, tokenRatio: 0.1 },
  circuitBreaker: { maxRequests: 1024, maxRetries: 3 },
};
const WITH_DEADLINE: ClientPolicy = { ...POLICY, deadlineMs: 2000 };

const pool = (): Endpoint[] => Array.from({ length: N }, (_, i) => ({ id: `ep-${i}`, address: `10.0.0.${i}:80`, weight: 1 }));

/** A clock that moves 0.01 ms a reading; timers are kept (the deadline's) and dropped when cancelled. */
function counterClock(): PolicyClock {
  let t = 0;
  const noop = (): void => {};
  return { now: () => (t += 0.01), setTimer: () => noop };
}

const answer: AttemptAnswer = { ok: true, latencyMs: 5 };
const sender: AttemptSender = {
  send(_e: Endpoint, _i: AttemptInfo, onAnswer: (a: AttemptAnswer) => void) {
    onAnswer(answer);
    return noop;
  },
};
function noop(): void {}

function bare(name: StrategyName): (ops: number) => void {
  const clock = counterClock();
  const b = createBalancer(name, pool(), { now: clock.now, random: createSeededRandom(1) });
  const info: AttemptInfo = { request: 0, attempt: 0, cause: 'first' };
  return (ops) => {
    for (let i = 0; i < ops; i++) {
      const p = b.pick()!;
      const start = clock.now();
      sender.send(p.endpoint, info, (a) => p.done({ latencyMs: a.latencyMs ?? clock.now() - start, ok: a.ok }));
    }
  };
}

function layered(name: StrategyName, policy: ClientPolicy): (ops: number) => void {
  const clock = counterClock();
  const b = createBalancer(name, pool(), { now: clock.now, random: createSeededRandom(1) });
  const layer = new PolicyLayer({ policy, balancer: b, clock, sender, random: createSeededRandom(2) });
  let answered = 0;
  const onFinal = (): void => {
    answered++;
  };
  return (ops) => {
    for (let i = 0; i < ops; i++) layer.request(undefined, onFinal);
    if (answered === 0) throw new Error('no answer');
  };
}

export const bench: Bench = {
  name: 'policy: the client policy layer around a pick + done, no retry taken',
  async run(): Promise<Bar[]> {
    const bars: Bar[] = [];
    const rows: (string | number)[][] = [];
    for (const name of STRATEGIES) {
      const ops = 200_000;
      const base = nsPerOp(bare(name), ops);
      const withPolicy = nsPerOp(layered(name, POLICY), ops);
      const withDeadline = nsPerOp(layered(name, WITH_DEADLINE), ops);
      rows.push([name, base, withPolicy, withPolicy - base, withPolicy / base, withDeadline / base]);
      bars.push(bar(`${name} @${N}: policy layer (retry, budget, throttling, breaker) / bare pick + done`, withPolicy / base, '<=', 1.5));
    }
    printTable([`strategy @${N}`, 'bare ns', 'layer ns', 'added ns', 'layer / bare', '+ deadline timer / bare'], rows);
    return bars;
  },
};
