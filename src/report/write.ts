/** Writes a report so a crash never leaves half a file: a temp file beside it, then a rename. */
import { randomBytes } from 'node:crypto';
import { open, rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { renderReportHtml, type ReportOptions, type ReportPayload } from './page';

export async function writeReportFile(path: string, payload: ReportPayload, opts?: ReportOptions): Promise<void> {
  const html = renderReportHtml(payload, opts);
  await writeFileAtomically(path, html);
}

export async function writeFileAtomically(path: string, contents: string | Iterable<string>): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    if (typeof contents === 'string') await writeFile(temp, contents, { encoding: 'utf8', flag: 'wx' });
    else {
      // Piece by piece, so what is written never has to be one string (V8 caps strings near 512 MB).
      const file = await open(temp, 'wx');
      try {
        for (const chunk of contents) await file.write(chunk, null, 'utf8');
      } finally {
        await file.close();
      }
    }
    await rename(temp, path);
  } catch (e) {
    await unlink(temp).catch(() => undefined);
    // Name the file the caller asked for, not the temp file beside it.
    const err = e as NodeJS.ErrnoException;
    throw Object.assign(new Error(`cannot write ${path}: ${err.code ?? err.message}`), { code: err.code });
  }
}
