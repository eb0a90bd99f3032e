/** Show Hash Ring: the ring (or maglev table, or rendezvous owners) of a pool under a hash strategy. */
import { HASH_STRATEGY_NAMES, type StrategyName } from '../../engine/types';
import { showError } from '../errors';
import { showInPanel } from '../panels/results-panel';
import { strategyChoices } from '../picks';
import { loadSettings, pick, pickPool } from '../quick-pick';
import { ringViewOf } from '../run-configs';
import { log, type Session } from '../session';

const TITLE = 'RPC Balancer: Show Hash Ring';

function isHash(s: StrategyName | undefined): s is StrategyName {
  return s !== undefined && (HASH_STRATEGY_NAMES as readonly string[]).includes(s);
}

export async function showHashRingCommand(session: Session, target?: unknown): Promise<void> {
  const settings = await loadSettings(session, 'Show Hash Ring');
  if (!settings) return;
  const entry = await pickPool(session, TITLE, target);
  if (!entry?.pool) return;
  const preferred = isHash(entry.pool.strategy) ? entry.pool.strategy : isHash(settings.defaultStrategy) ? settings.defaultStrategy : 'consistent-hash';
  const strategy = await pick(strategyChoices(preferred, true), 'Pick a hash strategy', TITLE);
  if (!strategy) return;
  try {
    const ring = ringViewOf(entry.pool, strategy);
    log(session, `ring: pool "${entry.name}", ${strategy}, ${ring.endpoints.length} endpoints, ${ring.sampleKeys.length} sample keys`);
    showInPanel(session, { view: 'ring', payload: ring }, `Hash ring: ${strategy} on ${entry.name}`, { kind: 'ring', pool: entry.name, origin: entry.origin, strategy });
  } catch (e) {
    await showError(session, 'Show Hash Ring', e);
  }
}
