/**
 * Where the CodeLenses of a `*.rpcpool.json` go, from the file's text alone (no `vscode`, no engine:
 * the provider runs in the activation bundle, on every edit). A file holds one pool, a JSON object,
 * so a valid file has one row of actions above its opening brace. A file that is not an object gets
 * one lens saying what is wrong, at the line and column where it goes wrong; the pool's own field
 * checks are the commands' (they report every problem with its path when the lens is clicked).
 */
import { jsonErrorOffset } from '../../pools/json-file';

export interface Spot {
  /** 0-based, as vscode.Position counts. */
  line: number;
  character: number;
}

export type PoolLens =
  | { kind: 'pool'; at: Spot; poolName: string }
  | { kind: 'broken'; at: Spot; problem: string };

export function spotOf(text: string, offset: number): Spot {
  let line = 0;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, character: offset - start };
}

/** The pool's name as poolFromFile names it: its `name`, else the file's stem. */
export function stemOf(file: string): string {
  return file.replace(/^.*[\\/]/, '').replace(/\.rpcpool\.json$/i, '');
}

export function poolLenses(text: string, file: string): PoolLens[] {
  const first = text.search(/\S/);
  if (first === -1) return [{ kind: 'broken', at: { line: 0, character: 0 }, problem: 'the file is empty: a pool file holds one pool, a JSON object' }];
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    const at = spotOf(text, Math.max(0, jsonErrorOffset(text)));
    return [{ kind: 'broken', at, problem: `not valid JSON at line ${at.line + 1}, column ${at.character + 1}` }];
  }
  const at = spotOf(text, first);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return [{ kind: 'broken', at, problem: `a pool file holds one pool, a JSON object, not ${Array.isArray(raw) ? 'a list' : typeof raw}` }];
  }
  const name = (raw as { name?: unknown }).name;
  return [{ kind: 'pool', at, poolName: typeof name === 'string' && name.trim() !== '' ? name : stemOf(file) }];
}
