/**
 * Placeholders in key templates and request bodies: `{seq}` (the request's sequence number),
 * `{seq % N}` and `{random N}` (a seeded integer in 0..N-1). A template is compiled once into
 * literal parts and slots, so expanding it per request is a few string joins.
 */
import { ConfigError, show } from '../engine/errors';

const PLACEHOLDER = /\{\s*(seq(?:\s*%\s*(\d+))?|random\s+(\d+))\s*\}/g;

type Part = string | { kind: 'seq'; mod: number } | { kind: 'random'; n: number };

/** Expands one compiled template. */
export type Expand = (seq: number, random: () => number) => string;

export function hasPlaceholder(text: string): boolean {
  PLACEHOLDER.lastIndex = 0;
  return PLACEHOLDER.test(text);
}

/** Compiles `"user-{seq % 1000}"`; `where` names the field in errors. */
export function compileTemplate(text: string, where: string): Expand {
  const parts: Part[] = [];
  let last = 0;
  PLACEHOLDER.lastIndex = 0;
  for (let m = PLACEHOLDER.exec(text); m; m = PLACEHOLDER.exec(text)) {
    if (m.index > last) parts.push(text.slice(last, m.index));
    if (m[3] !== undefined) {
      const n = Number(m[3]);
      if (n < 1) throw new ConfigError(where, `{random N} needs N >= 1, got ${show(m[0])}`);
      parts.push({ kind: 'random', n });
    } else {
      const mod = m[2] === undefined ? 0 : Number(m[2]);
      if (m[2] !== undefined && mod < 1) throw new ConfigError(where, `{seq % N} needs N >= 1, got ${show(m[0])}`);
      parts.push({ kind: 'seq', mod });
    }
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  if (parts.every((p) => typeof p === 'string')) return () => text;
  return (seq, random) => {
    let out = '';
    for (const p of parts) {
      if (typeof p === 'string') out += p;
      else if (p.kind === 'seq') out += p.mod ? seq % p.mod : seq;
      else out += Math.floor(random() * p.n);
    }
    return out;
  };
}

/**
 * Compiles a request body (any JSON value) whose strings may hold placeholders. Returns
 * undefined when none does: the transport then sends its pre-serialised body every time.
 */
export function compilePayload(value: unknown, where: string): ((seq: number, random: () => number) => unknown) | undefined {
  if (typeof value === 'string') {
    if (!hasPlaceholder(value)) return undefined;
    const expand = compileTemplate(value, where);
    return expand;
  }
  if (Array.isArray(value)) {
    const items = value.map((v, i) => compilePayload(v, `${where}[${i}]`));
    if (items.every((f) => f === undefined)) return undefined;
    return (seq, random) => value.map((v, i) => (items[i] ? items[i](seq, random) : v));
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    const fields = entries.map(([k, v]) => compilePayload(v, `${where}.${k}`));
    if (fields.every((f) => f === undefined)) return undefined;
    return (seq, random) => {
      const out: Record<string, unknown> = {};
      entries.forEach(([k, v], i) => (out[k] = fields[i] ? fields[i](seq, random) : v));
      return out;
    };
  }
  return undefined;
}
