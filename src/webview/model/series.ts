/**
 * Which colour each endpoint gets: its position in the result's endpoint list. Every view of one
 * result (bars, curves, timeline, ring) uses the same index, so an endpoint keeps its colour.
 * The renderer maps the index to a theme colour.
 */
export type ColorIndex = number;

export function colorIndexes(ids: readonly string[]): Map<string, ColorIndex> {
  return new Map(ids.map((id, i) => [id, i]));
}
