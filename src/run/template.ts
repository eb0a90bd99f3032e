/**
 * Placeholders in key templates and request bodies: `{seq}` (the request's sequence number),
 * `{seq % N}` and `{random N}` (a seeded integer in 0..N-1). A template is compiled once into
 * literal parts and slots, so expanding it per request is a few string joins.
 */
import { ConfigError, show } from '../engine/errors';
import { shardLocal, shardSize, shardValue, type Shard } from './shard';

const PLACEHOLDER = /\{\s*(seq(?:\s*%\s*(\d+))?|random\s+(\d+))\s*\}/g;

type Part = string | { kind: 'seq'; mod: number } | { kind: 'random'; n: number };

/** Expands one compiled template. */
export type Expand = (seq: number, random: () => number) => string;

export function hasPlaceholder(text: string): boolean {
  PLACEHOLDER.lastIndex = 0;
  return PLACEHOLDER.test(text);
}

/**
 * Compiles `"user-{seq % 1000}"`; `where` names the field in errors. In a shard, `{seq % N}` and
 * `{random N}` take only the shard's values (shard.ts), so shards send disjoint values.
 */
export function compileTemplate(text: string, where: string, shard?: Shard): Expand {
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
    const size = m[3] !== undefined ? Number(m[3]) : m[2] !== undefined ? Number(m[2]) : Infinity;
    if (shard && shard.count > 1 && size < shard.count) {
      throw new ConfigError(where, `${m[0]} has ${size} values, fewer than the ${shard.count} shards: each shard needs values of its own`);
    }
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  if (parts.every((p) => typeof p === 'string')) return () => text;
  if (shard && shard.count > 1) return expandShard(parts, shard);
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

function expandShard(parts: Part[], shard: Shard): Expand {
  return (seq, random) => {
    let out = '';
    for (const p of parts) {
      if (typeof p === 'string') out += p;
      else if (p.kind === 'seq') out += p.mod ? shardValue(shardLocal(seq, shard), p.mod, shard) : seq;
      else out += shardValue(Math.floor(random() * shardSize(p.n, shard)), p.n, shard);
    }
    return out;
  };
}

/**
 * Compiles a request body (any JSON value) whose strings may hold placeholders. Returns
 * undefined when none does: the transport then sends its pre-serialised body every time.
 */
export function compilePayload(value: unknown, where: string, shard?: Shard): ((seq: number, random: () => number) => unknown) | undefined {
  if (typeof value === 'string') {
    if (!hasPlaceholder(value)) return undefined;
    const expand = compileTemplate(value, where, shard);
    return expand;
  }
  if (Array.isArray(value)) {
    const items = value.map((v, i) => compilePayload(v, `${where}[${i}]`, shard));
    if (items.every((f) => f === undefined)) return undefined;
    return (seq, random) => value.map((v, i) => (items[i] ? items[i](seq, random) : v));
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    const fields = entries.map(([k, v]) => compilePayload(v, `${where}.${k}`, shard));
    if (fields.every((f) => f === undefined)) return undefined;
    return (seq, random) => {
      const out: Record<string, unknown> = {};
      entries.forEach(([k, v], i) => (out[k] = fields[i] ? fields[i](seq, random) : v));
      return out;
    };
  }
  return undefined;
}
