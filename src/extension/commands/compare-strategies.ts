/**
 * Compare Strategies: every picked strategy on the same pool, simulated (seeded, in seconds) or
 * live (real load tests one after another), drawn side by side with the same scales.
 */
import * as vscode from 'vscode';
import { compareStrategies, formatComparison } from '../../compare';
import type { CompareMode, CompareProgress } from '../../compare/types';
import type { StrategyName } from '../../engine/types';
import { showError } from '../errors';
import { formatProgress } from '../format';
import { newRunKey, postLive } from '../panels/live-feed';
import { showInPanel } from '../panels/results-panel';
import { preferredStrategy, strategyChoices, type Choice } from '../picks';
import { durationOf, loadModelOf } from '../settings';
import { log, type Session } from '../session';
import { pickPoolAndMode } from './pick-mode';

const TITLE = 'RPC Balancer: Compare Strategies';

const MODES: Choice<CompareMode>[] = [
  { label: 'simulated', description: 'default', detail: 'A seeded simulation of the pool\'s virtual servers: nothing is contacted, done in seconds.', value: 'simulated' },
  { label: 'live', detail: 'Real load tests against the pool\'s servers, one strategy after another (duration from rpcBalancer.loadTest.duration each).', value: 'live' },
];

async function pickStrategies(preferred: StrategyName): Promise<StrategyName[] | undefined> {
  const items = strategyChoices(preferred).map((c) => ({ label: c.label, description: c.description, detail: c.detail, value: c.value, picked: true }));
  const chosen = await vscode.window.showQuickPick(items, { canPickMany: true, title: TITLE, placeHolder: 'Strategies to compare (all by default)', ignoreFocusOut: true });
  if (!chosen) return undefined;
  return chosen.map((c) => c.value);
}

export async function compareStrategiesCommand(session: Session): Promise<void> {
  const chosen = await pickPoolAndMode(session, 'Compare Strategies', TITLE, MODES);
  if (!chosen) return;
  const { settings, entry, mode } = chosen;
  const picked = await pickStrategies(preferredStrategy(entry, settings.defaultStrategy));
  if (!picked) return;
  if (picked.length < 2) {
    void vscode.window.showWarningMessage('Pick at least two strategies to compare.');
    return;
  }
  const pool = entry.pool;
  const abort = new AbortController();
  if (mode === 'live') session.running = abort;
  // Live, the panel draws the strategy running now; its Cancel is the notification's.
  const panel = mode === 'live' ? showInPanel(session, undefined, `Compare: ${pool.name} (live)`) : undefined;
  if (panel) panel.cancelRun = () => abort.abort();
  const key = newRunKey();
  log(session, `compare (${mode}): pool "${pool.name}", strategies ${picked.join(', ')}`);
  try {
    const comparison = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `RPC Balancer: comparing ${picked.length} strategies on ${pool.name} (${mode})`, cancellable: true },
      async (progress, token) => {
        token.onCancellationRequested(() => abort.abort());
        return compareStrategies({
          pool,
          strategies: picked,
          mode,
          seed: 1,
          ...(mode === 'live'
            ? { load: loadModelOf(settings), ...durationOf(settings), warmupMs: settings.warmupMs, timeoutMs: settings.timeoutMs, ...(entry.baseDir !== undefined ? { baseDir: entry.baseDir } : {}) }
            : { durationMs: settings.durationMs, keys: { space: 1000, skew: 'uniform' as const } }),
          signal: abort.signal,
          onProgress: (p: CompareProgress) => {
            const run = p.run ? `: ${formatProgress(p.run)}` : '';
            progress.report({ message: `${p.index + 1} of ${p.total}, ${p.strategy}${run}` });
            if (panel && p.run) postLive(panel, `${key}:${p.index}`, `${p.index + 1} of ${p.total}: ${p.strategy} on ${pool.name}`, p.run);
          },
        });
      },
    );
    if (comparison.results.length === 0) {
      void vscode.window.showInformationMessage('Comparison cancelled before the first strategy finished.');
      return;
    }
    for (const line of formatComparison(comparison).split('\n')) log(session, line);
    const partial = comparison.results.length < picked.length ? ` (cancelled: ${comparison.results.length} of ${picked.length})` : '';
    showInPanel(session, { view: 'comparison', payload: comparison }, `Compare: ${pool.name} (${mode})${partial}`);
  } catch (e) {
    await showError(session, 'Compare Strategies', e);
  } finally {
    if (session.running === abort) session.running = undefined;
    if (panel) panel.cancelRun = undefined;
  }
}
