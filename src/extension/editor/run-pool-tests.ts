/**
 * Running thresholds from the Test Explorer: each pool asked for runs once, a load test or a
 * simulation (the run profile says which) with the pool's strategy (else the default) and the
 * load settings, and each threshold is marked passed or failed with the measured value. The
 * result also opens in the panel, so what was measured can be looked at. A restricted workspace's
 * pools are refused a load test, each threshold errored with the reason.
 */
import * as vscode from 'vscode';
import { runLoadTest } from '../../loadtest';
import type { RunResult } from '../../result/types';
import { currentLoadSettings } from '../current-settings';
import { summaryLine } from '../format';
import { showInPanel } from '../panels/results-panel';
import { preferredStrategy } from '../picks';
import { gatherPools } from '../pool-sources';
import { findPoolRef } from '../pool-arg';
import { describeConfig, loadTestConfigOf } from '../run-configs';
import { log, type Session } from '../session';
import type { PoolEntry } from '../settings';
import { loadTestDecision } from '../trust';
import { tellRestricted } from '../trust-prompt';
import { runSimulation } from '../commands/simulate-pool';
import { nodeOf } from './pool-test-items';
import { thresholdVerdicts } from './threshold-verdicts';

export type TestRunKind = 'loadtest' | 'simulation';

/** The pools asked for, each with the thresholds asked for (all of them when the pool itself was). */
function requested(controller: vscode.TestController, request: vscode.TestRunRequest): Map<vscode.TestItem, vscode.TestItem[]> {
  const excluded = new Set(request.exclude ?? []);
  const out = new Map<vscode.TestItem, vscode.TestItem[]>();
  const add = (pool: vscode.TestItem, items: vscode.TestItem[]) => {
    const kept = items.filter((i) => !excluded.has(i));
    if (excluded.has(pool) || kept.length === 0) return;
    out.set(pool, [...new Set([...(out.get(pool) ?? []), ...kept])]);
  };
  const all: vscode.TestItem[] = [];
  controller.items.forEach((i) => void all.push(i));
  for (const item of request.include ?? all) {
    if (item.parent) add(item.parent, [item]);
    else {
      const children: vscode.TestItem[] = [];
      item.children.forEach((c) => void children.push(c));
      add(item, children);
    }
  }
  return out;
}

/** A message placed on the clause's line, so the editor shows it there too. */
function messageAt(item: vscode.TestItem, text: string): vscode.TestMessage {
  const message = new vscode.TestMessage(text);
  if (item.uri && item.range) message.location = new vscode.Location(item.uri, item.range);
  return message;
}

async function runOnce(session: Session, entry: PoolEntry, kind: TestRunKind, signal: AbortSignal): Promise<RunResult> {
  const settings = currentLoadSettings(session);
  const pool = entry.pool!;
  const strategy = preferredStrategy(entry, settings.defaultStrategy);
  if (kind === 'simulation') return runSimulation(session, pool, strategy, settings, settings.model, signal);
  const config = loadTestConfigOf(pool, strategy, settings, settings.model, entry.baseDir);
  log(session, describeConfig('load test (thresholds)', pool, strategy, config));
  return runLoadTest(config, { signal });
}

async function runPool(session: Session, run: vscode.TestRun, kind: TestRunKind, pool: vscode.TestItem, items: vscode.TestItem[], token: vscode.CancellationToken): Promise<void> {
  const node = nodeOf(pool);
  const errored = (message: string) => items.forEach((i) => run.errored(i, messageAt(i, message)));
  items.forEach((i) => run.started(i));
  const entry = node && findPoolRef(await gatherPools(session), { name: node.poolName, location: node.source });
  if (!entry?.pool) return errored(entry?.problems ? `pool "${entry.name}" is invalid: ${entry.problems[0].path}: ${entry.problems[0].problem}` : `pool "${pool.label}" is gone`);
  if (kind === 'loadtest') {
    const decision = loadTestDecision(entry, vscode.workspace.isTrusted);
    if (!decision.allowed) {
      void tellRestricted(session, decision.reason, true);
      return errored(decision.reason);
    }
    if (session.running) return errored('a load test is already running; cancel it first');
  }
  const abort = new AbortController();
  const stop = token.onCancellationRequested(() => abort.abort());
  if (kind === 'loadtest') session.running = abort;
  let result: RunResult;
  try {
    result = await runOnce(session, entry, kind, abort.signal);
  } catch (e) {
    return errored(`${kind === 'loadtest' ? 'the load test' : 'the simulation'} did not run: ${(e as Error)?.message ?? String(e)}`);
  } finally {
    stop.dispose();
    if (session.running === abort) session.running = undefined;
  }
  run.appendOutput(`${kind} of ${entry.name}: ${summaryLine(result)}\r\n`);
  const byText = new Map(items.map((i) => [i.label, i]));
  for (const v of thresholdVerdicts(result, [...byText.keys()])) {
    const item = byText.get(v.text)!;
    run.appendOutput(`  ${v.state} ${v.text}: ${v.message}\r\n`);
    if (v.state === 'passed') run.passed(item, result.durationMs);
    else if (v.state === 'failed') run.failed(item, messageAt(item, v.message), result.durationMs);
    else run.errored(item, messageAt(item, v.message), result.durationMs);
  }
  const what = kind === 'loadtest' ? 'Load test' : 'Simulation';
  showInPanel(session, { view: 'result', payload: result }, `${what}: ${result.config.strategy} on ${entry.name} (thresholds)`);
}

export async function runPoolTests(session: Session, controller: vscode.TestController, kind: TestRunKind, request: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<void> {
  const run = controller.createTestRun(request);
  try {
    for (const [pool, items] of requested(controller, request)) {
      if (token.isCancellationRequested) items.forEach((i) => run.skipped(i));
      else await runPool(session, run, kind, pool, items, token);
    }
  } finally {
    run.end();
  }
}
