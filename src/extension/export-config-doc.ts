/**
 * What Export Config offers and opens (no `vscode` here): the formats, the variants (each
 * strategy, or one from a variants file), and the untitled document for an export — nginx's with
 * the notes as `#` comments on top, JSON (which has no comments) as it is, the notes shown apart.
 */
import { EXPORT_FORMATS, type ExportFormat, type ExportResult, type Variant } from '../config-export';
import type { Choice } from './picks';

const FORMAT_DETAIL: Record<ExportFormat, string> = {
  grpc: 'gRPC service config JSON: loadBalancingConfig, methodConfig (retryPolicy or hedgingPolicy, timeout), retryThrottling',
  envoy: 'Envoy v3 cluster (lb_policy, load_assignment, outlier_detection, circuit_breakers) and route (retry_policy, timeout)',
  nginx: 'nginx upstream block and a server whose location retries with proxy_next_upstream',
};

export function formatChoices(): Choice<ExportFormat>[] {
  return EXPORT_FORMATS.map((f) => ({ label: f, detail: FORMAT_DETAIL[f], value: f }));
}

export function variantChoices(variants: readonly Variant[]): Choice<Variant>[] {
  return variants.map((v) => {
    const policy = v.policy ? Object.keys(v.policy).map((k) => k.replace(/Ms$/, '')).join(', ') : '';
    return { label: v.name, description: v.strategy, detail: [v.outlierDetection ? 'outlier detection' : '', policy].filter(Boolean).join('; ') || undefined, value: v };
  });
}

export function exportedDocument(result: ExportResult): { content: string; language: string } {
  if (result.format !== 'nginx') return { content: result.text, language: 'json' };
  const notes = result.notes.map((n) => `# note: ${n}\n`).join('');
  return { content: `${notes}${notes ? '\n' : ''}${result.text}`, language: 'nginx' };
}
