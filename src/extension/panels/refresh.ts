/**
 * A settings or pool-file change redraws what the open panels show: a ring or a simulation is
 * made again from the pool as it now is. A load test's result is a record of what happened and
 * is left as it was (re-running it would send traffic nobody asked for).
 */
import { runSimulation } from '../commands/simulate-pool';
import { findPool } from '../pool-sources';
import { currentLoadSettings } from '../current-settings';
import { ringViewOf } from '../run-configs';
import { log, type Session } from '../session';
import { openPanels } from './results-panel';

export async function refreshPanels(session: Session): Promise<void> {
  for (const p of openPanels()) {
    const src = p.source;
    if (!src) continue;
    try {
      const entry = await findPool(session, src.pool, src.origin);
      if (!entry?.pool) {
        log(session, `panel "${p.panel.title}" not refreshed: pool "${src.pool}" is ${entry ? 'now invalid' : 'gone'}`);
        continue;
      }
      if (src.kind === 'ring') {
        p.show({ view: 'ring', payload: ringViewOf(entry.pool, src.strategy) }, undefined, src);
      } else {
        const settings = currentLoadSettings(session);
        p.show({ view: 'result', payload: await runSimulation(session, entry.pool, src.strategy, settings, src.model) }, undefined, src);
      }
      log(session, `panel "${p.panel.title}" refreshed after a settings change`);
    } catch (e) {
      log(session, `panel "${p.panel.title}" not refreshed: ${(e as Error).message}`);
    }
  }
}
