/**
 * The redaction rule (src/text/redact.ts) applied to pools and results: a deep copy of a pool with
 * the values under secret names redacted (header and metadata names by the wider rule, JSON body
 * fields by the narrower one), the pool's own settings kept, and the texts of a result that may
 * quote input (`error`, event details, endpoint addresses) through the text rule.
 */
import { redactIn, redactText, redactValue } from '../text/redact';

export { isSecretField, isSecretName, REDACTED, redactText, redactUrl, redactValue } from '../text/redact';

/** Keys of a pool whose values are settings, not user data. */
const POOL_SETTINGS = new Set([
  'name', 'transport', 'strategy', 'strategyOptions', 'outlierDetection', 'key', 'simulation', 'sim', 'weight', 'zone', 'id',
  'priority', 'overprovisioningFactor', 'localityWeights', 'panicThreshold', 'slowStart',
]);

/** A pool with secrets redacted; its settings (key template, strategy options...) kept. */
export function redactPool<T extends object>(pool: T): T {
  if (pool === null || typeof pool !== 'object' || Array.isArray(pool)) return redactValue(pool) as T;
  const p = pool as Record<string, unknown>;
  const out = redactIn(p, POOL_SETTINGS) as Record<string, unknown>;
  if (Array.isArray(p.endpoints)) out.endpoints = p.endpoints.map((e) => redactIn(e, POOL_SETTINGS));
  return out as T;
}

/**
 * A RunResult, Comparison or ring view ready to leave the process: the pool through `redactPool`,
 * the texts that may quote input (`error`, event details, endpoint addresses) through the text
 * rule; figures and histograms (base64, which the text rule could mangle) are copied as they are.
 * Results the Recorder built are redacted already; this also covers files written by hand or by
 * older versions (`report`).
 */
export function redactResult<T>(payload: T): T {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return payload;
  const out: Record<string, unknown> = { ...(payload as Record<string, unknown>) };
  if (Array.isArray(out.results)) out.results = out.results.map((r) => redactResult(r));
  if (isRecord(out.config) && isRecord(out.config.pool)) out.config = { ...out.config, pool: redactPool(out.config.pool) };
  if (typeof out.error === 'string') out.error = redactText(out.error);
  if (Array.isArray(out.endpoints)) out.endpoints = out.endpoints.map((e) => withText(e, 'address'));
  if (Array.isArray(out.events)) out.events = out.events.map((e) => withText(e, 'detail'));
  // A capacity result: a failed variant's message can quote a server's or a URL's text.
  if (Array.isArray(out.variants)) out.variants = out.variants.map((v) => withText(v, 'message'));
  return out as T;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function withText(v: unknown, field: string): unknown {
  return isRecord(v) && typeof v[field] === 'string' ? { ...v, [field]: redactText(v[field] as string) } : v;
}
