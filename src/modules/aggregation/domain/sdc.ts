/**
 * Statistical disclosure control (统计数据保密, 单元格抑制): which cells of a table published outside
 * the bureau are sensitive (primary suppression), and the table they sit in, with its additivity
 * (a total = the sum of its parts, along rows and columns, at every level of a hierarchy).
 * Secondary suppression and the audit are in suppression.ts.
 *
 * The rules, on one cell's contributions (all configurable, defaults in DEFAULT_SDC_RULES):
 * - frequency: fewer than `minFrequency` (3) contributing units — with one, the figure is that
 *   unit's; with two, each learns the other's by subtraction. An empty cell discloses nothing.
 * - dominance (n, k): the n largest contributions exceed k% of the cell (1 > 85%, 2 > 90%).
 * - p%: the second largest contributor could estimate the largest within p% — the remainder
 *   T − x1 − x2 is under p% of x1. Off by default (dominance covers the usual cases).
 * Contributions are assumed non-negative (output, revenue, persons employed); for an indicator
 * that can be negative (profit), apply the rules to a non-negative companion (revenue) of the same
 * units, as usual practice is. The decisions are exact (decimal arithmetic).
 *
 * Protection level: how far either way the published table must leave a suppressed cell's
 * value uncertain — the amount by which the cell would have to grow for the rule to hold
 * ((100/k)·Σtop-n − T for dominance, (p/100)·x1 − (T − x1 − x2) for p%), and for the frequency
 * rule `frequencyProtectionPercent` of the value; never less than `minProtection`, so a
 * suppressed cell is never pinned to a single value. Downward the protection is capped at the
 * value itself (no cell goes below zero).
 */
import {
  add,
  compare,
  type Dec,
  decFromNumber,
  decToText,
  mul,
  parseDec,
  sub,
  ZERO,
} from '../../../platform/decimal.ts';

export interface DominanceRule {
  /** The number of largest contributions summed. */
  n: number;
  /** The share (%) they may not exceed. */
  k: number;
}

export interface SdcRules {
  minFrequency: number;
  dominance: readonly DominanceRule[];
  /** p of the p% rule; null turns it off. */
  pPercent: number | null;
  /** The protection a cell suppressed for frequency alone needs, as % of its value. */
  frequencyProtectionPercent: number;
  /** The least protection any suppressed cell gets, in the indicator's unit. */
  minProtection: number;
}

export const DEFAULT_SDC_RULES: SdcRules = {
  minFrequency: 3,
  dominance: [
    { n: 1, k: 85 },
    { n: 2, k: 90 },
  ],
  pPercent: null,
  frequencyProtectionPercent: 10,
  minProtection: 1,
};

export type DecInput = Dec | string;

/** What disclosure control needs of a cell: its sum, its contributor count, its largest contributions. */
export interface SdcCell {
  value: DecInput;
  count: number;
  /** The largest contributions, largest first; two suffice for the default rules (max n of dominance). */
  top: readonly DecInput[];
}

export type SensitivityReason = 'frequency' | 'dominance' | 'p-percent';

export interface CellAssessment {
  sensitive: boolean;
  reasons: SensitivityReason[];
  /** Required protection either way (0 when not sensitive), in the indicator's unit. */
  protection: number;
}

const dec = (x: DecInput): Dec => {
  if (typeof x !== 'string') return x;
  const d = parseDec(x);
  if (!d) throw new Error(`not a decimal: ${x}`);
  return d;
};
const num = (d: Dec): number => Number(decToText(d));
const decOf = (x: number): Dec => decFromNumber(x)!;
const HUNDRED = decOf(100);

/** Applies the primary rules to one cell. */
export function assessCell(cell: SdcCell, rules: SdcRules = DEFAULT_SDC_RULES): CellAssessment {
  if (cell.count <= 0) return { sensitive: false, reasons: [], protection: 0 };
  const total = dec(cell.value);
  const top = cell.top.map(dec);
  const reasons: SensitivityReason[] = [];
  let protection = 0;
  if (cell.count < rules.minFrequency) {
    reasons.push('frequency');
    protection = Math.max(protection, (rules.frequencyProtectionPercent / 100) * Math.abs(num(total)));
  }
  for (const { n, k } of rules.dominance) {
    if (top.length < Math.min(n, cell.count))
      throw new Error(`dominance (${n}, ${k}) needs the top ${n} contributions`);
    const topSum = top.slice(0, n).reduce(add, ZERO);
    // Σtop-n > k% of T, exactly: 100·Σ > k·T.
    if (compare(mul(topSum, HUNDRED), mul(decOf(k), total)) > 0) {
      if (!reasons.includes('dominance')) reasons.push('dominance');
      protection = Math.max(protection, (100 / k) * num(topSum) - num(total));
    }
  }
  if (rules.pPercent !== null && cell.count >= 2) {
    if (top.length < 2) throw new Error('the p% rule needs the top two contributions');
    const remainder = sub(sub(total, top[0]), top[1]);
    // T − x1 − x2 < p% of x1, exactly: 100·(T − x1 − x2) < p·x1.
    if (compare(mul(remainder, HUNDRED), mul(decOf(rules.pPercent), top[0])) < 0) {
      reasons.push('p-percent');
      protection = Math.max(protection, (rules.pPercent / 100) * num(top[0]) - num(remainder));
    }
  } else if (rules.pPercent !== null && cell.count === 1) {
    reasons.push('p-percent');
    protection = Math.max(protection, (rules.pPercent / 100) * Math.abs(num(total)));
  }
  if (!reasons.length) return { sensitive: false, reasons, protection: 0 };
  return { sensitive: true, reasons, protection: Math.max(protection, rules.minProtection) };
}

/** One dimension's classification as a tree: the root is the total (合计), children its parts. */
export interface Hierarchy {
  code: string;
  children?: readonly Hierarchy[];
}

/** An additive relation along one dimension: node `total` = Σ nodes `parts`. */
interface Group {
  total: number;
  parts: number[];
}

/**
 * A two-dimensional table with hierarchical margins, e.g. counties (under the city total) ×
 * industry divisions (under sections, under the total), or a one-way table (one dimension a lone
 * root: the city's divisions under sections). Cell (r, c) has index r·cols.length + c.
 */
export interface SdcTable {
  rows: string[];
  cols: string[];
  /** Cell values as numbers (protection is about intervals, not exact sums). */
  values: number[];
  /** Each cell's assessment under the rules the table was built with. */
  assessments: CellAssessment[];
  /** total cell = Σ part cells, one per (row group × column) and (row × column group). */
  equations: { total: number; parts: number[] }[];
  /** Sub-tables (one row group × one column group): where complementary cells are looked for. */
  rowGroups: Group[];
  colGroups: Group[];
}

function flatten(root: Hierarchy): { codes: string[]; groups: Group[] } {
  const codes: string[] = [];
  const groups: Group[] = [];
  const walk = (node: Hierarchy): number => {
    const at = codes.length;
    codes.push(node.code);
    if (node.children?.length) groups.push({ total: at, parts: node.children.map(walk) });
    return at;
  };
  walk(root);
  if (new Set(codes).size !== codes.length) throw new Error('a hierarchy repeats a code');
  return { codes, groups };
}

/**
 * Builds the table from two hierarchies and a cell lookup (undefined = empty cell), assesses each
 * cell, and checks that the values are additive — exactly, since they come from exact aggregates.
 */
export function buildSdcTable(
  rowTree: Hierarchy,
  colTree: Hierarchy,
  cellOf: (row: string, col: string) => SdcCell | undefined,
  rules: SdcRules = DEFAULT_SDC_RULES,
): SdcTable {
  const r = flatten(rowTree);
  const c = flatten(colTree);
  // A one-way table (rows or columns a lone total) is fine; a single cell has nothing to add up.
  if (!r.groups.length && !c.groups.length) throw new Error('a table needs a total and parts');
  const nc = c.codes.length;
  const exact: Dec[] = [];
  const values: number[] = [];
  const assessments: CellAssessment[] = [];
  for (const row of r.codes) {
    for (const col of c.codes) {
      const cell = cellOf(row, col);
      const v = cell ? dec(cell.value) : ZERO;
      if (v.c < 0n) throw new Error(`cell ${row} × ${col} is negative: protect a non-negative indicator`);
      exact.push(v);
      values.push(num(v));
      assessments.push(cell ? assessCell(cell, rules) : { sensitive: false, reasons: [], protection: 0 });
    }
  }
  const equations: { total: number; parts: number[] }[] = [];
  for (const g of r.groups) {
    for (let col = 0; col < nc; col++) {
      equations.push({ total: g.total * nc + col, parts: g.parts.map((p) => p * nc + col) });
    }
  }
  for (let row = 0; row < r.codes.length; row++) {
    for (const g of c.groups) {
      equations.push({ total: row * nc + g.total, parts: g.parts.map((p) => row * nc + p) });
    }
  }
  for (const eq of equations) {
    const sum = eq.parts.reduce((s, p) => add(s, exact[p]), ZERO);
    if (compare(sum, exact[eq.total]) !== 0) {
      const at = eq.total;
      throw new Error(
        `cell ${r.codes[Math.floor(at / nc)]} × ${c.codes[at % nc]} is not the sum of its parts`,
      );
    }
  }
  return {
    rows: r.codes,
    cols: c.codes,
    values,
    assessments,
    equations,
    rowGroups: r.groups,
    colGroups: c.groups,
  };
}
