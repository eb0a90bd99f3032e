/**
 * `rpc-balancer demo capacity` (`npm run demo -- capacity`): the demo pool's capacity by strategy
 * at one SLO, simulated (the demo pool's virtual servers) and live (the five demo servers), side
 * by side, and whether the two rank the strategies alike. About a minute and a half on a loaded
 * two-core machine: the live search uses short steps (20 samples beyond the p99, precision 10 %),
 * the simulated one the defaults; both state their method in the JSON.
 */
import type { Command } from 'commander';
import { availableParallelism, loadavg } from 'node:os';
import { findCapacity, formatCapacity, rankingsAgree } from '../../capacity';
import type { StrategyName } from '../../engine/types';
import { demoPool } from '../../pools/demo-pool';
import { parsePool } from '../../pools/parse';
import type { CapacityResult } from '../../result/capacity';
import { formatRate } from '../../result/format';
import { formatTable } from '../../result/summary';
import { startDemo } from '../demo-servers';
import { EXIT } from '../exit-codes';
import { abortOnSigint, action, writeJson } from '../shared';

export const DEMO_CAPACITY = Object.freeze({
  strategies: ['round-robin', 'weighted-round-robin', 'least-request'] as StrategyName[],
  slo: 'p99<100ms,errors<1%',
  live: Object.freeze({ tailSamples: 20, precision: 0.1 }),
  /** Capacities within this share of each other count as tied when rankings are compared (the live precision). */
  tie: 0.1,
});

export function registerDemoCapacity(demo: Command): void {
  demo
    .command('capacity')
    .description('the demo pool\'s capacity by strategy at an SLO, simulated and live, and whether the two rankings agree')
    .option('--json <file>', 'write both capacity results as JSON ({ simulated, live })')
    .action(action(async (flags: { json?: string }) => demoCapacity(flags)));
}

async function demoCapacity(flags: { json?: string }): Promise<number> {
  const sigint = abortOnSigint();
  const t0 = performance.now();
  let simulated: CapacityResult;
  let live: CapacityResult;
  try {
    console.log(`Capacity of the demo pool at ${DEMO_CAPACITY.slo}: ${DEMO_CAPACITY.strategies.join(', ')}.\n`);
    simulated = await findCapacity({ pool: parsePool(demoPool()), strategies: DEMO_CAPACITY.strategies, slo: DEMO_CAPACITY.slo }, { signal: sigint.signal });
    console.log(formatCapacity(simulated) + '\n');
    const { servers, pool } = await startDemo('http');
    try {
      live = await findCapacity({ pool, strategies: DEMO_CAPACITY.strategies, slo: DEMO_CAPACITY.slo, live: true, ...DEMO_CAPACITY.live }, {
        signal: sigint.signal,
        onProgress: (p) => process.stderr.write(process.stderr.isTTY ? `\r${p.variant}: ${p.step.rate} req/s ${p.step.holds ? 'holds' : 'breaks'}\x1b[K` : ''),
      });
    } finally {
      if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
      await servers.close();
    }
  } finally {
    sigint.dispose();
  }
  console.log(formatCapacity(live) + '\n');
  const agree = rankingsAgree(simulated, live, DEMO_CAPACITY.tie);
  console.log(formatTable(['strategy', 'simulated', 'live'], DEMO_CAPACITY.strategies.map((s) => [s, rateOf(simulated, s), rateOf(live, s)])));
  console.log(`\nRankings ${agree ? 'agree' : 'DISAGREE'} (capacities within ${DEMO_CAPACITY.tie * 100} % count as tied). ${((performance.now() - t0) / 1000).toFixed(1)} s in all.`);
  // Live capacities are also bounded by what this machine can send: say how busy it was.
  const [load] = loadavg();
  console.log(`Live figures include this machine's own limits: load average ${load.toFixed(1)} on ${availableParallelism()} cores during the run.`);
  if (flags.json !== undefined) await writeJson(flags.json, { simulated, live });
  if (sigint.interrupted()) return EXIT.interrupted;
  return agree ? EXIT.ok : EXIT.thresholdFailed;
}

function rateOf(r: CapacityResult, name: string): string {
  const v = r.variants.find((x) => x.name === name);
  return v ? formatRate(v.capacity, ' req/s') : '-';
}
