/**
 * `exportConfig(pool, variant, format)`: a variant written as the real system's config — a gRPC
 * service config, an Envoy cluster and route, or nginx's `upstream` and `server` — with `notes`
 * naming everything the target cannot express and the nearest equivalent used.
 */
import { ConfigError } from '../engine/errors';
import type { Pool } from '../pools/types';
import { envoyConfig } from './envoy';
import { grpcServiceConfig } from './grpc';
import { nginxConfig } from './nginx';
import { EXPORT_DEFAULTS, EXPORT_FORMATS, type ExportFormat, type ExportInput, type ExportOptions, type ExportResult, type Variant } from './types';

export { EXPORT_DEFAULTS, EXPORT_FORMATS, type ExportFormat, type ExportOptions, type ExportResult, type Variant } from './types';
export { parseVariants, poolVariant } from './variants';
export { parseVariant, parseVariantList } from '../pools/parse-variants';
export { parsePolicy, POLICY_DEFAULTS } from '../pools/parse-policy';
export { ourGrpcPolicyName } from './grpc';

const HEADER = /^[A-Za-z0-9-]+$/;

export function exportConfig(pool: Pool, variant: Variant, format: ExportFormat, options: ExportOptions = {}): ExportResult {
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw new ConfigError('format', `expected one of ${EXPORT_FORMATS.join(', ')}, got ${JSON.stringify(format)}`);
  const hashHeader = options.hashHeader ?? EXPORT_DEFAULTS.hashHeader;
  if (!HEADER.test(hashHeader)) throw new ConfigError('hashHeader', `expected a header name (letters, digits, "-"), got ${JSON.stringify(hashHeader)}`);
  const listen = options.listen ?? EXPORT_DEFAULTS.listen;
  if (!/^([A-Za-z0-9.[\]:-]+:)?\d{1,5}$/.test(String(listen))) throw new ConfigError('listen', `expected a port or host:port, got ${JSON.stringify(listen)}`);
  const notes: string[] = [];
  const input: ExportInput = { pool, variant, options: { hashHeader, listen }, note: (t) => notes.push(t) };
  let text: string;
  if (format === 'grpc') text = `${JSON.stringify(grpcServiceConfig(input), null, 2)}\n`;
  else if (format === 'envoy') text = `${JSON.stringify(envoyConfig(input), null, 2)}\n`;
  else text = nginxConfig(input);
  return { format, text, notes: [...new Set(notes)] };
}
