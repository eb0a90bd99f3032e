/** Draws a staged run's target (dashed) and what was achieved (solid) on a timeline panel, with a key. */
import { line, type ScaleLinear } from 'd3';
import type { LoadPoint, StagedLoadModel } from '../model/staged-load';
import type { svg } from './dom';
import { hideTooltip, showTooltip } from './tooltip';

type Chart = ReturnType<typeof svg>;

export function drawStagedLoad(chart: Chart, load: StagedLoadModel, x: ScaleLinear<number, number>, y: ScaleLinear<number, number>, keyAt: { x: number; y: number }): void {
  const path = line<LoadPoint>()
    .x((d) => x(d.t))
    .y((d) => y(d.v));
  const achieved = load.unit === 'callers' ? 'callers' : 'sent (by intended time)';
  const series: [string, string, LoadPoint[]][] = [
    ['rb-target', 'target', load.target],
    ['rb-achieved', achieved, load.achieved],
  ];
  if (load.dropped.some((p) => p.v > 0)) series.push(['rb-dropped', 'dropped', load.dropped]);
  const g = chart.append('g').attr('class', 'rb-staged');
  // The target last, on top: where the two agree the dashes still show.
  g.selectAll('path')
    .data([...series.slice(1), series[0]])
    .join('path')
    .attr('class', ([cls]) => `rb-load-line ${cls}`)
    .attr('d', ([, , pts]) => path(pts) ?? '')
    .on('mousemove', (event: MouseEvent, [, label]) => showTooltip(event, [label, load.unit]))
    .on('mouseleave', hideTooltip);
  // The key, right-aligned above the panel's top-right corner.
  const key = g.append('g').attr('class', 'rb-load-key').attr('transform', `translate(${keyAt.x},${keyAt.y})`);
  series.forEach(([cls, label], i) => {
    const row = key.append('g').attr('transform', `translate(0,${i * 13})`);
    row.append('line').attr('class', `rb-load-line ${cls}`).attr('x1', -170).attr('x2', -150).attr('y1', 0).attr('y2', 0);
    row.append('text').attr('class', 'rb-load-label').attr('x', -146).attr('y', 0).attr('dominant-baseline', 'middle').text(label);
  });
}
