/**
 * Export Config: a pool and a strategy (or a variant from a variants file) written as a gRPC
 * service config, an Envoy cluster and route, or nginx config, opened in an untitled editor; what
 * the target cannot express goes to the output channel and a message, never dropped.
 */
import * as vscode from 'vscode';
import { exportConfig, parseVariants, poolVariant, type Variant } from '../../config-export';
import { readJsonFile } from '../../pools/json-file';
import { showError } from '../errors';
import { exportedDocument, formatChoices, variantChoices } from '../export-config-doc';
import { preferredStrategy, strategyChoices } from '../picks';
import { loadSettings, pick, pickPool } from '../quick-pick';
import { log, type Session } from '../session';

const TITLE = 'RPC Balancer: Export Config';
const FROM_FILE = '$(file) From a variants file…';

export async function exportConfigCommand(session: Session): Promise<void> {
  const settings = await loadSettings(session, 'Export Config');
  if (!settings) return;
  const entry = await pickPool(session, TITLE);
  if (!entry?.pool) return;
  const pool = entry.pool;
  try {
    const choices = strategyChoices(preferredStrategy(entry, settings.defaultStrategy)).map((c) => ({ ...c, value: c.value as string }));
    const chosen = await pick([...choices, { label: FROM_FILE, detail: 'a JSON list of {name, strategy, strategyOptions, outlierDetection, policy}', value: FROM_FILE }], 'Pick a strategy or a variants file', TITLE);
    if (!chosen) return;
    let variant: Variant | undefined;
    if (chosen === FROM_FILE) {
      const files = await vscode.window.showOpenDialog({ title: TITLE, canSelectMany: false, filters: { 'Variants (JSON)': ['json'] } });
      if (!files?.[0]) return;
      const variants = parseVariants(readJsonFile(files[0].fsPath), files[0].fsPath);
      variant = variants.length === 1 ? variants[0] : await pick(variantChoices(variants), 'Pick a variant', TITLE);
    } else variant = poolVariant(pool, chosen as Variant['strategy']);
    if (!variant) return;
    const format = await pick(formatChoices(), 'Pick the config to write', TITLE);
    if (!format) return;
    const result = exportConfig(pool, variant, format);
    const doc = exportedDocument(result);
    const opened = await vscode.workspace.openTextDocument({ content: doc.content, language: doc.language }).then(undefined, () => vscode.workspace.openTextDocument({ content: doc.content }));
    await vscode.window.showTextDocument(opened);
    log(session, `export-config: pool "${entry.name}", variant ${variant.name} (${variant.strategy}), ${format}, ${result.notes.length} notes`);
    for (const note of result.notes) log(session, `  note: ${note}`);
    if (result.notes.length > 0) {
      void vscode.window.showInformationMessage(`${format} cannot express everything in ${variant.name}: ${result.notes.length} note${result.notes.length === 1 ? '' : 's'} in the RPC Balancer output (first: ${result.notes[0]})`);
    }
  } catch (e) {
    await showError(session, 'Export Config', e);
  }
}
