/** A RunResult: header, distribution, latency, timeline and, for hash strategies, the ring. */
import { select } from 'd3';
import type { RunResult } from '../../result/types';
import { distributionModel } from '../model/distribution';
import { formatCount, formatMsSpaced, formatRate } from '../../result/format';
import { latencyModel } from '../model/latency';
import { timelineModel } from '../model/timeline';
import type { RingChangedMessage, RingView } from '../../protocol/webview';
import { section, widthOf } from '../render/dom';
import { renderDistribution } from '../render/distribution';
import { renderLatency } from '../render/latency';
import { renderTimeline } from '../render/timeline';
import { mountRing } from './ring';
import { callerViewModel } from '../model/caller-view';
import { lineLegend } from '../model/legend';
import { runHeaderModel } from '../model/run-header';
import { renderCallerView } from '../render/caller-view';
import { renderLegend } from '../render/legend';
import { renderRunHeader } from '../render/run-header';

export interface ViewHooks {
  /** Present inside VS Code: draws an Export button. */
  onExport?: () => void;
  onRingChanged?: (m: RingChangedMessage) => void;
}

export function renderResult(root: HTMLElement, result: RunResult, hooks: ViewHooks = {}): void {
  const header = select(root).append('header').attr('class', 'rb-header');
  const kind = result.kind === 'simulation' ? 'Simulation' : 'Load test';
  header.append('h1').text(`${kind}: ${result.config.strategy}`);
  if (result.status !== 'completed') {
    header
      .append('span')
      .attr('class', `rb-status-${result.status}`)
      .text(result.error ? `${result.status}: ${result.error}` : result.status);
  }
  if (hooks.onExport) {
    const onExport = hooks.onExport;
    header.append('button').attr('type', 'button').attr('class', 'rb-export').text('Export as JSON').on('click', () => onExport());
  }
  const t = result.totals;
  header
    .append('p')
    .attr('class', 'rb-summary')
    .text(
      `${formatCount(t.requests)} requests, ${formatCount(t.errors)} errors, ${formatRate(t.throughput)}, ` +
        `p50 ${formatMsSpaced(t.latency.p50)}, p99 ${formatMsSpaced(t.latency.p99)}, ${result.endpoints.length} endpoints, ` +
        // A simulation starts at virtual time 0, which as a date reads 1970: the header says "virtual time" instead.
        `${formatMsSpaced(result.durationMs)}${result.kind === 'simulation' && Date.parse(result.startedAt) === 0 ? ' of virtual time' : ` from ${result.startedAt}`}`,
    );
  renderRunHeader(header, runHeaderModel(result));

  // Measured once, before the charts exist: reading a width after each chart would force a
  // layout of everything drawn so far (seconds for a 1,000-endpoint pool).
  const width = widthOf(root);
  // performance.measure entries (rb:distribution, ...) show where a slow render spends its time.
  const callers = callerViewModel(result);
  if (callers) timed('callers', () => renderCallerView(section(root, 'Callers and servers', 'rb-section-callers'), callers, { width }));
  timed('distribution', () => renderDistribution(section(root, 'Load per endpoint', 'rb-section-distribution'), distributionModel(result), { width }));
  timed('latency', () => {
    const body = section(root, 'Latency by percentile', 'rb-section-latency');
    const model = latencyModel(result);
    renderLatency(body, model, { width });
    renderLegend(body, lineLegend(model.endpoints, model.total, undefined, callers !== undefined), 'Latency legend');
  });
  timed('timeline', () => {
    const body = section(root, 'Over time', 'rb-section-timeline');
    const model = timelineModel(result);
    renderTimeline(body, model, { width });
    renderLegend(body, lineLegend(model.endpoints, model.total, model.policy), 'Timeline legend');
  });
  const ring = ringViewOf(result);
  if (ring) {
    const body = section(root, 'Hash ring', 'rb-section-ring').node();
    if (body) timed('ring', () => mountRing(body, ring, hooks.onRingChanged, width));
  }
}

/** The ring of a hash-strategy run, rebuilt from the endpoints and the options it ran with. */
export function ringViewOf(result: RunResult): RingView | undefined {
  if (!result.ring) return undefined;
  return {
    strategy: result.ring.strategy,
    options: result.ring.options,
    endpoints: result.endpoints.map((ep) => ({ id: ep.id, address: ep.address, weight: ep.weight })),
    sampleKeys: result.ring.sampleKeys,
  };
}

function timed(name: string, draw: () => void): void {
  const start = performance.now();
  draw();
  performance.measure(`rb:${name}`, { start, end: performance.now() });
}
