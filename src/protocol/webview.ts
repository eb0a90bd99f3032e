/**
 * Messages between the extension host and the results webview (GitLens style: one type-only
 * module both sides import; each message a plain descriptor with a type guard).
 *
 * It lives outside src/webview and src/extension so both may import it; it imports only types
 * (the guards below are its only code), so neither side pulls the other's code into its bundle.
 */
import type { Comparison, RunResult } from '../result/types';
import type { CapacityResult } from '../result/capacity';
import type { LiveProgress, RecorderProgress } from '../result/live-progress';

/** What the hash ring panel needs to rebuild a balancer with the engine's own code. */
export interface RingView {
  /** A hash strategy name: consistent-hash, bounded-load-hash, maglev or rendezvous. */
  strategy: string;
  /** Options the balancer is built with (pointsPerWeight, tableSize, ...). */
  options: Record<string, unknown>;
  endpoints: { id: string; address: string; weight: number }[];
  /** Keys to show landing on the ring and to count what moves. */
  sampleKeys: string[];
}

/** Two runs to put side by side (Compare Two Runs): `a` the reference, `b` the run judged against it. */
export interface RunDiffView {
  a: RunResult;
  b: RunResult;
  /** What each run is called in the panel (the history's names for them). */
  labels: { a: string; b: string };
}

export type ViewName = 'result' | 'comparison' | 'ring' | 'capacity' | 'runDiff';

/** The payload of each view, by name. */
export interface ViewPayloads {
  result: RunResult;
  comparison: Comparison;
  ring: RingView;
  capacity: CapacityResult;
  runDiff: RunDiffView;
}

// ---- host -> webview ----

export type ShowMessage =
  | { type: 'show'; view: 'result'; result: RunResult }
  | { type: 'show'; view: 'comparison'; comparison: Comparison }
  | { type: 'show'; view: 'ring'; ring: RingView }
  | { type: 'show'; view: 'capacity'; capacity: CapacityResult }
  | { type: 'show'; view: 'runDiff'; runDiff: RunDiffView };

/** Optional: a run in progress (the panel shows a line; the final `show` replaces it). */
export interface ProgressMessage {
  type: 'progress';
  /** Requests done so far. */
  requests: number;
  /** Current throughput, requests per second. */
  throughput?: number;
  /** Current p99, ms. */
  p99?: number;
  /** ms since the run started. */
  elapsedMs?: number;
  /** Free text, e.g. `running round-robin on demo`. */
  message?: string;
}

/**
 * A run in progress for the live dashboard, about every 250 ms: the running totals and what changed
 * since the previous message (`live`). The final `show` replaces the dashboard.
 */
/** A run's progress tick as the runner gives it (without its in-flight count), for the live dashboard. */
export interface LiveMessage extends Omit<RecorderProgress, 'inFlight' | 'live'> {
  type: 'live';
  /** Which run: a new value starts a new dashboard (a comparison's next strategy). */
  run: string;
  /** What is running: `round-robin on demo`, `2 of 4: p2c-peak-ewma on demo`. */
  label: string;
  /** Expected total ms when bounded by duration. */
  totalMs?: number;
  /** The panel then shows a Cancel button that posts `cancel`. */
  cancellable: boolean;
  live: LiveProgress;
}

export type HostMessage = ShowMessage | ProgressMessage | LiveMessage;

// ---- webview -> host ----

/** Sent once the webview's script has loaded and listens; the host then posts `show`. */
export interface ReadyMessage {
  type: 'ready';
}

/** The user clicked Export; the host opens its save dialog for the shown result. */
export interface ExportMessage {
  type: 'export';
}

/** The user removed or added an endpoint on the ring; `moved` sample keys changed owner. */
export interface RingChangedMessage {
  type: 'ringChanged';
  removed?: string;
  added?: string;
  moved: number;
}

/** The user clicked Cancel on the live dashboard: the host cancels the run as its notification would. */
export interface CancelMessage {
  type: 'cancel';
}

export type WebviewMessage = ReadyMessage | ExportMessage | RingChangedMessage | CancelMessage;

// ---- persisted state (vscode.getState/setState and the panel serializer) ----

export type PersistedState =
  | { view: 'result'; payload: RunResult }
  | { view: 'comparison'; payload: Comparison }
  | { view: 'ring'; payload: RingView }
  | { view: 'capacity'; payload: CapacityResult }
  | { view: 'runDiff'; payload: RunDiffView };

// ---- type guards ----

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null;
}

export function isShowMessage(m: unknown): m is ShowMessage {
  if (!isObject(m) || m.type !== 'show') return false;
  switch (m.view) {
    case 'result':
      return isObject(m.result);
    case 'comparison':
      return isObject(m.comparison);
    case 'ring':
      return isObject(m.ring);
    case 'capacity':
      return isObject(m.capacity);
    case 'runDiff':
      return isObject(m.runDiff);
    default:
      return false;
  }
}

export function isProgressMessage(m: unknown): m is ProgressMessage {
  return isObject(m) && m.type === 'progress' && typeof m.requests === 'number';
}

export function isLiveMessage(m: unknown): m is LiveMessage {
  if (!isObject(m) || m.type !== 'live' || typeof m.run !== 'string' || typeof m.requests !== 'number' || !isObject(m.live)) return false;
  const l = m.live;
  return typeof l.intervalMs === 'number' && Array.isArray(l.endpoints) && Array.isArray(l.intervals) && Array.isArray(l.events);
}

export function isHostMessage(m: unknown): m is HostMessage {
  return isShowMessage(m) || isProgressMessage(m) || isLiveMessage(m);
}

export function isReadyMessage(m: unknown): m is ReadyMessage {
  return isObject(m) && m.type === 'ready';
}

export function isExportMessage(m: unknown): m is ExportMessage {
  return isObject(m) && m.type === 'export';
}

export function isRingChangedMessage(m: unknown): m is RingChangedMessage {
  return (
    isObject(m) &&
    m.type === 'ringChanged' &&
    typeof m.moved === 'number' &&
    (m.removed === undefined || typeof m.removed === 'string') &&
    (m.added === undefined || typeof m.added === 'string')
  );
}

export function isCancelMessage(m: unknown): m is CancelMessage {
  return isObject(m) && m.type === 'cancel';
}

export function isWebviewMessage(m: unknown): m is WebviewMessage {
  return isReadyMessage(m) || isExportMessage(m) || isRingChangedMessage(m) || isCancelMessage(m);
}

export function isPersistedState(s: unknown): s is PersistedState {
  return isObject(s) && (s.view === 'result' || s.view === 'comparison' || s.view === 'ring' || s.view === 'capacity' || s.view === 'runDiff') && isObject(s.payload);
}

/** The state to persist for a `show` message (what the serializer restores after a reload). */
export function stateOf(m: ShowMessage): PersistedState {
  switch (m.view) {
    case 'result':
      return { view: 'result', payload: m.result };
    case 'comparison':
      return { view: 'comparison', payload: m.comparison };
    case 'ring':
      return { view: 'ring', payload: m.ring };
    case 'capacity':
      return { view: 'capacity', payload: m.capacity };
    case 'runDiff':
      return { view: 'runDiff', payload: m.runDiff };
  }
}

/** The `show` message that redraws a persisted state. */
export function showOf(s: PersistedState): ShowMessage {
  switch (s.view) {
    case 'result':
      return { type: 'show', view: 'result', result: s.payload };
    case 'comparison':
      return { type: 'show', view: 'comparison', comparison: s.payload };
    case 'ring':
      return { type: 'show', view: 'ring', ring: s.payload };
    case 'capacity':
      return { type: 'show', view: 'capacity', capacity: s.payload };
    case 'runDiff':
      return { type: 'show', view: 'runDiff', runDiff: s.payload };
  }
}
