/**
 * The Runs view: the history, newest first (history/store.ts). A file that is not a valid result
 * stays in the list as a warning naming what is wrong (and is logged), so a hand-edited file is
 * found, not silently missing.
 */
import * as vscode from 'vscode';
import { basename } from 'node:path';
import { COMMAND } from '../ids';
import { historyChanged, historyDir } from '../history/record';
import { listRuns } from '../history/store';
import { detailOf, titleOf } from '../history/summary';
import { log, type Session } from '../session';

import { runNodeOf, type RunTreeNode } from './run-nodes';

function when(iso: string | undefined): string {
  return iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '';
}

export class RunsTree implements vscode.TreeDataProvider<RunTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<RunTreeNode | undefined | void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;
  /** Skipped files already logged, so a refresh does not repeat them. */
  private readonly told = new Set<string>();

  constructor(private readonly session: Session) {
    this.subscription = historyChanged.event(() => this.refresh());
  }

  refresh(): void {
    this.changed.fire();
  }

  getTreeItem(node: RunTreeNode): vscode.TreeItem {
    if (node.kind === 'skipped') {
      const item = new vscode.TreeItem(basename(node.skipped.file), vscode.TreeItemCollapsibleState.None);
      item.id = `skipped|${node.skipped.file}`;
      item.description = `skipped: ${node.skipped.problem}`;
      item.tooltip = `${node.skipped.file}\nskipped: ${node.skipped.problem}`;
      item.iconPath = new vscode.ThemeIcon('warning');
      item.contextValue = 'skippedRun';
      item.command = { command: 'vscode.open', title: 'Open File', arguments: [vscode.Uri.file(node.skipped.file)] };
      return item;
    }
    const s = node.entry.summary;
    const item = new vscode.TreeItem(titleOf(s), vscode.TreeItemCollapsibleState.None);
    item.id = `run|${node.entry.name}`;
    item.description = detailOf(s);
    item.tooltip = `${titleOf(s)}\n${detailOf(s)}${s.requests !== undefined ? ` of ${s.requests} requests` : ''}\nstarted ${when(s.startedAt)}\n${node.entry.file}`;
    const failed = s.status === 'failed';
    const partial = s.status === 'cancelled' || s.status === 'partial';
    item.iconPath = new vscode.ThemeIcon(failed ? 'error' : partial ? 'circle-slash' : s.kind === 'loadtest' ? 'pulse' : s.kind === 'simulation' ? 'beaker' : s.kind === 'comparison' ? 'split-horizontal' : 'dashboard');
    // `run.result`: a load test or a simulation, what Compare Two Runs takes.
    item.contextValue = node.entry.view === 'result' ? 'run.result' : 'run';
    item.command = { command: COMMAND.openRun, title: 'Open Run', arguments: [node] };
    return item;
  }

  async getChildren(node?: RunTreeNode): Promise<RunTreeNode[]> {
    if (node) return [];
    const { entries, skipped } = await listRuns(historyDir(this.session));
    for (const s of skipped) {
      if (this.told.has(s.file)) continue;
      this.told.add(s.file);
      log(this.session, `history: skipped ${s.file}: ${s.problem}`);
    }
    return [...entries.map(runNodeOf), ...skipped.map((s): RunTreeNode => ({ kind: 'skipped', skipped: s }))];
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
