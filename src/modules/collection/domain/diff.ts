/** Differences between two saved versions of a submission (版本比较), cell by cell. */

export interface CellChange {
  cell: string;
  before: string | null;
  after: string | null;
}

/** Every cell whose value differs (a blank is null), in cell order of `order` then the rest. */
export function diffValues(
  before: Record<string, string | null>,
  after: Record<string, string | null>,
  order: readonly string[] = [],
): CellChange[] {
  const keys = new Set([...order, ...Object.keys(before), ...Object.keys(after)]);
  const out: CellChange[] = [];
  for (const cell of keys) {
    const b = before[cell] ?? null;
    const a = after[cell] ?? null;
    if (b !== a) out.push({ cell, before: b, after: a });
  }
  return out;
}
