/**
 * A tree provider that makes the real one on the view's first request: registering the views at
 * activation then costs nothing, and the commands' bundle (engine, pool parsing, the history's
 * validator) loads only when a view is opened. Imports `vscode` alone, so it stays in extension.js.
 */
import * as vscode from 'vscode';

export class LazyTree<T> implements vscode.TreeDataProvider<T> {
  private readonly changed = new vscode.EventEmitter<T | T[] | undefined | null | void>();
  readonly onDidChangeTreeData = this.changed.event;
  private inner: vscode.TreeDataProvider<T> | undefined;

  constructor(private readonly make: () => vscode.TreeDataProvider<T>) {}

  private real(): vscode.TreeDataProvider<T> {
    if (!this.inner) {
      this.inner = this.make();
      this.inner.onDidChangeTreeData?.((e) => this.changed.fire(e));
    }
    return this.inner;
  }

  /** Before the first request nothing is drawn, so there is nothing to redraw. */
  refresh(): void {
    if (this.inner) this.changed.fire();
  }

  getTreeItem(element: T): vscode.TreeItem | Thenable<vscode.TreeItem> {
    return this.real().getTreeItem(element);
  }

  getChildren(element?: T): vscode.ProviderResult<T[]> {
    return this.real().getChildren(element);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
