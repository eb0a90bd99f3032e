/**
 * Hash keys for the hash strategies, from the run's KeySpec: a template (`"user-{seq % 1000}"`),
 * a seeded random pick from a list, or a field of the request (`"params.0"`, `"body.user"`,
 * `"message.id"`), read after the request's own placeholders are expanded.
 */
import { ConfigError, show } from '../engine/errors';
import type { KeySpec } from '../pools/types';
import { compileTemplate } from './template';

/** `request` is the request template with this request's payload expanded in place. */
export type KeyOf = (seq: number, random: () => number, request: unknown) => string | undefined;

export function compileKey(spec: KeySpec | undefined): KeyOf | undefined {
  if (spec === undefined) return undefined;
  if (typeof spec === 'string') {
    const expand = compileTemplate(spec, 'key');
    return (seq, random) => expand(seq, random);
  }
  if (spec !== null && typeof spec === 'object' && 'list' in spec) {
    const list = spec.list;
    if (!Array.isArray(list) || list.length === 0 || !list.every((k) => typeof k === 'string')) {
      throw new ConfigError('key.list', `expected a non-empty array of strings, got ${show(list)}`);
    }
    return (_seq, random) => list[Math.floor(random() * list.length)];
  }
  if (spec !== null && typeof spec === 'object' && 'field' in spec) {
    if (typeof spec.field !== 'string' || spec.field === '') {
      throw new ConfigError('key.field', `expected a path like "params.0", got ${show(spec.field)}`);
    }
    const path = spec.field.split('.');
    return (_seq, _random, request) => {
      let node: unknown = request;
      for (const step of path) {
        if (node === null || typeof node !== 'object') return undefined;
        node = (node as Record<string, unknown>)[step];
      }
      return node === undefined || node === null ? undefined : typeof node === 'string' ? node : JSON.stringify(node);
    };
  }
  throw new ConfigError('key', `expected a template string, {"list": [...]} or {"field": "params.0"}, got ${show(spec)}`);
}
