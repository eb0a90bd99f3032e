import { readFileSync } from 'node:fs';
import { ConfigError } from '../engine/errors';

/** Where a JSON syntax error is, as line:column, from the offset Node's message gives. */
function syntaxPosition(text: string, message: string): string {
  const m = /position (\d+)/.exec(message);
  if (!m) return '';
  const offset = Number(m[1]);
  const before = text.slice(0, offset).split('\n');
  return ` at line ${before.length} column ${before[before.length - 1].length + 1}`;
}

/** Reads and parses a JSON file; errors name the file (and the line and column of a syntax error). */
export function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(file, `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    throw new ConfigError(file, `invalid JSON${syntaxPosition(text, message)}: ${message}`);
  }
}
