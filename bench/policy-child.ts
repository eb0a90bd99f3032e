/**
 * Child process of policy.bench.ts: measures one strategy (argv[2]) under one policy (argv[3]:
 * `policy`, or `deadline` for the same with a deadline timer) and prints one JSON line.
 * What the client policy layer (src/policy) adds to a request that takes no retry: the layer's
 * request (a pick, the send, done, the final answer, with a retry policy, a retry budget's deposit,
 * throttling's token and the circuit breaker's counts) against the bare pick + done of the same
 * strategy over the same 100 endpoints. The layer's sender answers ok, 16 sends later, so what is
 * timed is the layer and the balancer, not I/O (the sender's ring is the layer's side of the bare
 * loop's ring of picks); the clock is a counter.
 *
 * Both sides keep 16 requests in flight, the oldest answered as each new one is sent, as a real
 * client's requests outlive their send: with every answer given inside the send, V8 inlined the
 * whole bare loop and never allocated its pick or outcome (escape analysis), a cost no client with
 * I/O in between avoids, while the layer's objects, stored in fields, were allocated.
 *
 * Bare and layered run in alternating rounds and each counts at its fastest round: on a shared
 * machine interference only adds time, so the minimum is the cost itself. For scale it also times
 * a whole simulated request of the same strategy (`simulate`: two heap events, a virtual server, the
 * recorder), the cost the layer's added nanoseconds land on in a simulation.
 */
import { createBalancer } from '../src/engine/registry';
import { createSeededRandom } from '../src/engine/seeded-random';
import type { Endpoint, Pick, StrategyName } from '../src/engine/types';
import type { ClientPolicy } from '../src/pools/policy-types';
import { PolicyLayer, RetryBudgetBucket, RetryThrottle, type AttemptAnswer, type AttemptInfo, type AttemptSender, type PolicyClock } from '../src/policy';
import { simulate, type SimulationConfig } from '../src/simulate';
import { nsPerOp } from './lib';

const N = 100;
/**
 * Short rounds, many of them: at a load of 10 on 2 cores a 10 ms round (100k requests) is nearly
 * always preempted, so its minimum still held other processes' time; a 1-2 ms round often runs
 * whole, and the minimum is then the cost itself.
 */
const OPS = 20_000;
const ROUNDS = 60;
const IN_FLIGHT = 16;
const SIMULATED = 100_000;
const POLICY: ClientPolicy = {
  retry: { maxAttempts: 3, initialBackoffMs: 25, maxBackoffMs: 250, backoffMultiplier: 2, retryOn: ['refused', 'http_503'], otherEndpoint: true, honorPushback: true },
  budget: { ratio: 0.2, minPerSecond: 10, ttlMs: 10_000 },
  throttling: { maxTokens: 10, tokenRatio: 0.1 },
  circuitBreaker: { maxRequests: 1024, maxRetries: 3 },
};
const WITH_DEADLINE: ClientPolicy = { ...POLICY, deadlineMs: 2000 };

const pool = (): Endpoint[] => Array.from({ length: N }, (_, i) => ({ id: `ep-${i}`, address: `10.0.0.${i}:80`, weight: 1 }));

/** A clock that moves 0.01 ms a reading; a timer set (the deadline's) is dropped, as a cancelled one is. */
function counterClock(): PolicyClock {
  let t = 0;
  return { now: () => (t += 0.01), setTimer: () => noop };
}

const answer: AttemptAnswer = { ok: true, latencyMs: 5 };
function noop(): void {}

/** Answers each attempt when the 16th after it is sent. */
function ringSender(): AttemptSender {
  const ring: (((a: AttemptAnswer) => void) | undefined)[] = new Array(IN_FLIGHT).fill(undefined);
  let at = 0;
  return {
    send(_e: Endpoint, _i: AttemptInfo, onAnswer: (a: AttemptAnswer) => void) {
      const old = ring[at];
      ring[at] = onAnswer;
      at = (at + 1) % IN_FLIGHT;
      old?.(answer);
      return noop;
    },
  };
}

function bare(name: StrategyName): (ops: number) => void {
  const clock = counterClock();
  const b = createBalancer(name, pool(), { now: clock.now, random: createSeededRandom(1) });
  const picks: (Pick | undefined)[] = new Array(IN_FLIGHT).fill(undefined);
  const starts = new Float64Array(IN_FLIGHT);
  let at = 0;
  return (ops) => {
    for (let i = 0; i < ops; i++) {
      const old = picks[at];
      const start = starts[at];
      picks[at] = b.pick();
      starts[at] = clock.now();
      at = (at + 1) % IN_FLIGHT;
      old?.done({ latencyMs: clock.now() - start, ok: true });
    }
  };
}

/**
 * The floor: the bare loop plus the bookkeeping no layer can skip (the request and attempt
 * counts, the breaker's outstanding check, the budget's deposit, throttling's token), inline and
 * allocating nothing beyond the bare loop. What a layer of any shape would cost at the least.
 */
function floor(name: StrategyName): (ops: number) => void {
  const clock = counterClock();
  const b = createBalancer(name, pool(), { now: clock.now, random: createSeededRandom(1) });
  const picks: (Pick | undefined)[] = new Array(IN_FLIGHT).fill(undefined);
  const starts = new Float64Array(IN_FLIGHT);
  let at = 0;
  const budget = new RetryBudgetBucket(POLICY.budget!);
  const throttle = new RetryThrottle(POLICY.throttling!);
  const max = POLICY.circuitBreaker!.maxRequests;
  let requests = 0;
  let outstanding = 0;
  return (ops) => {
    for (let i = 0; i < ops; i++) {
      requests++;
      if (outstanding >= max) continue;
      budget.deposit(clock.now());
      outstanding++;
      const old = picks[at];
      const start = starts[at];
      picks[at] = b.pick();
      starts[at] = clock.now();
      at = (at + 1) % IN_FLIGHT;
      if (old) {
        old.done({ latencyMs: clock.now() - start, ok: true });
        outstanding--;
        throttle.record(true);
      }
    }
    if (requests === 0) throw new Error('no requests');
  };
}

function layered(name: StrategyName, policy: ClientPolicy, attemptRecords: boolean): (ops: number) => void {
  const clock = counterClock();
  const b = createBalancer(name, pool(), { now: clock.now, random: createSeededRandom(1) });
  const layer = new PolicyLayer({ policy, balancer: b, clock, sender: ringSender(), random: createSeededRandom(2), attemptRecords });
  let answered = 0;
  const onFinal = (): void => {
    answered++;
  };
  return (ops) => {
    for (let i = 0; i < ops; i++) layer.request(undefined, onFinal);
    // A layer that retried, or left answers behind, would not be measuring the common request.
    const { requests, attempts } = layer.counters;
    if (attempts !== requests || requests - answered !== IN_FLIGHT) throw new Error(`${requests} requests: ${attempts} attempts, ${answered} answers`);
  };
}

function simulatedNs(name: StrategyName): number {
  const config: SimulationConfig = {
    pool: {
      name: 'bench', transport: 'http', endpoints: pool().map((e) => ({ id: e.id, address: `http://${e.address}`, weight: 1 })),
      simulation: { defaults: { slots: 8, service: { type: 'lognormal', medianMs: 5, p99Ms: 25 }, rttMs: 0.2 } },
    },
    strategy: name, load: { model: 'open', rate: 50_000 }, requests: SIMULATED, seed: 1,
  };
  let best = Infinity;
  for (let r = 0; r < 3; r++) {
    const t0 = process.hrtime.bigint();
    if (simulate(config).totals.requests !== SIMULATED) throw new Error('simulation lost requests');
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / SIMULATED);
  }
  return best;
}

function measure(name: StrategyName, which: string): Record<string, number> {
  const policy = which === 'deadline' ? WITH_DEADLINE : POLICY;
  const runs: Record<string, (ops: number) => void> = { bare: bare(name), floor: floor(name), layer: layered(name, policy, true), noRecords: layered(name, policy, false) };
  const best: Record<string, number> = {};
  for (const [k, f] of Object.entries(runs)) {
    f(20_000);
    best[k] = Infinity;
  }
  for (let r = 0; r < ROUNDS; r++) for (const [k, f] of Object.entries(runs)) best[k] = Math.min(best[k], nsPerOp(f, OPS, 1));
  return which === 'deadline' ? best : { ...best, simulated: simulatedNs(name) };
}

process.stdout.write(JSON.stringify(measure(process.argv[2] as StrategyName, process.argv[3] ?? 'policy')) + '\n');
