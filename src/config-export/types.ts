/**
 * What the config export takes and gives: a variant (a strategy with its options, outlier
 * detection and client policy) on a pool, written as the config of a real system.
 */
import type { Variant } from '../pools/parse-variants';
import type { Pool } from '../pools/types';

export const EXPORT_FORMATS = ['grpc', 'envoy', 'nginx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** One entry of a variants file (pools/parse-variants.ts; `capacity` reads the same list). */
export type { Variant };

export interface ExportOptions {
  /** Request header whose value is the hash key of the hash strategies (gRPC metadata, Envoy and nginx headers). */
  hashHeader?: string;
  /** nginx: what the `server` block listens on (a port or `host:port`). */
  listen?: string | number;
}

export const EXPORT_DEFAULTS = Object.freeze({ hashHeader: 'x-hash-key', listen: 8080 });

export interface ExportResult {
  format: ExportFormat;
  /** The config, ready to write to a file: JSON (grpc, envoy) or nginx's own syntax. */
  text: string;
  /** What the target cannot express, each with the nearest equivalent used; never dropped silently. */
  notes: string[];
}

/** What one format writer sees: the pool with the variant's balancing, options already merged. */
export interface ExportInput {
  pool: Pool;
  variant: Variant;
  options: Required<ExportOptions>;
  /** Adds a note: "<what> cannot be expressed in <target>: <nearest used>". */
  note(text: string): void;
}

/** Strategies that give every endpoint the same share whatever its weight: their export carries no weights. */
export const UNWEIGHTED_STRATEGIES: ReadonlySet<string> = new Set(['round-robin', 'random', 'pick-first']);
