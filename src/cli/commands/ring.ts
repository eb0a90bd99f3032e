/**
 * `rpc-balancer ring`: how a hash strategy spreads keys over a pool and what moves when an
 * endpoint leaves, answered by the engine itself (its `ownerOf`), with `--html` for the picture.
 */
import type { Command } from 'commander';
import { createBalancer } from '../../engine/registry';
import { HASH_STRATEGY_NAMES, isHashBalancer, type Endpoint, type HashBalancer, type HashStrategyName } from '../../engine/types';
import { demoPool } from '../../pools/demo-pool';
import type { PoolConfig } from '../../pools/types';
import { formatPercent } from '../../result/format';
import { formatTable } from '../../result/summary';
import { UsageError } from '../exit-codes';
import { say } from '../terminal';
import { action, collect, numberFlag, readPool, strategyOptionsFlag, writeHtml } from '../shared';

interface Flags {
  pool?: string;
  strategy?: string;
  strategyOption?: string[];
  keys: string;
  html?: string;
}

/** Sample keys at most: each is hashed once per endpoint that may leave, and all are held in memory. */
export const MAX_RING_KEYS = 1_000_000;

/** Above this many endpoints "moved if it leaves" is only computed for the first ones (it rebuilds the table per endpoint). */
const MOVES_LIMIT = 64;

export function registerRing(program: Command): void {
  program
    .command('ring')
    .description('show how a hash strategy spreads keys over a pool and how many keys move when each endpoint leaves')
    .option('--pool <file>', 'pool file (default: the embedded demo pool)')
    .option('--strategy <name>', `${HASH_STRATEGY_NAMES.join(', ')} (default: the pool's if it is one, else consistent-hash)`)
    .option('--strategy-option <name=value>', 'a strategy option, repeatable (e.g. pointsPerWeight=40)', collect)
    .option('--keys <n>', `sample keys (key-1 .. key-n), 1 to ${MAX_RING_KEYS}`, '100000')
    .option('--html <file>', 'write the ring picture as a self-contained HTML page (click an endpoint to remove it)')
    .action(action(async (flags: Flags) => {
      const pool: PoolConfig = flags.pool ? readPool(flags.pool) : demoPool('http');
      const strategy = hashStrategy(flags.strategy ?? (isHash(pool.strategy) ? pool.strategy : 'consistent-hash'));
      const options = strategyOptionsFlag(flags.strategyOption) ?? (pool.strategy === strategy ? pool.strategyOptions ?? {} : {});
      const n = numberFlag(flags.keys, '--keys', { integer: true, min: 1, max: MAX_RING_KEYS })!;
      const keys = Array.from({ length: n }, (_, i) => `key-${i + 1}`);
      const endpoints: Endpoint[] = pool.endpoints.map((e) => ({ id: e.id, address: e.address, weight: e.weight ?? 1 }));
      const full = build(strategy, endpoints, options);
      const owners = keys.map((k) => full.ownerOf(k));
      const count = new Map<string, number>();
      for (const o of owners) if (o !== undefined) count.set(o, (count.get(o) ?? 0) + 1);
      const layout = full.layout();
      const points = new Map<string, number>();
      if (layout.kind !== 'hrw') for (const o of layout.owners) points.set(layout.endpointIds[o], (points.get(layout.endpointIds[o]) ?? 0) + 1);
      const totalWeight = endpoints.reduce((s, e) => s + e.weight, 0);
      const rows = endpoints.map((e, i) => {
        let moved = '';
        if (i < MOVES_LIMIT && endpoints.length > 1) {
          const without = build(strategy, endpoints.filter((x) => x.id !== e.id), options);
          let m = 0;
          let between = 0;
          keys.forEach((k, j) => {
            const now = without.ownerOf(k);
            if (now !== owners[j]) {
              m++;
              if (owners[j] !== e.id) between++;
            }
          });
          moved = `${formatPercent(m / n, 2)}${between ? ` (${between} between others)` : ''}`;
        }
        return [e.id, String(e.weight), layout.kind === 'hrw' ? '-' : String(points.get(e.id) ?? 0), formatPercent((count.get(e.id) ?? 0) / n, 2), formatPercent(e.weight / totalWeight, 2), moved];
      });
      const unit = layout.kind === 'table' ? 'cells' : 'points';
      say(`${pool.name} · ${strategy} · ${layout.kind === 'hrw' ? 'no ring (highest random weight)' : `${layout.owners.length} ${unit}`} · ${n} sample keys\n`);
      say(formatTable(['endpoint', 'weight', unit, 'keys', 'fair share', 'moved if it leaves'], rows));
      if (endpoints.length > MOVES_LIMIT) console.log(`\n"moved if it leaves" computed for the first ${MOVES_LIMIT} endpoints only.`);
      if (flags.html) {
        await writeHtml(flags.html, { strategy, options, endpoints, sampleKeys: keys.slice(0, 1000) });
        console.log(`\nwrote ${flags.html}`);
      }
    }));
}

function isHash(name: unknown): name is HashStrategyName {
  return (HASH_STRATEGY_NAMES as readonly unknown[]).includes(name);
}

function hashStrategy(name: string): HashStrategyName {
  if (!isHash(name)) throw new UsageError(`--strategy: ${JSON.stringify(name)} is not a hash strategy (valid: ${HASH_STRATEGY_NAMES.join(', ')})`);
  return name;
}

function build(strategy: HashStrategyName, endpoints: Endpoint[], options: Record<string, unknown>): HashBalancer {
  const b = createBalancer(strategy, endpoints, { ...options });
  if (!isHashBalancer(b)) throw new Error(`${strategy} did not build a hash balancer`);
  return b;
}
