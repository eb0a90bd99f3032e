/**
 * HTML pages around the webview bundle: the VS Code panel's page (assets by URI) and the
 * self-contained report (assets inlined, the payload embedded as JSON). Both have a strict CSP:
 * `default-src 'none'`, scripts and styles only by a nonce from node:crypto, nothing remote.
 */
import { randomBytes } from 'node:crypto';
import type { Comparison, RunResult } from '../result/types';
import type { CapacityResult } from '../result/capacity';
import type { RingView, RunDiffView } from '../protocol/webview';
import { readAssets, type WebviewAssets } from './assets';

export const DATA_ELEMENT_ID = 'rpc-balancer-data';
export const ROOT_ELEMENT_ID = 'rpc-balancer-root';

/** Two runs side by side (`rpc-balancer report --baseline`), as the Compare Two Runs panel draws them. */
export type RunDiffReport = RunDiffView & { kind: 'runDiff' };

export type ReportPayload = RunResult | Comparison | CapacityResult | RingView | RunDiffReport;

export interface WebviewHtmlOptions {
  /** `webview.asWebviewUri(media/webview.js)`. */
  scriptUri: string;
  styleUri: string;
  nonce: string;
  /** `webview.cspSource`. */
  cspSource: string;
  title: string;
}

export function newNonce(): string {
  return randomBytes(18).toString('base64');
}

/** The VS Code panel's page: the bundle loaded by URI, data arrives by message or saved state. */
export function renderWebviewHtml(o: WebviewHtmlOptions): string {
  const csp = [
    "default-src 'none'",
    `img-src ${o.cspSource} data:`,
    `style-src ${o.cspSource} 'nonce-${o.nonce}'`,
    `script-src 'nonce-${o.nonce}'`,
  ].join('; ');
  return page(csp, o.title, `<link rel="stylesheet" href="${attr(o.styleUri)}" nonce="${attr(o.nonce)}">`, `<script nonce="${attr(o.nonce)}" src="${attr(o.scriptUri)}"></script>`);
}

/** The page both share: CSP, title, then what each adds to the head and after the root element. */
function page(csp: string, title: string, head: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
${head}
<title>${text(title)}</title>
</head>
<body>
<main id="${ROOT_ELEMENT_ID}"></main>
${body}
</body>
</html>
`;
}

export interface ReportOptions {
  title?: string;
  /** Bundle contents; read from media/ when absent. */
  assets?: WebviewAssets;
  /** Fixed nonce (tests); a fresh random one when absent. */
  nonce?: string;
}

/** One self-contained HTML file: no network, the bundle and styles inlined, the payload embedded. */
export function renderReportHtml(payload: ReportPayload, opts: ReportOptions = {}): string {
  const { script, style } = opts.assets ?? readAssets();
  const nonce = opts.nonce ?? newNonce();
  const csp = ["default-src 'none'", 'img-src data:', `style-src 'nonce-${nonce}'`, `script-src 'nonce-${nonce}'`, "base-uri 'none'", "form-action 'none'"].join('; ');
  const title = opts.title ?? titleOf(payload);
  return page(
    csp,
    title,
    `<meta name="generator" content="rpc-balancer">\n<style nonce="${attr(nonce)}">${inlineStyle(style)}</style>`,
    `<script type="application/json" id="${DATA_ELEMENT_ID}">${embedJson(payload)}</script>\n<script nonce="${attr(nonce)}">${inlineScript(script)}</script>`,
  );
}

/**
 * JSON that cannot end its <script> element early: every `<` becomes `\u003c` (still the same
 * JSON), and the two line separators JavaScript once rejected are escaped too.
 */
export function embedJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function inlineScript(js: string): string {
  // `<\/script` means the same inside JS strings, regexes and comments, and cannot close the element.
  const out = js.replace(/<\/(script)/gi, '<\\/$1');
  // `<!--` followed by `<script` would switch the HTML parser into its double-escaped state.
  if (out.includes('<!--')) throw new Error('webview.js contains "<!--" and cannot be inlined safely');
  return out;
}

function inlineStyle(css: string): string {
  if (/<\/style/i.test(css)) throw new Error('webview.css contains "</style" and cannot be inlined');
  return css;
}

function titleOf(p: ReportPayload): string {
  if ('kind' in p && p.kind === 'comparison') return `RPC Balancer: compare strategies (${p.mode})`;
  if ('kind' in p && p.kind === 'runDiff') return `RPC Balancer: ${p.labels.a} against ${p.labels.b}`;
  if ('kind' in p && p.kind === 'capacity') return `RPC Balancer: capacity at ${p.slo} (${p.mode === 'simulation' ? 'simulated' : 'live'})`;
  if ('kind' in p) return `RPC Balancer: ${p.kind === 'simulation' ? 'simulation' : 'load test'} with ${p.config.strategy}`;
  return `RPC Balancer: ${p.strategy} ring`;
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function text(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** For double-quoted attributes: single quotes (the CSP's 'none', 'nonce-...') stay readable. */
function attr(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ENTITIES[c]);
}
