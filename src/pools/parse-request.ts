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

/**
 * How deep a body, params or message may nest. Far beyond any real request; what is deeper
 * (a 100,000-deep body) would overflow the stack of every recursive walk after parsing.
 */
export const MAX_NESTING = 64;

/** One allowed character each: RFC 9110 §5.6.2 tokens for header names; visible ASCII, space and tab for values (CR/LF would split the request). */
const TOKEN_CHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/;
const HEADER_VALUE_CHAR = /[\t\x20-\x7e]/;
/** gRPC metadata keys (grpc-js lowercases them first) and the values of keys without `-bin`. */
const GRPC_KEY_CHAR = /[0-9a-z_.-]/;
const GRPC_VALUE_CHAR = /[\x20-\x7e]/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
/** Headers the transports manage (framing, connection reuse) or undici refuses outright. */
const MANAGED_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'upgrade', 'expect']);

/**
 * The first character of `text` not in `allowed`, for a message (never the whole text: a header
 * value may be a secret); undefined when every one is allowed.
 */
function badCharacter(text: string, allowed: RegExp, emptyOk = true): string | undefined {
  if (text === '' && !emptyOk) return 'nothing (it is empty)';
  for (let i = 0; i < text.length; i++) {
    if (!allowed.test(text[i])) return `${JSON.stringify(text[i])} at offset ${i}`;
  }
  return undefined;
}

/** A map of strings whose every entry `problemOf` accepts; each problem at the entry's path. */
function checkEntries(p: Problems, v: unknown, path: string, problemOf: (name: string, value: string) => string | undefined): Record<string, string> | undefined {
  const map = p.stringMap(v, path);
  if (!map) return undefined;
  const before = p.count;
  for (const [name, value] of Object.entries(map)) {
    const problem = problemOf(name, value);
    if (problem) p.add(at(path, name), problem);
  }
  return p.count === before ? map : undefined;
}

function headerProblem(name: string, value: string): string | undefined {
  const inName = badCharacter(name, TOKEN_CHAR, false);
  if (inName) return `a header name is a token (letters, digits and !#$%&'*+-.^_\`|~), found ${inName}`;
  if (MANAGED_HEADERS.has(name.toLowerCase())) return 'set by the transport itself; leave it out';
  const inValue = badCharacter(value, HEADER_VALUE_CHAR);
  if (inValue) return `a header value is visible ASCII, spaces and tabs (no CR, LF, other controls or non-ASCII), found ${inValue}`;
  return undefined;
}

function metadataProblem(key: string, value: string): string | undefined {
  const lower = key.toLowerCase();
  const inKey = badCharacter(lower, GRPC_KEY_CHAR, false);
  if (inKey) return `a gRPC metadata key is lowercase letters, digits and - _ . (a -bin suffix for binary), found ${inKey}`;
  if (lower.startsWith('grpc-')) return 'keys starting with "grpc-" are reserved for gRPC itself';
  if (lower.endsWith('-bin')) return BASE64.test(value) ? undefined : 'a -bin key\'s value is base64 (the bytes to send)';
  const inValue = badCharacter(value, GRPC_VALUE_CHAR);
  return inValue ? `a gRPC metadata value is printable ASCII, found ${inValue}` : undefined;
}

/**
 * Records a problem when `v` nests deeper than MAX_NESTING. Iterative, so the check itself
 * cannot overflow the stack it protects.
 */
function checkNesting(p: Problems, v: unknown, path: string): boolean {
  const stack: { value: unknown; depth: number; where: string }[] = [{ value: v, depth: 0, where: path }];
  while (stack.length > 0) {
    const { value, depth, where } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_NESTING) {
      p.add(where, `nested deeper than ${MAX_NESTING} levels`);
      return false;
    }
    for (const [k, child] of Object.entries(value as Record<string, unknown>)) {
      stack.push({ value: child, depth: depth + 1, where: at(where, Array.isArray(value) ? Number(k) : k) });
    }
  }
  return true;
}

function checkPath(p: Problems, v: unknown, path: string): string | undefined {
  if (typeof v === 'string' && v.startsWith('/') && !/\s/.test(v)) return v;
  p.add(path, `expected a path starting with "/", got ${show(v)}`);
  return undefined;
}

function checkHttp(p: Problems, obj: Record<string, unknown>, path: string): HttpRequestTemplate {
  const out: HttpRequestTemplate = {};
  if (obj.method !== undefined) out.method = p.oneOf(obj.method, at(path, 'method'), HTTP_METHODS);
  if (obj.path !== undefined) out.path = checkPath(p, obj.path, at(path, 'path'));
  if (obj.headers !== undefined) out.headers = checkEntries(p, obj.headers, at(path, 'headers'), headerProblem);
  if (obj.body !== undefined) {
    if (out.method === 'GET' || out.method === 'HEAD') p.add(at(path, 'body'), `a ${out.method} request has no body`);
    else if (checkNesting(p, obj.body, at(path, 'body'))) out.body = obj.body;
  }
  return out;
}

function checkJsonRpc(p: Problems, obj: Record<string, unknown>, path: string): JsonRpcRequestTemplate {
  const out: JsonRpcRequestTemplate = { method: '' };
  if (obj.method === undefined) p.add(at(path, 'method'), 'required: the JSON-RPC method to call');
  else out.method = p.string(obj.method, at(path, 'method')) ?? '';
  if (obj.params !== undefined) {
    // JSON-RPC 2.0 §4.2: params is a structured value.
    if (typeof obj.params !== 'object' || obj.params === null) p.add(at(path, 'params'), `expected an array or an object, got ${show(obj.params)}`);
    else if (checkNesting(p, obj.params, at(path, 'params'))) out.params = obj.params;
  }
  if (obj.path !== undefined) out.path = checkPath(p, obj.path, at(path, 'path'));
  if (obj.headers !== undefined) out.headers = checkEntries(p, obj.headers, at(path, 'headers'), headerProblem);
  return out;
}

/** Resolves and loads the .proto so a wrong service or method is caught before anything is sent. */
function checkGrpc(p: Problems, obj: Record<string, unknown>, path: string, baseDir: string): GrpcRequestTemplate {
  const out: GrpcRequestTemplate = { proto: '', service: '', method: '' };
  for (const field of ['proto', 'service', 'method'] as const) {
    if (obj[field] === undefined) p.add(at(path, field), `required for grpc (proto, service and method)`);
    else out[field] = p.string(obj[field], at(path, field)) ?? '';
  }
  if (obj.message !== undefined && p.object(obj.message, at(path, 'message')) && checkNesting(p, obj.message, at(path, 'message'))) {
    out.message = obj.message as Record<string, unknown>;
  }
  if (obj.metadata !== undefined) out.metadata = checkEntries(p, obj.metadata, at(path, 'metadata'), metadataProblem);
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
