/**
 * Run Load Test: pool, strategy and model from quick picks (defaults from settings), a cancellable
 * progress notification with requests, throughput and p99, a status bar item, and the result in
 * the panel; a cancelled run shows what it gathered.
 */
import * as vscode from 'vscode';
import { runLoadTest } from '../../loadtest';
import type { RunProgress } from '../../loadtest/types';
import type { RunResult } from '../../result/types';
import { formatCount, formatMsSpaced, formatPercent } from '../../result/format';
import { showError } from '../errors';
import { formatProgress, summaryLine } from '../format';
import { newRunKey, postLive } from '../panels/live-feed';
import { showInPanel } from '../panels/results-panel';
import { modelChoices, preferredStrategy, strategyChoices } from '../picks';
import { loadSettings, pick, pickPool } from '../quick-pick';
import { describeConfig, loadTestConfigOf } from '../run-configs';
import { log, type Session } from '../session';
import { RunStatusItem } from '../status';
import { loadTestDecision } from '../trust';
import { tellRestricted } from '../trust-prompt';
import { logDiscoveredMembers } from './show-pool-members';

const TITLE = 'RPC Balancer: Run Load Test';

/** `given`: the pool to run on without asking (a Pools tree node or a pool reference, see pool-arg.ts). */
export async function runLoadTestCommand(session: Session, given?: unknown): Promise<void> {
  if (session.running) {
    void vscode.window.showWarningMessage('A load test is already running; cancel it from its notification first.');
    return;
  }
  const settings = await loadSettings(session, 'Run Load Test');
  if (!settings) return;
  const entry = await pickPool(session, TITLE, given);
  if (!entry?.pool) return;
  const decision = loadTestDecision(entry, vscode.workspace.isTrusted);
  if (!decision.allowed) {
    await tellRestricted(session, decision.reason, true);
    return;
  }
  const strategy = await pick(strategyChoices(preferredStrategy(entry, settings.defaultStrategy)), 'Pick a strategy', TITLE);
  if (!strategy) return;
  const model = await pick(modelChoices(settings.model, settings.concurrency, settings.rate), 'Pick a load model', TITLE);
  if (!model) return;

  const pool = entry.pool;
  const config = loadTestConfigOf(pool, strategy, settings, model, entry.baseDir);
  log(session, describeConfig('load test', pool, strategy, config));
  try {
    await logDiscoveredMembers(session, pool);
  } catch (e) {
    await showError(session, 'Run Load Test', e);
    return;
  }

  const label = `${strategy} on ${pool.name}`;
  const panel = showInPanel(session, undefined, `Load test: ${label}`);
  const status = new RunStatusItem(label);
  const abort = new AbortController();
  session.running = abort;
  // The panel's Cancel is the notification's: one abort, the partial result kept and shown.
  panel.cancelRun = () => abort.abort();
  const run = newRunKey();
  let result: RunResult | undefined;
  try {
    result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `RPC Balancer: ${label}`, cancellable: true },
      async (progress, token) => {
        token.onCancellationRequested(() => abort.abort());
        let lastPct = 0;
        return runLoadTest(config, {
          signal: abort.signal,
          onProgress: (p: RunProgress) => {
            const pct = p.totalMs ? Math.min(100, (100 * p.elapsedMs) / p.totalMs) : 0;
            progress.report({ message: formatProgress(p), increment: Math.max(0, pct - lastPct) });
            lastPct = Math.max(lastPct, pct);
            status.update(p);
            if (!postLive(panel, run, label, p)) panel.progress({ type: 'progress', requests: p.requests, throughput: p.throughput, p99: p.p99, elapsedMs: p.elapsedMs, message: `running ${label}` });
          },
          onEvent: (e) => log(session, `event at ${Math.round(e.at)} ms: ${e.type}${e.endpoint ? ` ${e.endpoint}` : ''}${e.detail ? ` (${e.detail})` : ''}`),
        });
      },
    );
  } catch (e) {
    await showError(session, 'Run Load Test', e);
    return;
  } finally {
    status.dispose();
    panel.cancelRun = undefined;
    if (session.running === abort) session.running = undefined;
  }
  showInPanel(session, { view: 'result', payload: result }, `Load test: ${label}${result.status === 'completed' ? '' : ` (${result.status})`}`);
  log(session, `load test ${result.status}: ${summaryLine(result)}`);
  for (const ep of result.endpoints) {
    log(session, `  ${ep.id} ${ep.address}: ${formatCount(ep.requests)} requests, ${formatCount(ep.errors)} errors, share ${formatPercent(ep.share)}, p50 ${formatMsSpaced(ep.latency.p50)}, p99 ${formatMsSpaced(ep.latency.p99)}`);
  }
  if (result.status === 'cancelled') {
    void vscode.window.showInformationMessage(`Load test cancelled: the partial result of ${result.totals.requests} requests is shown.`);
  } else if (result.status === 'failed') {
    void vscode.window.showErrorMessage(`Load test failed: ${result.error ?? 'see the output'}`);
  }
}
