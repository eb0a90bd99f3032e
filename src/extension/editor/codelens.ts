/**
 * CodeLenses on `*.rpcpool.json`, as REST Client's "Send Request": Run Load Test · Simulate ·
 * Compare · Show Ring above the pool, each running on that pool without asking which. Part of the
 * activation bundle, so it reads the text only (pool-lenses.ts); the commands load the engine.
 */
import * as vscode from 'vscode';
import { COMMAND } from '../ids';
import type { PoolTarget } from '../pool-arg';
import { poolLenses } from './pool-lenses';

export const POOL_FILE_SELECTOR: vscode.DocumentSelector = { pattern: '**/*.rpcpool.json' };

const ACTIONS: readonly [string, string][] = [
  ['$(play) Run Load Test', COMMAND.runLoadTest],
  ['$(beaker) Simulate', COMMAND.simulatePool],
  ['$(split-horizontal) Compare', COMMAND.compareStrategies],
  ['$(circle-large-outline) Show Ring', COMMAND.showHashRing],
];

export class PoolCodeLensProvider implements vscode.CodeLensProvider {
  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    // The pool's `location` is the file's path: what findPoolRef matches `source` against.
    const source = doc.uri.scheme === 'file' ? doc.uri.fsPath : undefined;
    return poolLenses(doc.getText(), doc.uri.path).flatMap((lens) => {
      const range = new vscode.Range(lens.at.line, lens.at.character, lens.at.line, lens.at.character);
      if (lens.kind === 'broken') return [new vscode.CodeLens(range, { title: `$(error) RPC Balancer: ${lens.problem}`, command: '' })];
      const target: PoolTarget = source ? { poolName: lens.poolName, source } : { poolName: lens.poolName };
      return ACTIONS.map(([title, command]) => new vscode.CodeLens(range, { title, command, arguments: [target], tooltip: `${title.replace(/^\$\([^)]*\) /, '')} on pool "${lens.poolName}"` }));
    });
  }
}
