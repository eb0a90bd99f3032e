/**
 * What the http and jsonrpc transports share whichever client sends them (undici-pools.ts or
 * lean-pools.ts): the headers in one flat form, what a reply's headers reported, and the judge
 * that turns a complete reply into a CallResult.
 */
import { ConfigError, show } from '../../engine/errors';
import { parseLoad } from '../../engine/load-report';
import { parseOrcaHeader } from '../../engine/orca-report';
import type { Endpoint, LoadReport } from '../../engine/types';
import type { Pushback } from '../../policy/types';
import type { CallControl, CallResult } from './types';

/** What the server reported in the reply's headers: `x-server-load` and the ORCA report, parsed; `Retry-After` as sent. */
export interface Reported {
  load?: number;
  report?: LoadReport;
  pushback?: Pushback;
}

/**
 * Turns a complete reply into the call's result: `reported` is what the headers reported, `body`
 * is kept only when the transport asked for it (JSON-RPC); otherwise it is read and dropped.
 */
export type Judge = (status: number, reported: Reported, body: Buffer | undefined) => CallResult;

/** Keep-alive connections per endpoint address, one exchange at a time on each; never rejects. */
export interface HttpPools {
  send(
    endpoint: Endpoint,
    method: string,
    path: string,
    headers: string[],
    body: string | null,
    keepBody: boolean,
    judge: Judge,
    control?: CallControl,
  ): Promise<CallResult>;
  close(): Promise<void>;
}

/** Flattens a header record into `[name, value, ...]`, names lower-cased, the template's over the defaults. */
export function flatHeaders(headers: Record<string, string> | undefined, defaults: Record<string, string>): string[] {
  const merged: Record<string, string> = { ...defaults };
  for (const [k, v] of Object.entries(headers ?? {})) merged[k.toLowerCase()] = String(v);
  return Object.entries(merged).flat();
}

/** Parses the raw headers once the reply is complete (not per header), fields set only when present. */
export function reported(load: string | undefined, orca: string | undefined, retryAfter: string | undefined): Reported {
  const out: Reported = {};
  if (retryAfter !== undefined) out.pushback = { retryAfter };
  const l = parseLoad(load);
  if (l !== undefined) out.load = l;
  const r = orca === undefined ? undefined : parseOrcaHeader(orca);
  if (r !== undefined) out.report = r;
  return out;
}

/** The endpoint's address as a URL, or a ConfigError naming it (the call that met it fails, not the run). */
export function endpointUrl(endpoint: Endpoint): URL {
  let url: URL;
  try {
    url = new URL(endpoint.address);
  } catch {
    throw new ConfigError(`endpoint ${endpoint.id}.address`, `expected http://host:port, got ${show(endpoint.address)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`endpoint ${endpoint.id}.address`, `expected http://host:port, got ${show(endpoint.address)}`);
  }
  return url;
}

/** The address's path prefix (`http://h:1/api/` -> `/api`), '' when none. */
export function basePath(url: URL): string {
  return url.pathname === '/' ? '' : url.pathname.replace(/\/$/, '');
}
