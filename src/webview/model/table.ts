/**
 * The accessible table under each chart: plain strings, so the renderer can only put them in
 * as text and screen readers get the same numbers the chart draws.
 */
export interface TableModel {
  caption: string;
  columns: string[];
  /** Columns after the first that hold numbers (right-aligned). */
  numeric: boolean[];
  rows: string[][];
}

export function table(caption: string, columns: string[], rows: string[][], numericFrom = 1): TableModel {
  return { caption, columns, numeric: columns.map((_, i) => i >= numericFrom), rows };
}
