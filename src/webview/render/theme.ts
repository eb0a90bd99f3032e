/**
 * Colours. The first series use VS Code's chart colours (so light, dark and high-contrast
 * themes pick them), through CSS variables defined in styles.css with fallbacks for the
 * standalone report. Pools larger than the palette get evenly spread hues (golden angle), still
 * one colour per endpoint.
 */

/** Number of `--rb-series-N` variables defined in styles.css. */
export const THEMED_SERIES = 10;

const GOLDEN_ANGLE = 137.508;

export function seriesColor(index: number): string {
  if (index < 0) return 'var(--rb-fg)';
  if (index < THEMED_SERIES) return `var(--rb-series-${index})`;
  const hue = (index * GOLDEN_ANGLE) % 360;
  // Lightness alternates so neighbours in hue still differ; 50-60% reads on light and dark.
  const light = 45 + (index % 3) * 8;
  return `hsl(${hue.toFixed(1)}, 65%, ${light}%)`;
}

/** Marker colours for run events: trouble in red (a level in panic, a policy holding retries back too), recovery in green, membership in blue. */
export function eventColor(type: string): string {
  switch (type) {
    case 'slowed':
    case 'stalled':
    case 'failed':
    case 'ejected':
    case 'left':
    case 'removed':
    case 'discovery-error':
    case 'panic':
    case 'budget-exhausted':
    case 'throttling-on':
      return 'var(--rb-bad)';
    case 'restored':
    case 'recovered':
    case 'panic-ended':
    case 'budget-recovered':
    case 'throttling-off':
      return 'var(--rb-good)';
    default:
      return 'var(--rb-info)';
  }
}
