/** Simulate Pool: the seeded simulation of a picked pool with a picked strategy, drawn in the panel. */
import * as vscode from 'vscode';
import type { StrategyName } from '../../engine/types';
import type { PoolConfig } from '../../pools/types';
import type { RunResult } from '../../result/types';
import { simulateAsync } from '../../simulate';
import { showError } from '../errors';
import { summaryLine } from '../format';
import { showInPanel } from '../panels/results-panel';
import type { PanelSource } from '../panels/sources';
import { modelChoices, preferredStrategy, strategyChoices } from '../picks';
import { loadSettings, pick, pickPool } from '../quick-pick';
import { describeConfig, simulationConfigOf } from '../run-configs';
import { log, type Session } from '../session';
import type { LoadSettings } from '../settings';

const TITLE = 'RPC Balancer: Simulate Pool';

/** Runs in slices (the extension host stays responsive); `signal` stops it between events, with what it has. */
export async function runSimulation(session: Session, pool: PoolConfig, strategy: StrategyName, settings: LoadSettings, model: 'closed' | 'open', signal?: AbortSignal): Promise<RunResult> {
  const config = simulationConfigOf(pool, strategy, settings, model);
  log(session, describeConfig('simulation', pool, strategy, config));
  const { result } = await simulateAsync(config, { signal });
  log(session, `simulation ${result.status}: ${summaryLine(result)}`);
  return result;
}

export async function simulatePoolCommand(session: Session, target?: unknown): Promise<void> {
  const settings = await loadSettings(session, 'Simulate Pool');
  if (!settings) return;
  const entry = await pickPool(session, TITLE, target);
  if (!entry?.pool) return;
  const strategy = await pick(strategyChoices(preferredStrategy(entry, settings.defaultStrategy)), 'Pick a strategy', TITLE);
  if (!strategy) return;
  const model = await pick(modelChoices(settings.model, settings.concurrency, settings.rate), 'Pick the callers\' model', TITLE);
  if (!model) return;
  try {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `RPC Balancer: simulating ${strategy} on ${entry.name}`, cancellable: true },
      async (_progress, token) => {
        const stop = new AbortController();
        token.onCancellationRequested(() => stop.abort());
        return runSimulation(session, entry.pool!, strategy, settings, model, stop.signal);
      },
    );
    const source: PanelSource = { kind: 'simulation', pool: entry.name, origin: entry.origin, strategy, model };
    showInPanel(session, { view: 'result', payload: result }, `Simulation: ${strategy} on ${entry.name}`, source);
  } catch (e) {
    await showError(session, 'Simulate Pool', e);
  }
}
