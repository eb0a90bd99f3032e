/**
 * Finds the webview bundle (media/webview.js, media/webview.css) in the package root, both when
 * running from sources (src/report/ -> ../../media) and from a bundle (dist/ -> ../media).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const SCRIPT_FILE = 'webview.js';
export const STYLE_FILE = 'webview.css';

export function mediaDirCandidates(from: string = here()): string[] {
  return [resolve(from, '..', '..', 'media'), resolve(from, '..', 'media'), resolve(process.cwd(), 'media')];
}

export function findMediaDir(from?: string): string {
  const candidates = mediaDirCandidates(from);
  const found = candidates.find((dir) => existsSync(join(dir, SCRIPT_FILE)));
  if (!found) {
    throw new Error(
      `the webview bundle (${SCRIPT_FILE}) is missing; looked in ${candidates.join(', ')}. Run \`npm run build\` first.`,
    );
  }
  return found;
}

export interface WebviewAssets {
  script: string;
  style: string;
}

export function readAssets(mediaDir: string = findMediaDir()): WebviewAssets {
  const script = readFileSync(join(mediaDir, SCRIPT_FILE), 'utf8');
  const stylePath = join(mediaDir, STYLE_FILE);
  const style = existsSync(stylePath) ? readFileSync(stylePath, 'utf8') : '';
  return { script, style };
}

function here(): string {
  // CommonJS (tsx on sources, esbuild's cjs bundles) defines __dirname.
  return typeof __dirname === 'string' ? __dirname : process.cwd();
}
