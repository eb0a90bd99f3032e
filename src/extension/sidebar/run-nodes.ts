/**
 * The Runs tree's nodes and which of them a command acts on (no `vscode` here). A node holds what
 * the tree shows, not the run: the file is the record, read again when the run is opened, so a
 * history of large results costs no memory while it is only listed.
 */
import type { HistoryEntry, SkippedFile } from '../history/store';
import type { RunSummary } from '../history/summary';

export interface RunRef {
  file: string;
  name: string;
  summary: RunSummary;
  /** `result` for a load test or a simulation (what Compare Two Runs takes), else `comparison` or `capacity`. */
  view: HistoryEntry['state']['view'];
}

export type RunTreeNode = { kind: 'run'; entry: RunRef } | { kind: 'skipped'; skipped: SkippedFile };
export type RunNode = Extract<RunTreeNode, { kind: 'run' }>;

export function runNodeOf(e: HistoryEntry): RunNode {
  return { kind: 'run', entry: { file: e.file, name: e.name, summary: e.summary, view: e.state.view } };
}

export function isRunNode(x: unknown): x is RunNode {
  return typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'run' && typeof (x as { entry?: { file?: unknown } }).entry?.file === 'string';
}

/**
 * The runs a context-menu command acts on, as VS Code passes them (the clicked node, then the
 * selection): the selection when the clicked node is in it, else the clicked node alone (a right
 * click outside the selection acts on what was clicked, as in the Explorer).
 */
export function runsOf(clicked: unknown, selected: unknown): RunNode[] {
  const list = Array.isArray(selected) ? selected.filter(isRunNode) : [];
  if (isRunNode(clicked) && !list.some((n) => n.entry.file === clicked.entry.file)) return [clicked];
  return list;
}
