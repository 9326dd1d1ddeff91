/**
 * Which cells of a form add up across units (可汇总指标). Sums of entered amounts, of year-to-date,
 * previous-period and last-year columns, and of formulas that only add and subtract cells are
 * sums of the same thing; a ratio, a product or a constant in a formula (产品销售率 = 销售产值 /
 * 总产值 × 100) is not — the aggregate of a ratio is the ratio of the aggregates, which the
 * derived indicators compute from the summed parts. Text cells never aggregate.
 */
import type { FormModel } from '../../surveys/index.ts';

type Node = Parameters<typeof isLinear>[0];

/** A formula built only from cells with +, −, unary minus and SUM. */
function isLinear(
  node:
    | { kind: 'number' }
    | { kind: 'cell' }
    | { kind: 'neg'; arg: Node }
    | { kind: 'binary'; op: string; left: Node; right: Node }
    | { kind: 'sum'; args: Node[] },
): boolean {
  switch (node.kind) {
    case 'cell':
      return true;
    case 'number':
      return false;
    case 'neg':
      return isLinear(node.arg);
    case 'binary':
      return (node.op === '+' || node.op === '-') && isLinear(node.left) && isLinear(node.right);
    case 'sum':
      return node.args.every(isLinear);
  }
}

/**
 * The cells (`indicator.column`) of a form version's model that are aggregated. Also left out:
 * last-year and previous-period columns (上年同期, 上期) — additive, but they repeat another
 * period's figures, which that period's own aggregates already hold; the microdata keep them.
 */
export function additiveItems(model: FormModel): Set<string> {
  const out = new Set<string>();
  for (const [ref, cell] of model.cells) {
    if (cell.type !== 'decimal' && cell.type !== 'integer') continue;
    if (cell.source.kind === 'formula' && !isLinear(cell.source.node as Node)) continue;
    if (cell.source.kind === 'last_year' || cell.source.kind === 'previous_period') continue;
    out.add(ref);
  }
  return out;
}
