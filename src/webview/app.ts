/**
 * Boots the view: from the JSON embedded in a report page, or from VS Code (saved state after a
 * reload, then `show` messages). Draws one view at a time and records how long it took in
 * `data-render-ms` on <body> (the browser tests read it).
 */
import type { Comparison, RunResult } from '../result/types';
import type { CapacityResult } from '../result/capacity';
import { isHostMessage, isPersistedState, showOf, stateOf, type PersistedState, type ProgressMessage, type RingView, type RunDiffView } from '../protocol/webview';
import { formatCount, formatMsSpaced, formatRate } from '../result/format';
import { renderCapacityView } from './views/capacity';
import { renderComparison } from './views/comparison';
import { LiveDashboard } from './live-dashboard';
import { renderResult, type ViewHooks } from './views/result';
import { renderRunDiff } from './views/run-diff';
import { mountRing } from './views/ring';
import { vscodeApi } from './vscode-api';

export const DATA_ELEMENT_ID = 'rpc-balancer-data';

export function boot(doc: Document = document): void {
  const root = doc.getElementById('rpc-balancer-root') ?? doc.body.appendChild(doc.createElement('main'));
  const embedded = doc.getElementById(DATA_ELEMENT_ID);
  if (embedded) {
    let state: PersistedState | undefined;
    try {
      state = stateOfPayload(JSON.parse(embedded.textContent ?? 'null'));
    } catch (e) {
      fail(root, `The embedded result is not valid JSON: ${(e as Error).message}`);
      return;
    }
    if (!state) fail(root, 'The embedded data is not a RunResult, a Comparison, a capacity result or a ring view.');
    else draw(root, state, {});
    return;
  }

  const vscode = vscodeApi();
  if (!vscode) {
    fail(root, 'Nothing to show: no embedded result and not inside VS Code.');
    return;
  }
  const hooks: ViewHooks = {
    onExport: () => vscode.postMessage({ type: 'export' }),
    onRingChanged: (m) => vscode.postMessage(m),
  };
  const live = new LiveDashboard(root, () => vscode.postMessage({ type: 'cancel' }));
  const saved = vscode.getState();
  if (isPersistedState(saved)) draw(root, saved, hooks);
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const m = event.data;
    if (!isHostMessage(m)) return;
    if (m.type === 'progress') {
      progress(root, m);
      return;
    }
    if (m.type === 'live') {
      live.update(m);
      return;
    }
    const state = stateOf(m);
    vscode.setState(state);
    // The final result replaces the dashboard in one task (no frame in between) where it was read.
    const keepScroll = live.showing ? window.scrollY : undefined;
    live.end();
    draw(root, state, hooks);
    if (keepScroll !== undefined) window.scrollTo(0, keepScroll);
  });
  vscode.postMessage({ type: 'ready' });
}

/** Which view an embedded payload is, by its shape. */
export function stateOfPayload(x: unknown): PersistedState | undefined {
  if (typeof x !== 'object' || x === null) return undefined;
  const o = x as Record<string, unknown>;
  if (o.kind === 'comparison' && Array.isArray(o.results)) return { view: 'comparison', payload: x as Comparison };
  if (o.kind === 'capacity' && Array.isArray(o.variants)) return { view: 'capacity', payload: x as CapacityResult };
  if ((o.kind === 'loadtest' || o.kind === 'simulation') && Array.isArray(o.endpoints)) return { view: 'result', payload: x as RunResult };
  if (o.kind === 'runDiff' && typeof o.a === 'object' && typeof o.b === 'object') {
    const { kind: _k, ...view } = o;
    return { view: 'runDiff', payload: view as unknown as RunDiffView };
  }
  if (typeof o.strategy === 'string' && Array.isArray(o.endpoints) && Array.isArray(o.sampleKeys)) return { view: 'ring', payload: x as RingView };
  return undefined;
}

function draw(root: HTMLElement, state: PersistedState, hooks: ViewHooks): void {
  const started = performance.now();
  root.replaceChildren();
  try {
    const m = showOf(state);
    if (m.view === 'result') renderResult(root, m.result, hooks);
    else if (m.view === 'comparison') renderComparison(root, m.comparison, hooks);
    else if (m.view === 'capacity') renderCapacityView(root, m.capacity, hooks);
    else if (m.view === 'runDiff') renderRunDiff(root, m.runDiff);
    else {
      const h1 = root.ownerDocument.createElement('h1');
      h1.textContent = `Hash ring: ${m.ring.strategy}`;
      root.appendChild(h1);
      mountRing(root, m.ring, hooks.onRingChanged);
    }
  } catch (e) {
    fail(root, `Could not draw this ${state.view}: ${(e as Error).message}`);
  }
  const body = root.ownerDocument.body;
  body.dataset.renderMs = (performance.now() - started).toFixed(1);
  body.dataset.view = state.view;
}

function progress(root: HTMLElement, m: ProgressMessage): void {
  let line = root.querySelector<HTMLElement>('.rb-progress');
  if (!line) {
    line = root.ownerDocument.createElement('p');
    line.className = 'rb-progress';
    root.prepend(line);
  }
  const parts = [m.message ?? 'running', `${formatCount(m.requests)} requests`];
  if (m.throughput !== undefined) parts.push(formatRate(m.throughput));
  if (m.p99 !== undefined) parts.push(`p99 ${formatMsSpaced(m.p99)}`);
  line.textContent = parts.join(', ');
}

function fail(root: HTMLElement, message: string): void {
  const p = root.ownerDocument.createElement('p');
  p.className = 'rb-error';
  p.textContent = message;
  root.appendChild(p);
}
