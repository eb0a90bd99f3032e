/**
 * The simulator's cost against the engine it drives, and its memory against its length.
 *
 * 1. Time: a simulation of 1,000,000 requests over 10 endpoints under round-robin (open model,
 *    8 slots a server, lognormal service, 0.2 ms round trip: two heap events, a pick, a done and a
 *    recorder entry per request) against 1,000,000 bare `pick` + `done` calls of the same strategy
 *    over the same endpoints, in this process. Bars (issue 16): at most 150 ns per simulated
 *    request, at most 25x the bare pick + done, and the feedback strategies a simulation is run to
 *    compare (least-request, p2c-peak-ewma, least-load) within 1.5x of round-robin's simulation.
 *    Measured in CPU time of this process (`process.cpuUsage`), not wall time: the machine is
 *    shared, and CPU time does not count the time other processes held the cores. For scale the
 *    table also shows the Recorder alone (1,000,000 `startedAt` + `finishedAt`, which every
 *    simulated request also pays) against the same reference.
 * 2. Memory: peak RSS of a child process running 10,000,000 requests against one running
 *    1,000,000 (same config otherwise). Bar: at most 1.2x (flat: nothing kept per request).
 */
import { execFileSync } from 'node:child_process';
import { createBalancer } from '../src/engine/registry';
import type { Outcome, StrategyName } from '../src/engine/types';
import { Recorder } from '../src/result/recorder';
import type { PoolConfig } from '../src/pools/types';
import { simulate, type SimulationConfig } from '../src/simulate';
import { bar, printTable, type Bar, type Bench } from './lib';

const ENDPOINTS = 10;
const REQUESTS = 1_000_000;
const FEEDBACK: readonly StrategyName[] = ['least-request', 'p2c-peak-ewma', 'least-load'];

function config(requests: number, strategy: StrategyName = 'round-robin'): SimulationConfig {
  const pool: PoolConfig = {
    name: 'bench',
    transport: 'http',
    endpoints: Array.from({ length: ENDPOINTS }, (_, i) => ({ id: `s${i}`, address: `http://127.0.0.1:${9000 + i}`, weight: 1 })),
    simulation: { defaults: { slots: 8, service: { type: 'lognormal', medianMs: 5, p99Ms: 25 }, rttMs: 0.2 } },
  };
  // About 60 % utilisation: 10 servers x 8 slots / ~6.5 ms mean service = ~12,300 requests/s capacity.
  return { pool, strategy, load: { model: 'open', rate: 7500 }, requests, seed: 1 };
}

/** CPU ms (user + system) that `fn` took. */
function cpuMs(fn: () => void): number {
  const before = process.cpuUsage();
  fn();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

function bareMs(): number {
  const endpoints = config(1).pool.endpoints.map((e) => ({ id: e.id, address: e.address, weight: 1 }));
  let t = 0;
  const balancer = createBalancer('round-robin', endpoints, { now: () => t, random: Math.random });
  const outcome: Outcome = { latencyMs: 5, ok: true };
  return cpuMs(() => {
    for (let i = 0; i < REQUESTS; i++) {
      t += 0.1;
      balancer.pick()!.done(outcome);
    }
  });
}

function simMs(strategy?: StrategyName): number {
  let requests = 0;
  const ms = cpuMs(() => (requests = simulate(config(REQUESTS, strategy)).totals.requests));
  if (requests !== REQUESTS) throw new Error(`simulated ${requests} requests, wanted ${REQUESTS}`);
  return ms;
}

function recorderMs(): number {
  const endpoints = config(1).pool.endpoints.map((e) => ({ id: e.id, address: e.address, weight: 1 }));
  const recorder = new Recorder({ kind: 'simulation', config: {} as never, endpoints, toolVersion: '0', startedAt: new Date(0) });
  return cpuMs(() => {
    let t = 0;
    for (let i = 0; i < REQUESTS; i++) {
      t += 0.133;
      const ep = i % ENDPOINTS;
      recorder.startedAt(ep, t);
      recorder.finishedAt(ep, t, t + 5, 3 + (i & 15), true);
    }
  });
}

/** Peak RSS in MB of a child process simulating `requests`. */
function childPeakMb(requests: number): number {
  const out = execFileSync(process.execPath, ['--import', 'tsx', __filename], {
    env: { ...process.env, SIMULATE_BENCH_CHILD: String(requests) },
    encoding: 'utf8',
    timeout: 300_000,
  });
  const match = /peakRssMb=([\d.]+)/.exec(out);
  if (!match) throw new Error(`child printed no peak RSS: ${out}`);
  return Number(match[1]);
}

function median(xs: number[]): number {
  return xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
}

export const bench: Bench = {
  name: 'simulator',
  async run(): Promise<Bar[]> {
    // Warm both paths up, then alternate so both see the same machine.
    bareMs();
    simulate(config(100_000));
    const bare: number[] = [];
    const sim: number[] = [];
    const rec: number[] = [];
    const feedback = FEEDBACK.map(() => [] as number[]);
    for (let r = 0; r < 5; r++) {
      bare.push(bareMs());
      sim.push(simMs());
      rec.push(recorderMs());
      FEEDBACK.forEach((s, i) => feedback[i].push(simMs(s)));
    }
    const timeRatio = median(sim) / median(bare);
    const simNs = (median(sim) * 1e6) / REQUESTS;
    const feedbackRatios = feedback.map((ms) => median(ms) / median(sim));
    const small = childPeakMb(1_000_000);
    const large = childPeakMb(10_000_000);
    const memRatio = large / small;
    printTable(
      ['measure', 'ratio'],
      [
        ['1M-request simulation / 1M bare pick+done (round-robin, 10 endpoints)', timeRatio],
        ['ns (CPU) per simulated request, round-robin', simNs],
        ...FEEDBACK.map((s, i) => [`${s} simulation / round-robin simulation`, feedbackRatios[i]]),
        ['(for scale) Recorder alone, 1M requests / 1M bare pick+done', median(rec) / median(bare)],
        ['peak RSS of a 10M-request simulation / of a 1M one', memRatio],
      ],
    );
    return [
      bar('1M-request simulation vs 1M bare pick+done, round-robin', timeRatio, '<=', 25),
      bar('CPU ns per simulated request, round-robin over 10 endpoints', simNs, '<=', 150, ' ns'),
      ...FEEDBACK.map((s, i) => bar(`${s} simulation vs round-robin simulation`, feedbackRatios[i], '<=', 1.5)),
      bar('peak RSS, 10M vs 1M simulated requests', memRatio, '<=', 1.2),
    ];
  },
};

if (process.env.SIMULATE_BENCH_CHILD) {
  const requests = Number(process.env.SIMULATE_BENCH_CHILD);
  const r = simulate(config(requests));
  if (r.totals.requests !== requests) throw new Error(`simulated ${r.totals.requests} requests, wanted ${requests}`);
  console.log(`peakRssMb=${(process.resourceUsage().maxRSS / 1024).toFixed(1)}`);
}
