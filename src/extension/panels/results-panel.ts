/**
 * The results and hash ring panels: WebviewPanels hosting media/webview.js under a strict CSP
 * (nonce from node:crypto, assets only from media/ through asWebviewUri). The webview persists
 * what it shows with setState, so the serializer brings a panel back after a reload.
 */
import * as vscode from 'vscode';
import { newNonce, renderWebviewHtml } from '../../report/page';
import { isCancelMessage, isExportMessage, isReadyMessage, isRingChangedMessage, showOf, type LiveMessage, type PersistedState, type ProgressMessage } from '../../protocol/webview';
import type { CapacityResult } from '../../result/capacity';
import { recordShown } from '../history/record';
import { COMMAND, VIEW_TYPE } from '../ids';
import { logText } from '../log-text';
import { log, type Session } from '../session';
import { checkRestoredState, describeProblems } from './restore-check';
import type { PanelSource } from './sources';

/** `diff`: Compare Two Runs, beside the results rather than over them. */
export type PanelRole = 'results' | 'ring' | 'diff';

export class ResultsPanel {
  private ready = false;
  state: PersistedState | undefined;
  source: PanelSource | undefined;
  /** Set while the run drawn live here can be cancelled: the dashboard's Cancel button calls it. */
  cancelRun: (() => void) | undefined;
  /** Live updates posted before the webview listened; each carries only what changed, so none is dropped. */
  private pendingLive: LiveMessage[] = [];

  constructor(
    readonly role: PanelRole,
    readonly panel: vscode.WebviewPanel,
    session: Session,
    onDispose: () => void,
  ) {
    const media = vscode.Uri.joinPath(session.context.extensionUri, 'media');
    panel.webview.options = { enableScripts: true, localResourceRoots: [media] };
    panel.webview.html = renderWebviewHtml({
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(media, 'webview.js')).toString(),
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(media, 'webview.css')).toString(),
      nonce: newNonce(),
      cspSource: panel.webview.cspSource,
      title: panel.title,
    });
    panel.webview.onDidReceiveMessage((m: unknown) => {
      if (isReadyMessage(m)) {
        this.ready = true;
        if (this.state) void panel.webview.postMessage(showOf(this.state));
        else for (const m of this.pendingLive) void panel.webview.postMessage(m);
        this.pendingLive = [];
      } else if (isExportMessage(m)) {
        void vscode.commands.executeCommand(COMMAND.exportResults, this.state);
      } else if (isCancelMessage(m)) {
        this.cancelRun?.();
      } else if (isRingChangedMessage(m)) {
        const what = m.removed !== undefined ? `removed ${logText(m.removed)}` : `added ${logText(m.added ?? '')}`;
        log(session, `ring: ${what}, ${Number(m.moved)} sample keys moved`);
      }
    });
    panel.onDidDispose(onDispose);
  }

  show(state: PersistedState, title?: string, source?: PanelSource): void {
    this.state = state;
    this.source = source;
    this.pendingLive = [];
    if (title) this.panel.title = title;
    if (this.ready) void this.panel.webview.postMessage(showOf(state));
  }

  progress(m: ProgressMessage): void {
    if (this.ready) void this.panel.webview.postMessage(m);
  }

  /** A run in progress for the live dashboard (live-feed.ts). */
  live(m: LiveMessage): void {
    if (this.ready) void this.panel.webview.postMessage(m);
    else this.pendingLive.push(m);
  }
}

const panels = new Map<PanelRole, ResultsPanel>();
/** The panel shown last, what Export takes when no state is handed to it. */
let lastShown: ResultsPanel | undefined;

function roleOf(state: PersistedState | undefined): PanelRole {
  return state?.view === 'ring' ? 'ring' : state?.view === 'runDiff' ? 'diff' : 'results';
}

function adopt(session: Session, role: PanelRole, panel: vscode.WebviewPanel): ResultsPanel {
  const p = new ResultsPanel(role, panel, session, () => {
    if (panels.get(role) === p) panels.delete(role);
    if (lastShown === p) lastShown = undefined;
  });
  panels.set(role, p);
  return p;
}

/** The panel of a role, created beside the editor when missing. */
export function panelFor(session: Session, role: PanelRole, title: string): ResultsPanel {
  const existing = panels.get(role);
  if (existing) {
    existing.panel.reveal(undefined, true);
    return existing;
  }
  const panel = vscode.window.createWebviewPanel(VIEW_TYPE, title, { viewColumn: vscode.ViewColumn.Active, preserveFocus: false }, {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(session.context.extensionUri, 'media')],
  });
  return adopt(session, role, panel);
}

/**
 * Shows `state` in the panel of its kind; without a state, opens the results panel for a run's
 * progress. A run shown here is a run the extension did, so it is recorded in the history; what
 * was opened from a file or from the history passes `record: false`.
 */
export function showInPanel(session: Session, state: PersistedState | undefined, title: string, source?: PanelSource, opts: { record?: boolean } = {}): ResultsPanel {
  const p = panelFor(session, roleOf(state), title);
  if (state) {
    p.show(state, title, source);
    lastShown = p;
    if (opts.record !== false) void recordShown(session, state);
  }
  return p;
}

/** A capacity search's answer (`findCapacity`) in the results panel: the curves, the SLO, the ranking. */
export function showCapacityPanel(session: Session, result: CapacityResult, source?: PanelSource): ResultsPanel {
  const mode = result.mode === 'simulation' ? 'simulated' : 'live';
  return showInPanel(session, { view: 'capacity', payload: result }, `RPC Balancer: capacity at ${result.slo} (${mode})`, source);
}

/**
 * The WebviewPanelSerializer's half: the webview redraws from its own saved state; we keep it for
 * Export. A state that fails the check is not drawn: the panel is closed and the output says why.
 */
export function restorePanel(session: Session, panel: vscode.WebviewPanel, state: unknown): void {
  if (state === undefined || state === null) {
    // Closed before anything was shown (a run's progress only): nothing to bring back.
    panel.dispose();
    return;
  }
  const checked = checkRestoredState(state);
  if (!checked.ok) {
    log(session, `panel "${logText(panel.title)}" not restored: its saved state is not valid: ${describeProblems(checked.problems)}`);
    panel.dispose();
    return;
  }
  const saved = checked.state;
  const role = roleOf(saved);
  panels.get(role)?.panel.dispose();
  const p = adopt(session, role, panel);
  p.state = saved;
  lastShown = p;
}

/** What Export writes: the active panel's result, else the last result shown (a ring has none). */
export function exportableState(): PersistedState | undefined {
  const candidates = [[...panels.values()].find((p) => p.panel.active), lastShown, panels.get('results')];
  return candidates.find((p) => p?.state && p.state.view !== 'ring' && p.state.view !== 'runDiff')?.state;
}

export function openPanels(): ResultsPanel[] {
  return [...panels.values()];
}
