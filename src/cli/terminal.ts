/**
 * What reaches the terminal. Endpoint ids, pool names and error details come from files and from
 * etcd keys (anyone's who can write etcd), and a terminal obeys the control sequences in them
 * (`\u001b[2J` clears the screen, `\r` overwrites a line, bidi overrides reorder it): every line
 * the CLI prints goes through `terminalSafe`, which shows those characters as `\u001b` escapes,
 * and through the redaction rule, so a secret in an echoed value is not shown either.
 */
import { redactText } from '../result/redact';

// C0 and C1 controls, DEL, and the bidirectional overrides and isolates: matching them is the point.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Each line of `text` made safe; the line breaks between them are ours and kept. */
export function safeLines(text: string): string {
  return redactText(text).split('\n').map(terminalSafe).join('\n');
}

/** console.log for anything that may quote input. */
export function say(text = ''): void {
  console.log(safeLines(text));
}

/** console.error for anything that may quote input. */
export function sayError(text: string): void {
  console.error(safeLines(text));
}
