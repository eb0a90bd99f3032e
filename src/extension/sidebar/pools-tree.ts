/**
 * The Pools view: every pool from settings and `*.rpcpool.json` files (and the demo pool while the
 * demo servers run), endpoints as children. A discovered pool's members are asked of its source
 * when its node opens and again every `discoveryRefreshMs` while it stays open; in restricted mode a
 * workspace pool's source is not asked (trust.ts), and the node says so.
 */
import * as vscode from 'vscode';
import { describePoolMembers } from '../../pools/discovery';
import { COMMAND } from '../ids';
import { gatherPools } from '../pool-sources';
import { log, type Session } from '../session';
import { discoveryDecision } from '../trust';
import { POOLS_TREE_DEFAULTS, problemNodes, staticMembers, textOf, type PoolTreeNode } from './pool-nodes';

export class PoolsTree implements vscode.TreeDataProvider<PoolTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<PoolTreeNode | undefined | void>();
  readonly onDidChangeTreeData = this.changed.event;
  /** Open discovered pools, asked again on each tick. */
  private readonly discovered = new Set<PoolTreeNode>();
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly session: Session) {}

  refresh(): void {
    this.discovered.clear();
    this.changed.fire();
  }

  getTreeItem(node: PoolTreeNode): vscode.TreeItem {
    const t = textOf(node);
    const open = node.kind === 'pool' ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None;
    const item = new vscode.TreeItem(t.label, open);
    item.id = t.id;
    item.description = t.description;
    item.tooltip = t.tooltip;
    if (node.kind === 'pool') {
      const bad = node.entry.problems !== undefined;
      item.contextValue = bad ? 'badPool' : node.entry.origin === 'demo' ? 'demoPool' : 'pool';
      item.iconPath = new vscode.ThemeIcon(bad ? 'error' : node.entry.pool?.discovery ? 'globe' : 'server-environment', bad ? new vscode.ThemeColor('errorForeground') : undefined);
      // A broken pool's fix-it: open where it is written.
      if (bad) item.command = { command: COMMAND.openPoolDefinition, title: 'Open Definition', arguments: [node] };
    } else if (node.kind === 'endpoint') {
      item.contextValue = 'endpoint';
      item.iconPath = new vscode.ThemeIcon(node.member.source === 'static' ? 'circle-small-filled' : 'radio-tower');
    } else if (node.kind === 'problem') {
      item.contextValue = 'poolProblem';
      item.iconPath = new vscode.ThemeIcon('warning');
      item.command = { command: COMMAND.openPoolDefinition, title: 'Open Definition', arguments: [node] };
    } else {
      item.iconPath = new vscode.ThemeIcon('info');
    }
    return item;
  }

  async getChildren(node?: PoolTreeNode): Promise<PoolTreeNode[]> {
    if (!node) {
      this.discovered.clear();
      // Empty: VS Code shows the welcome view (Start Demo Servers, Create Pool File, Walkthrough).
      return (await gatherPools(this.session)).map((entry) => ({ kind: 'pool', entry }));
    }
    if (node.kind !== 'pool') return [];
    const entry = node.entry;
    if (entry.problems) return problemNodes(entry);
    const pool = entry.pool!;
    if (!pool.discovery) return staticMembers(entry).map((member) => ({ kind: 'endpoint', pool: entry, member }));
    const decision = discoveryDecision(entry, vscode.workspace.isTrusted);
    const fixed = staticMembers(entry).map((member): PoolTreeNode => ({ kind: 'endpoint', pool: entry, member }));
    if (!decision.allowed) return [...fixed, { kind: 'note', pool: entry, text: `${pool.discovery.type} not asked: workspace not trusted`, tooltip: decision.reason }];
    try {
      const members = await describePoolMembers(pool);
      this.watch(node);
      const found = members.map((member): PoolTreeNode => ({ kind: 'endpoint', pool: entry, member }));
      return found.length ? found : [{ kind: 'note', pool: entry, text: `${pool.discovery.type} answered no members` }];
    } catch (e) {
      log(this.session, `pools view: ${pool.discovery.type} discovery of ${pool.name} failed: ${(e as Error).message}`);
      this.watch(node);
      return [...fixed, { kind: 'note', pool: entry, text: `${pool.discovery.type} discovery failed`, tooltip: (e as Error).message }];
    }
  }

  private watch(node: PoolTreeNode): void {
    this.discovered.add(node);
    this.timer ??= setInterval(() => {
      for (const n of this.discovered) this.changed.fire(n);
    }, POOLS_TREE_DEFAULTS.discoveryRefreshMs);
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.changed.dispose();
  }
}
