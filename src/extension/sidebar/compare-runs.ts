/**
 * Compare Two Runs: two load tests or simulations, from the Runs view's selection, a pick of the
 * history, or two result files; the one recorded (or started) first is A, the other B, so the deltas read "what changed".
 */
import * as vscode from 'vscode';
import { basename } from 'node:path';
import type { RunResult } from '../../result/types';
import { showError } from '../errors';
import { readResultFile } from '../commands/open-result-file';
import { historyDir } from '../history/record';
import { listRuns, readRun } from '../history/store';
import { detailOf, titleOf } from '../history/summary';
import { showInPanel } from '../panels/results-panel';
import { log, type Session } from '../session';
import { runsOf, type RunNode } from './run-nodes';

interface Picked {
  result: RunResult;
  name: string;
  /**
   * What "older" means: the history's recorded order (its file names sort by when the run was
   * shown), else the run's start. A simulation starts at virtual time 0, so its start says nothing.
   */
  order: string;
}

const TITLE = 'RPC Balancer: Compare Two Runs';
const FROM_FILES = 'Choose two result files…';

async function fromFiles(): Promise<Picked[] | undefined> {
  const uris = await vscode.window.showOpenDialog({ title: 'Compare Two Runs: pick two result files', canSelectMany: true, filters: { JSON: ['json'] } });
  if (!uris) return undefined;
  const out: Picked[] = [];
  for (const uri of uris) {
    const state = await readResultFile(uri);
    if (state.view !== 'result') throw new Error(`${uri.fsPath} is a ${state.view}, not a load test or a simulation`);
    out.push({ result: state.payload, name: basename(uri.fsPath), order: state.payload.startedAt });
  }
  return out;
}

async function fromHistory(session: Session): Promise<Picked[] | undefined> {
  const { entries } = await listRuns(historyDir(session));
  const runs = entries.filter((e) => e.state.view === 'result');
  const items = [
    ...runs.map((e) => ({ label: titleOf(e.summary), description: detailOf(e.summary), detail: e.summary.startedAt, entry: e })),
    { label: FROM_FILES, description: '', detail: undefined, entry: undefined },
  ];
  const chosen = await vscode.window.showQuickPick(items, { title: TITLE, canPickMany: true, placeHolder: 'Pick two runs (or choose two files)', ignoreFocusOut: true });
  if (!chosen) return undefined;
  if (chosen.some((c) => c.label === FROM_FILES)) return fromFiles();
  return chosen.flatMap((c) => (c.entry && c.entry.state.view === 'result' ? [{ result: c.entry.state.payload, name: titleOf(c.entry.summary), order: c.entry.name }] : []));
}

/** A selected run, read from its file again (the tree holds only what it shows). */
async function fromNode(n: RunNode): Promise<Picked> {
  const state = await readRun(n.entry.file);
  if (state.view !== 'result') throw new Error(`${titleOf(n.entry.summary)} is a ${state.view}: only load tests and simulations can be compared run to run`);
  return { result: state.payload, name: titleOf(n.entry.summary), order: n.entry.name };
}

export async function compareRunsCommand(session: Session, clicked?: unknown, selected?: unknown): Promise<void> {
  try {
    const nodes = runsOf(clicked, selected);
    let picked: Picked[] | undefined;
    if (nodes.length >= 2) {
      picked = await Promise.all(nodes.map(fromNode));
    } else {
      picked = await fromHistory(session);
    }
    if (!picked) return;
    if (picked.length !== 2) {
      void vscode.window.showWarningMessage(`Pick exactly two runs to compare (${picked.length} picked).`);
      return;
    }
    const [a, b] = [...picked].sort((x, y) => x.order.localeCompare(y.order));
    const labels = { a: `A: ${a.result.config.strategy}`, b: `B: ${b.result.config.strategy}` };
    log(session, `compare runs: A ${a.name} (${a.result.startedAt}), B ${b.name} (${b.result.startedAt})`);
    showInPanel(session, { view: 'runDiff', payload: { a: a.result, b: b.result, labels } }, `Compare runs: ${a.result.config.strategy} → ${b.result.config.strategy}`, undefined, { record: false });
  } catch (e) {
    await showError(session, 'Compare Two Runs', e);
  }
}
