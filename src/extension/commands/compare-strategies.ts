/**
 * Compare Strategies: every picked strategy, or the variants of a file (strategy, options,
 * outlier detection, policy), on the same pool, simulated (seeded, in seconds) or live (real load
 * tests one after another), drawn side by side with the same scales.
 */
import * as vscode from 'vscode';
import { compareStrategies, formatComparison } from '../../compare';
import type { CompareMode, CompareProgress } from '../../compare/types';
import type { StrategyName } from '../../engine/types';
import type { VariantInput } from '../../pools/parse-variants';
import { BROWSE, describeVariants, FROM_FILE, readStrategyPick, variantFileChoices, variantsFromFile } from '../compare-input';
import { showError } from '../errors';
import { formatProgress } from '../format';
import { newRunKey, postLive } from '../panels/live-feed';
import { showInPanel } from '../panels/results-panel';
import { preferredStrategy, strategyChoices, type Choice } from '../picks';
import { durationOf, loadModelOf } from '../settings';
import { log, type Session } from '../session';
import { pick } from '../quick-pick';
import { pickPoolAndMode } from './pick-mode';

const TITLE = 'RPC Balancer: Compare Strategies';

const MODES: Choice<CompareMode>[] = [
  { label: 'simulated', description: 'default', detail: 'A seeded simulation of the pool\'s virtual servers: nothing is contacted, done in seconds.', value: 'simulated' },
  { label: 'live', detail: 'Real load tests against the pool\'s servers, one strategy after another (duration from rpcBalancer.loadTest.duration each).', value: 'live' },
];

async function pickStrategies(preferred: StrategyName): Promise<(StrategyName | typeof FROM_FILE)[] | undefined> {
  const items: { label: string; description?: string; detail?: string; value: StrategyName | typeof FROM_FILE; picked: boolean }[] =
    strategyChoices(preferred).map((c) => ({ label: c.label, description: c.description, detail: c.detail, value: c.value, picked: true }));
  items.push({ label: FROM_FILE, detail: 'Instead of the strategies: a JSON list of {name, strategy, strategyOptions, outlierDetection, policy}', value: FROM_FILE, picked: false });
  const chosen = await vscode.window.showQuickPick(items, { canPickMany: true, title: TITLE, placeHolder: 'Strategies to compare (all by default)', ignoreFocusOut: true });
  if (!chosen) return undefined;
  return chosen.map((c) => c.value);
}

/** A workspace JSON file (or one from the open dialog), read as variants; undefined when dismissed. */
async function pickVariantsFile(): Promise<{ file: string; variants: VariantInput[] } | undefined> {
  const found = await vscode.workspace.findFiles('**/*.json', '{**/node_modules/**,**/.git/**}', 500);
  const files = found.map((u) => ({ path: u.fsPath, shown: vscode.workspace.asRelativePath(u) }));
  let file = await pick(variantFileChoices(files), 'Variants file (a JSON list of variants)', TITLE);
  if (file === BROWSE) {
    const picked = await vscode.window.showOpenDialog({ title: TITLE, canSelectMany: false, filters: { 'Variants (JSON)': ['json'] } });
    file = picked?.[0]?.fsPath;
  }
  if (file === undefined) return undefined;
  return { file, variants: variantsFromFile(file) };
}

/** `given`: the pool to run on without asking (a Pools tree node or a pool reference, see pool-arg.ts). */
export async function compareStrategiesCommand(session: Session, given?: unknown): Promise<void> {
  const chosen = await pickPoolAndMode(session, 'Compare Strategies', TITLE, MODES, given);
  if (!chosen) return;
  const { settings, entry, mode } = chosen;
  const picked = await pickStrategies(preferredStrategy(entry, settings.defaultStrategy));
  if (!picked) return;
  const choice = readStrategyPick(picked);
  if ('fewer' in choice) {
    void vscode.window.showWarningMessage('Pick at least two strategies to compare.');
    return;
  }
  let runOf: { strategies: StrategyName[] } | { variants: VariantInput[] };
  let what: string;
  if ('fromFile' in choice) {
    let read;
    try {
      read = await pickVariantsFile();
    } catch (e) {
      // The file and the JSON path of each problem are in the message (PoolErrors).
      await showError(session, 'Compare Strategies', e);
      return;
    }
    if (!read) return;
    runOf = { variants: read.variants };
    what = `variants of ${read.file}: ${describeVariants(read.variants)}`;
  } else {
    runOf = { strategies: choice.strategies };
    what = `strategies ${choice.strategies.join(', ')}`;
  }
  const total = 'variants' in runOf ? runOf.variants.length : runOf.strategies.length;
  const pool = entry.pool;
  const abort = new AbortController();
  if (mode === 'live') session.running = abort;
  // Live, the panel draws the variant running now; its Cancel is the notification's.
  const panel = mode === 'live' ? showInPanel(session, undefined, `Compare: ${pool.name} (live)`) : undefined;
  if (panel) panel.cancelRun = () => abort.abort();
  const key = newRunKey();
  log(session, `compare (${mode}): pool "${pool.name}", ${what}`);
  try {
    const comparison = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `RPC Balancer: comparing ${total} ${'variants' in runOf ? 'variants' : 'strategies'} on ${pool.name} (${mode})`, cancellable: true },
      async (progress, token) => {
        token.onCancellationRequested(() => abort.abort());
        return compareStrategies({
          pool,
          ...runOf,
          mode,
          seed: 1,
          ...(mode === 'live'
            ? { load: loadModelOf(settings), ...durationOf(settings), warmupMs: settings.warmupMs, timeoutMs: settings.timeoutMs, ...(entry.baseDir !== undefined ? { baseDir: entry.baseDir } : {}) }
            : { durationMs: settings.durationMs, keys: { space: 1000, skew: 'uniform' as const } }),
          signal: abort.signal,
          onProgress: (p: CompareProgress) => {
            const run = p.run ? `: ${formatProgress(p.run)}` : '';
            progress.report({ message: `${p.index + 1} of ${p.total}, ${p.name}${run}` });
            if (panel && p.run) postLive(panel, `${key}:${p.index}`, `${p.index + 1} of ${p.total}: ${p.name} on ${pool.name}`, p.run);
          },
        });
      },
    );
    if (comparison.results.length === 0) {
      void vscode.window.showInformationMessage('Comparison cancelled before the first variant finished.');
      return;
    }
    for (const line of formatComparison(comparison).split('\n')) log(session, line);
    const partial = comparison.results.length < total ? ` (cancelled: ${comparison.results.length} of ${total})` : '';
    showInPanel(session, { view: 'comparison', payload: comparison }, `Compare: ${pool.name} (${mode})${partial}`);
  } catch (e) {
    await showError(session, 'Compare Strategies', e);
  } finally {
    if (session.running === abort) session.running = undefined;
    if (panel) panel.cancelRun = undefined;
  }
}
