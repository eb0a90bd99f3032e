/**
 * The legend of a line chart (issue 14): every line drawn, named, in the colour and dash it is
 * drawn with, so a chart reads without hovering. Lines are matched by the attribute their path
 * carries (`data-id` for endpoints and the total, `data-series` for the policy's lines), never
 * by label, so two endpoints with similar names cannot be confused.
 */
import type { TimelineModel } from './timeline';

export type LegendDash = 'solid' | 'total' | 'attempts' | 'retries';

export interface LegendItem {
  label: string;
  /** Into `seriesColor`: -1 is the foreground colour. */
  colorIndex: number;
  dash: LegendDash;
  match: { attr: 'data-id' | 'data-series'; value: string };
}

interface Drawn {
  id: string;
  label: string;
  colorIndex: number;
}

/** Endpoints in the order the result lists them, then the total, then the policy's lines. */
export function lineLegend(endpoints: readonly Drawn[], total: Drawn, policy?: TimelineModel['policy'], underPolicy = policy !== undefined): LegendItem[] {
  const items: LegendItem[] = endpoints.map((s) => ({ label: s.label, colorIndex: s.colorIndex, dash: 'solid', match: { attr: 'data-id', value: s.id } }));
  items.push({ label: underPolicy ? 'total (callers)' : total.label, colorIndex: -1, dash: 'total', match: { attr: 'data-id', value: total.id } });
  if (policy) {
    items.push({ label: policy.attempts.label, colorIndex: -1, dash: 'attempts', match: { attr: 'data-series', value: 'attempts' } });
    items.push({ label: policy.retries.label, colorIndex: -1, dash: 'retries', match: { attr: 'data-series', value: 'retries' } });
  }
  return items;
}
