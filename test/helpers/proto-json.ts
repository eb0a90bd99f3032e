/**
 * A strict check of a value against protobuf's JSON mapping (proto3 JSON, field names as the
 * .proto writes them, as Envoy's YAML does), with protobufjs's reflection of the real protos:
 * an unknown field, an unknown enum name, a wrong scalar, a malformed Duration or an Any whose
 * @type is not loaded is an error naming its path. protobufjs's own `verify()` takes the object
 * form (Durations as {seconds, nanos}, enums as numbers) and `fromObject` drops unknown fields,
 * so neither alone would catch a misspelt field in the JSON we write.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as protobuf from 'protobufjs';

const DEPS = join(__dirname, '../../node_modules/@grpc/grpc-js-xds/deps');
const INCLUDE = [...['envoy-api', 'xds', 'googleapis', 'protoc-gen-validate'].map((d) => join(DEPS, d)), join(__dirname, '../../node_modules/protobufjs')];

/** Loads .proto files (paths relative to the include folders) with snake_case field names. */
export function loadProtos(files: string[]): protobuf.Root {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => INCLUDE.map((dir) => join(dir, target)).find((p) => existsSync(p)) ?? target;
  root.loadSync(files, { keepCase: true });
  root.resolveAll();
  return root;
}

const DURATION = /^-?\d+(\.\d{1,9})?s$/;
const WRAPPERS = new Set(['DoubleValue', 'FloatValue', 'Int64Value', 'UInt64Value', 'Int32Value', 'UInt32Value', 'BoolValue', 'StringValue', 'BytesValue'].map((n) => `.google.protobuf.${n}`));

/** Every problem of `value` as JSON of `typeName`, each `path: what`; empty when it conforms. */
export function checkProtoJson(root: protobuf.Root, typeName: string, value: unknown, path = typeName.split('.').pop()!): string[] {
  const errors: string[] = [];
  message(root, root.lookupType(typeName), value, path, errors);
  return errors;
}

function message(root: protobuf.Root, type: protobuf.Type, value: unknown, path: string, errors: string[]): void {
  const name = type.fullName;
  if (name === '.google.protobuf.Duration') {
    if (typeof value !== 'string' || !DURATION.test(value)) errors.push(`${path}: expected a Duration like "1.5s", got ${JSON.stringify(value)}`);
    return;
  }
  if (WRAPPERS.has(name)) return scalar(type.fields.value.type, value, path, errors);
  if (['.google.protobuf.Struct', '.google.protobuf.Value', '.google.protobuf.ListValue'].includes(name)) return;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    errors.push(`${path}: expected an object (${name.slice(1)}), got ${JSON.stringify(value)}`);
    return;
  }
  let obj = value as Record<string, unknown>;
  if (name === '.google.protobuf.Any') {
    const url = obj['@type'];
    const inner = typeof url === 'string' ? root.lookup(url.replace(/^.*\//, '')) : null;
    if (!(inner instanceof protobuf.Type)) {
      errors.push(`${path}.@type: ${JSON.stringify(url)} is not a loaded message type`);
      return;
    }
    const { ['@type']: _drop, ...rest } = obj;
    obj = rest;
    type = inner;
  }
  const oneofsSet = new Map<string, string>();
  for (const [key, v] of Object.entries(obj)) {
    const field = type.fields[key] ?? type.fieldsArray.find((f) => f.options?.json_name === key);
    if (!field) {
      errors.push(`${path}.${key}: no such field in ${type.fullName.slice(1)}`);
      continue;
    }
    if (field.partOf) {
      const other = oneofsSet.get(field.partOf.name);
      if (other) errors.push(`${path}.${key}: oneof ${field.partOf.name} already set by ${other}`);
      oneofsSet.set(field.partOf.name, key);
    }
    const where = `${path}.${key}`;
    if (field.map) {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) errors.push(`${where}: expected a map object, got ${JSON.stringify(v)}`);
      else for (const [k, item] of Object.entries(v)) element(root, field, item, `${where}[${JSON.stringify(k)}]`, errors);
    } else if (field.repeated) {
      if (!Array.isArray(v)) errors.push(`${where}: expected a list, got ${JSON.stringify(v)}`);
      else v.forEach((item, i) => element(root, field, item, `${where}[${i}]`, errors));
    } else element(root, field, v, where, errors);
  }
}

function element(root: protobuf.Root, field: protobuf.Field, value: unknown, path: string, errors: string[]): void {
  const resolved = field.resolve().resolvedType;
  if (resolved instanceof protobuf.Enum) {
    const ok = typeof value === 'string' ? value in resolved.values : typeof value === 'number' && value in resolved.valuesById;
    if (!ok) errors.push(`${path}: expected one of ${Object.keys(resolved.values).join(', ')}, got ${JSON.stringify(value)}`);
  } else if (resolved instanceof protobuf.Type) message(root, resolved, value, path, errors);
  else scalar(field.type, value, path, errors);
}

function scalar(type: string, value: unknown, path: string, errors: string[]): void {
  const integer = (v: unknown) => (typeof v === 'number' && Number.isInteger(v)) || (typeof v === 'string' && /^-?\d+$/.test(v));
  let ok: boolean;
  if (['int32', 'sint32', 'sfixed32', 'int64', 'sint64', 'sfixed64'].includes(type)) ok = integer(value);
  else if (['uint32', 'fixed32', 'uint64', 'fixed64'].includes(type)) ok = integer(value) && Number(value) >= 0;
  else if (type === 'double' || type === 'float') ok = typeof value === 'number';
  else if (type === 'bool') ok = typeof value === 'boolean';
  else if (type === 'string') ok = typeof value === 'string';
  else if (type === 'bytes') ok = typeof value === 'string' && /^[A-Za-z0-9+/_-]*={0,2}$/.test(value);
  else ok = false;
  if (!ok) errors.push(`${path}: expected ${type}, got ${JSON.stringify(value)}`);
}
