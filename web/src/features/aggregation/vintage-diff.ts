/** What changed between two vintages of a unit's report (the microdata drawer shows it). */

export interface CellChange {
  cell: string;
  /** null: the cell had no value in the earlier vintage. */
  before: string | null;
  /** null: the cell has no value in the later vintage. */
  after: string | null;
}

/**
 * The cells whose value differs between two vintages — added, removed or changed — in cell
 * order. Values are exact decimal text, so "12.50" and "12.5" would count as a change; the
 * server trims scales, so equal numbers arrive as equal text.
 */
export function valueDiff(before: Record<string, string>, after: Record<string, string>): CellChange[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return keys
    .filter((k) => before[k] !== after[k])
    .map((k) => ({ cell: k, before: before[k] ?? null, after: after[k] ?? null }));
}
