/** Fills a TestController with the pools' thresholds (pool-tests.ts), and finds a pool item's entry again. */
import * as vscode from 'vscode';
import { gatherPools } from '../pool-sources';
import type { Session } from '../session';
import type { PoolEntry } from '../settings';
import type { Spot } from './pool-lenses';
import { poolNodes, type PoolNode } from './pool-tests';

/** What each pool item stands for: the runner finds the pool by it when the item runs. */
const NODES = new WeakMap<vscode.TestItem, PoolNode>();

export function nodeOf(item: vscode.TestItem): PoolNode | undefined {
  return NODES.get(item);
}

function rangeAt(at: Spot | undefined): vscode.Range | undefined {
  return at && new vscode.Range(at.line, at.character, at.line, at.character);
}

async function fileTexts(entries: readonly PoolEntry[]): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  for (const e of entries) {
    if (e.origin !== 'file' || !e.pool?.thresholds?.length) continue;
    texts.set(e.location, new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(e.location))));
  }
  return texts;
}

/** Replaces the tree with the pools as they are now (after an edit, a settings change, the demo starting). */
export async function refreshPoolTests(session: Session, controller: vscode.TestController): Promise<void> {
  const entries = await gatherPools(session);
  const nodes = poolNodes(entries, await fileTexts(entries));
  controller.items.replace(
    nodes.map((node) => {
      const uri = node.origin === 'file' ? vscode.Uri.file(node.source) : undefined;
      const item = controller.createTestItem(node.id, node.poolName, uri);
      item.description = node.origin === 'file' ? node.source.replace(/^.*[\\/]/, '') : node.source;
      item.range = rangeAt(node.at);
      item.children.replace(
        node.thresholds.map((t) => {
          const child = controller.createTestItem(t.id, t.text, uri);
          child.range = rangeAt(t.at);
          return child;
        }),
      );
      NODES.set(item, node);
      return item;
    }),
  );
}
