/**
 * Attempts and retries per second on the timeline's throughput panel, beside the callers'
 * requests: under a retry storm the attempts line climbs away from the requests line, and a
 * retry budget pins the gap. Told apart from endpoint lines by dash pattern, not by colour, so
 * they never take an endpoint's colour (the legend shows the pattern).
 */
import { line, type ScaleLinear } from 'd3';
import type { TimelineModel, TimelineSample, TimelineSeries } from '../model/timeline';
import type { Svg } from './dom';
import { hideTooltip, showTooltip } from './tooltip';

export function drawPolicyLines(chart: Svg, policy: NonNullable<TimelineModel['policy']>, x: ScaleLinear<number, number>, y: ScaleLinear<number, number>): void {
  const path = line<TimelineSample>()
    .x((d) => x(d.t))
    .y((d) => y(d.throughput));
  chart
    .append('g')
    .attr('class', 'rb-lines rb-policy-lines')
    .selectAll('path')
    .data([policy.attempts, policy.retries])
    .join('path')
    .attr('class', (s) => `rb-line rb-policy-line rb-${s.id}`)
    .attr('data-series', (s) => s.id)
    .attr('d', (s) => path(s.samples) ?? '')
    .on('mousemove', (event: MouseEvent, s: TimelineSeries) => showTooltip(event, [s.label, 'per second']))
    .on('mouseleave', hideTooltip);
}
