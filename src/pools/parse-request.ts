/** Checks the request template of a pool (per transport) and its hash-key spec. */
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { loadSync } from '@grpc/proto-loader';
import { show } from '../engine/errors';
import { LIMITS } from './limits';
import { at, isObject, type Problems } from './problems';
import type {
  GrpcRequestTemplate,
  HttpRequestTemplate,
  JsonRpcRequestTemplate,
  KeySpace,
  KeySpec,
  RequestTemplate,
  TransportName,
} from './types';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
export const REQUEST_FIELDS: Record<TransportName, readonly string[]> = {
  http: ['method', 'path', 'headers', 'body'],
  jsonrpc: ['method', 'params', 'path', 'headers'],
  grpc: ['proto', 'service', 'method', 'message', 'metadata'],
};

function checkPath(p: Problems, v: unknown, path: string): string | undefined {
  if (typeof v === 'string' && v.startsWith('/') && !/\s/.test(v)) return v;
  p.add(path, `expected a path starting with "/", got ${show(v)}`);
  return undefined;
}

function checkHttp(p: Problems, obj: Record<string, unknown>, path: string): HttpRequestTemplate {
  const out: HttpRequestTemplate = {};
  if (obj.method !== undefined) out.method = p.oneOf(obj.method, at(path, 'method'), HTTP_METHODS);
  if (obj.path !== undefined) out.path = checkPath(p, obj.path, at(path, 'path'));
  if (obj.headers !== undefined) out.headers = p.stringMap(obj.headers, at(path, 'headers'));
  if (obj.body !== undefined) {
    if (out.method === 'GET' || out.method === 'HEAD') p.add(at(path, 'body'), `a ${out.method} request has no body`);
    out.body = obj.body;
  }
  return out;
}

function checkJsonRpc(p: Problems, obj: Record<string, unknown>, path: string): JsonRpcRequestTemplate {
  const out: JsonRpcRequestTemplate = { method: '' };
  if (obj.method === undefined) p.add(at(path, 'method'), 'required: the JSON-RPC method to call');
  else out.method = p.string(obj.method, at(path, 'method')) ?? '';
  if (obj.params !== undefined) {
    // JSON-RPC 2.0 §4.2: params is a structured value.
    if (typeof obj.params === 'object' && obj.params !== null) out.params = obj.params;
    else p.add(at(path, 'params'), `expected an array or an object, got ${show(obj.params)}`);
  }
  if (obj.path !== undefined) out.path = checkPath(p, obj.path, at(path, 'path'));
  if (obj.headers !== undefined) out.headers = p.stringMap(obj.headers, at(path, 'headers'));
  return out;
}

/** Resolves and loads the .proto so a wrong service or method is caught before anything is sent. */
function checkGrpc(p: Problems, obj: Record<string, unknown>, path: string, baseDir: string): GrpcRequestTemplate {
  const out: GrpcRequestTemplate = { proto: '', service: '', method: '' };
  for (const field of ['proto', 'service', 'method'] as const) {
    if (obj[field] === undefined) p.add(at(path, field), `required for grpc (proto, service and method)`);
    else out[field] = p.string(obj[field], at(path, field)) ?? '';
  }
  if (obj.message !== undefined && p.object(obj.message, at(path, 'message'))) out.message = obj.message as Record<string, unknown>;
  if (obj.metadata !== undefined) out.metadata = p.stringMap(obj.metadata, at(path, 'metadata'));
  if (!out.proto) return out;
  const file = isAbsolute(out.proto) ? out.proto : resolve(baseDir, out.proto);
  if (!existsSync(file) || !statSync(file).isFile()) {
    p.add(at(path, 'proto'), `no such file ${show(out.proto)} (looked for ${file})`);
    return out;
  }
  let definition: ReturnType<typeof loadSync>;
  try {
    definition = loadSync(file, { keepCase: true });
  } catch (e) {
    p.add(at(path, 'proto'), `cannot load ${show(out.proto)}: ${(e as Error).message}`);
    return out;
  }
  if (!out.service) return out;
  const services = Object.keys(definition).filter((name) => !('format' in definition[name]));
  const service = definition[out.service];
  if (!service || 'format' in service) {
    p.add(at(path, 'service'), `no service ${show(out.service)} in ${out.proto} (services: ${services.join(', ') || 'none'})`);
    return out;
  }
  if (out.method && !Object.prototype.hasOwnProperty.call(service, out.method)) {
    const methods = Object.keys(service);
    p.add(at(path, 'method'), `no method ${show(out.method)} in ${out.service} (methods: ${methods.join(', ')})`);
  } else if (out.method) {
    const m = (service as Record<string, { requestStream: boolean; responseStream: boolean }>)[out.method];
    if (m.requestStream || m.responseStream) p.add(at(path, 'method'), `${out.service}/${out.method} streams; only unary methods can be load-tested`);
  }
  return out;
}

/** The request template for `transport`. jsonrpc and grpc need one; http defaults to `GET /`. */
export function checkRequest(
  p: Problems,
  v: unknown,
  path: string,
  transport: TransportName,
  baseDir: string,
): RequestTemplate | undefined {
  if (v === undefined) {
    if (transport === 'jsonrpc') p.add(path, 'required for jsonrpc: { "method": ... }');
    if (transport === 'grpc') p.add(path, 'required for grpc: { "proto", "service", "method" }');
    return undefined;
  }
  const obj = p.object(v, path);
  if (!obj) return undefined;
  const before = p.count;
  p.fields(obj, path, REQUEST_FIELDS[transport]);
  const out =
    transport === 'http' ? checkHttp(p, obj, path)
    : transport === 'jsonrpc' ? checkJsonRpc(p, obj, path)
    : checkGrpc(p, obj, path, baseDir);
  return p.count === before ? out : undefined;
}

// `{seq}`, `{seq % 1000}`, `{random 1000}`: the placeholders a key template may hold.
const PLACEHOLDER = /^(seq(\s*%\s*[1-9]\d*)?|random\s+[1-9]\d*)$/;

/** A key template, `{ list }`, `{ field }` or a key space `{ space, skew }` (see KeySpec). */
export function checkKey(p: Problems, v: unknown, path: string): KeySpec | undefined {
  if (typeof v === 'string') {
    if (v === '') {
      p.add(path, 'expected a non-empty key template like "user-{seq % 1000}"');
      return undefined;
    }
    const before = p.count;
    for (const m of v.matchAll(/\{([^}]*)\}?/g)) {
      if (!m[0].endsWith('}')) p.add(path, `unclosed "{" in ${show(v)}`);
      else if (!PLACEHOLDER.test(m[1].trim())) {
        p.add(path, `unknown placeholder ${show(m[0])} (use {seq}, {seq % N} or {random N})`);
      }
    }
    return p.count === before ? v : undefined;
  }
  if (!isObject(v)) {
    p.add(path, `expected a template string, { "list": [...] }, { "field": "..." } or { "space": N }, got ${show(v)}`);
    return undefined;
  }
  if ('space' in v) return checkKeySpace(p, v, path);
  const keys = Object.keys(v);
  if (keys.length !== 1 || (keys[0] !== 'list' && keys[0] !== 'field')) {
    p.add(path, `expected exactly one of "list", "field" or "space", got ${show(v)}`);
    return undefined;
  }
  if (keys[0] === 'field') {
    const field = p.string(v.field, at(path, 'field'));
    return field === undefined ? undefined : { field };
  }
  if (!Array.isArray(v.list) || v.list.length === 0) {
    p.add(at(path, 'list'), `expected a non-empty array of strings, got ${show(v.list)}`);
    return undefined;
  }
  const before = p.count;
  v.list.forEach((k, i) => p.string(k, at(at(path, 'list'), i)));
  return p.count === before ? { list: v.list as string[] } : undefined;
}

/** `{ "space": 10000, "skew": { "zipf": 1 } }`: keys key-1 .. key-<space>, uniform or Zipf-skewed. */
function checkKeySpace(p: Problems, v: Record<string, unknown>, path: string): KeySpace | undefined {
  const before = p.count;
  p.fields(v, path, ['space', 'skew']);
  const space = p.number(v.space, at(path, 'space'), { min: 1, max: LIMITS.keySpace, integer: true });
  const skew = v.skew ?? 'uniform';
  let out: KeySpace | undefined;
  if (skew === 'uniform') out = { space: space ?? 1 };
  else if (isObject(skew) && Object.keys(skew).length === 1 && 'zipf' in skew) {
    const s = p.number(skew.zipf, at(at(path, 'skew'), 'zipf'), { min: 0, exclusiveMin: true, max: LIMITS.zipf });
    out = { space: space ?? 1, skew: { zipf: s ?? 1 } };
  } else p.add(at(path, 'skew'), `expected "uniform" or {"zipf": s}, got ${show(skew)}`);
  return p.count === before ? out : undefined;
}
