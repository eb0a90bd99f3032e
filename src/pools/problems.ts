import { ConfigError, show } from '../engine/errors';

/**
 * Every problem found in a pool or scenario file, not just the first. It is a ConfigError whose
 * `path`/`problem` are the first one's, so code that catches ConfigError still works; the message
 * has one line per problem, starting with the first path.
 */
export class PoolErrors extends ConfigError {
  readonly errors: readonly ConfigError[];
  /** The file (or settings entry) the problems are in, when known. */
  readonly source?: string;

  constructor(errors: readonly ConfigError[], source?: string) {
    const first = errors[0] ?? new ConfigError('', 'invalid');
    super(first.path, first.problem);
    this.name = 'PoolErrors';
    this.errors = errors;
    this.source = source;
    this.message = errors.map((e) => e.message).join('\n');
  }
}

/** A JSON path as users read it: `endpoints[2].address`, `request.headers["x-id"]`. */
export function at(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  const name = /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
  if (name !== key) return `${base}[${name}]`;
  return base ? `${base}.${key}` : key;
}

export type Obj = Record<string, unknown>;

export function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Collects problems while a file is checked, so the user sees all of them at once.
 * The `expect*` helpers record a problem and return undefined when a value is wrong.
 */
export class Problems {
  readonly list: ConfigError[] = [];

  add(path: string, problem: string): void {
    this.list.push(new ConfigError(path, problem));
  }

  /** Runs `check`, recording a ConfigError it throws instead of stopping. */
  catch<T>(check: () => T): T | undefined {
    try {
      return check();
    } catch (e) {
      if (e instanceof PoolErrors) this.list.push(...e.errors);
      else if (e instanceof ConfigError) this.list.push(e);
      else throw e;
      return undefined;
    }
  }

  get count(): number {
    return this.list.length;
  }

  throwIfAny(source?: string): void {
    if (this.list.length > 0) throw new PoolErrors(this.list, source);
  }

  /** Records unknown fields of `obj`, listing the known ones. */
  fields(obj: Obj, path: string, known: readonly string[]): void {
    for (const key of Object.keys(obj)) {
      if (!known.includes(key)) {
        this.add(at(path, key), `unknown field (known: ${known.filter((k) => !k.startsWith('$')).join(', ')})`);
      }
    }
  }

  object(v: unknown, path: string): Obj | undefined {
    if (isObject(v)) return v;
    this.add(path, `expected an object, got ${show(v)}`);
    return undefined;
  }

  string(v: unknown, path: string): string | undefined {
    if (typeof v === 'string' && v.trim() !== '') return v;
    this.add(path, `expected a non-empty string, got ${show(v)}`);
    return undefined;
  }

  boolean(v: unknown, path: string): boolean | undefined {
    if (typeof v === 'boolean') return v;
    this.add(path, `expected true or false, got ${show(v)}`);
    return undefined;
  }

  /** A finite number in [min, max]; `exclusiveMin` excludes min itself; `integer` wants a whole number. */
  number(
    v: unknown,
    path: string,
    bounds: { min?: number; max?: number; exclusiveMin?: boolean; integer?: boolean } = {},
  ): number | undefined {
    const { min, max, exclusiveMin, integer } = bounds;
    let problem: string | undefined;
    if (typeof v !== 'number' || !Number.isFinite(v)) problem = `expected ${integer ? 'a whole number' : 'a number'}`;
    else if (integer && !Number.isInteger(v)) problem = 'expected a whole number';
    else if (min !== undefined && (exclusiveMin ? v <= min : v < min)) {
      problem = `must be ${exclusiveMin ? 'greater than' : 'at least'} ${min}`;
    } else if (max !== undefined && v > max) problem = `must be at most ${max}`;
    if (problem === undefined) return v as number;
    this.add(path, `${problem}, got ${show(v)}`);
    return undefined;
  }

  oneOf<T extends string>(v: unknown, path: string, values: readonly T[]): T | undefined {
    if (typeof v === 'string' && (values as readonly string[]).includes(v)) return v as T;
    this.add(path, `expected one of ${values.join(', ')}, got ${show(v)}`);
    return undefined;
  }

  /** An object whose values are all strings (headers, metadata). */
  stringMap(v: unknown, path: string): Record<string, string> | undefined {
    const obj = this.object(v, path);
    if (!obj) return undefined;
    const before = this.count;
    for (const [k, val] of Object.entries(obj)) {
      if (typeof val !== 'string') this.add(at(path, k), `expected a string, got ${show(val)}`);
    }
    return this.count === before ? (obj as Record<string, string>) : undefined;
  }
}
