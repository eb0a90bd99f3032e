/**
 * Slow-start ramps under the timeline's time axis: one thin lane per ramp, the band's height the
 * endpoint's weight factor from its join to the end of the window, in the endpoint's colour,
 * labelled beside it (a lane each, so no label runs over another ramp). The model is
 * model/slow-start.ts.
 */
import { area, type ScaleLinear } from 'd3';
import type { SlowStartRamp } from '../model/slow-start';
import type { svg } from './dom';
import { seriesColor } from './theme';
import { hideTooltip, showTooltip } from './tooltip';

/** Lane height and pitch, px; more lanes than MAX_LANES are left to the events table. */
export const RAMP_LANE = { height: 12, pitch: 18, max: 6 } as const;

/** Lanes the ramps take (the rest are in the events table). */
export function rampLanes(ramps: readonly SlowStartRamp[]): number {
  return Math.min(ramps.length, RAMP_LANE.max);
}

/** Draws the ramps in lanes from `top`. */
export function drawRamps(chart: ReturnType<typeof svg>, ramps: readonly SlowStartRamp[], x: ScaleLinear<number, number>, top: number, width: number): void {
  if (ramps.length === 0) return;
  const shown = ramps.slice(0, RAMP_LANE.max).map((r, lane) => ({ r, lane }));
  const g = chart.append('g').attr('class', 'rb-ramps');
  for (const { r, lane } of shown) {
    const base = top + lane * RAMP_LANE.pitch + RAMP_LANE.height;
    const band = area<{ t: number; factor: number }>()
      .x((p) => x(p.t))
      .y0(base)
      .y1((p) => base - p.factor * RAMP_LANE.height);
    const ramp = g.append('g').attr('class', 'rb-ramp').attr('data-endpoint', r.endpoint).attr('aria-label', r.label);
    ramp.append('rect').attr('class', 'rb-ramp-lane').attr('x', x(r.from)).attr('y', base - RAMP_LANE.height).attr('width', Math.max(1, x(r.to) - x(r.from))).attr('height', RAMP_LANE.height);
    ramp.append('path').attr('class', 'rb-ramp-band').attr('d', band(r.points) ?? '').style('fill', seriesColor(r.colorIndex)).style('stroke', seriesColor(r.colorIndex));
    // The label after the band, or before it when the band reaches the right edge.
    const after = x(r.to) + 6 + r.label.length * 6 < width;
    ramp.append('text')
      .attr('class', 'rb-ramp-label')
      .attr('x', after ? x(r.to) + 6 : x(r.from) - 6)
      .attr('y', base - 2)
      .attr('text-anchor', after ? 'start' : 'end')
      .text(r.label);
    ramp.on('mousemove', (event: MouseEvent) => showTooltip(event, [r.label, 'weight factor from the join to the end of the window'])).on('mouseleave', hideTooltip);
  }
}
