/**
 * Text that arrives from a webview, made fit for the output channel (no `vscode` here). A webview
 * runs whatever its page holds, so a string from it may be megabytes long or carry line breaks
 * and terminal or bidi control characters that would forge log lines; it is cleaned and capped
 * before it is logged.
 */
export const LOG_TEXT_MAX = 200;

// C0 and C1 controls and DEL, line and paragraph separators, and the bidi marks, embeddings,
// overrides and isolates (U+061C, U+200E-F, U+202A-E, U+2066-9).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

/**
 * At most `max` characters, the last an ellipsis when the text was longer; counted in code
 * points, so no surrogate pair is split. Stops reading once past `max`, however long `s` is.
 */
export function logText(s: string, max = LOG_TEXT_MAX): string {
  const kept: string[] = [];
  for (const ch of s) {
    if (CONTROL.test(ch)) continue;
    if (kept.length === max) {
      kept[max - 1] = '…';
      return kept.join('');
    }
    kept.push(ch);
  }
  return kept.join('');
}
