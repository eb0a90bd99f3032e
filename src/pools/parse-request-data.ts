/**
 * The shape of request data, `{ "file": "keys.csv", "order": "shuffle" }`: checked with the pool
 * (or run config) itself; the file is read, and its rows checked against the request's
 * placeholders and key, when a run is planned (run/request-data.ts), before anything is sent.
 */
import { isAbsolute, resolve } from 'node:path';
import { show } from '../engine/errors';
import { at, type Problems } from './problems';
import type { RequestDataSpec } from './types';

export const REQUEST_DATA_ORDERS = ['sequential', 'random', 'shuffle', 'circular'] as const;

/**
 * `circular`, not Gatling's `queue`: a run bounded by its duration would otherwise end early
 * whenever the file is shorter than the run, which nobody asked for; `sequential` says so.
 */
export const REQUEST_DATA_DEFAULTS = Object.freeze({ order: 'circular' as const });

/** `file` resolves against `baseDir` (the pool file's folder, the run's baseDir). */
export function checkRequestData(p: Problems, v: unknown, path: string, baseDir: string): RequestDataSpec | undefined {
  const obj = p.object(v, path);
  if (!obj) return undefined;
  const before = p.count;
  p.fields(obj, path, ['file', 'order']);
  const file = p.string(obj.file, at(path, 'file'));
  if (file !== undefined && !/\.(csv|jsonl|ndjson)$/i.test(file)) {
    p.add(at(path, 'file'), `expected a .csv (with a header row) or .jsonl file, got ${show(file)}`);
  }
  const order = obj.order === undefined ? undefined : p.oneOf(obj.order, at(path, 'order'), REQUEST_DATA_ORDERS);
  if (p.count !== before || file === undefined) return undefined;
  return { file: isAbsolute(file) ? file : resolve(baseDir, file), ...(order !== undefined ? { order } : {}) };
}
