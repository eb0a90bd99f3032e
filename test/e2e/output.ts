/** The extension's output channel as the workbench logs it to disk, and waiting on a condition. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Dirs } from './code-server';

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

export function outputChannel(dirs: Dirs): string {
  // One file per extension host: a window reload starts a new host and a new file.
  return filesUnder(join(dirs.userData, 'logs'))
    .filter((f) => /RPC Balancer\.log$/.test(f))
    .sort()
    .map((f) => readFileSync(f, 'utf8'))
    .join('');
}

export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== null && (v as unknown) !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
