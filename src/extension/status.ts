/** The status bar item that shows a load test while it runs. */
import * as vscode from 'vscode';
import type { RunProgress } from '../loadtest/types';
import { formatCount, formatMsSpaced } from '../result/format';

export class RunStatusItem {
  private readonly item: vscode.StatusBarItem;

  constructor(private readonly label: string) {
    this.item = vscode.window.createStatusBarItem('rpcBalancer.run', vscode.StatusBarAlignment.Left, 100);
    this.item.name = 'RPC Balancer load test';
    this.item.text = `$(sync~spin) RPC Balancer: ${label}`;
    this.item.tooltip = `Load test ${label} is running; cancel it from its notification.`;
    this.item.show();
  }

  update(p: RunProgress): void {
    this.item.text = `$(sync~spin) RPC Balancer: ${this.label}, ${formatCount(p.requests)} req, p99 ${formatMsSpaced(p.p99)}`;
  }

  dispose(): void {
    this.item.dispose();
  }
}
