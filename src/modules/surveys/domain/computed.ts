/**
 * Evaluating computed cells (计算单元格) for one unit and period: carried values (上期, 上年同期),
 * year-to-date sums (累计) and formula totals, in dependency order, exactly (bigint decimals; see
 * decimal.ts) and rounded once per cell to its indicator's decimals.
 *
 * Missing values (blank cells):
 * - In `+`, `-` and `sum`, a blank counts as zero (a blank line on a paper form means nothing to
 *   report), but a result whose every input is blank stays blank — a total of nothing is not 0.
 * - In `*` and `/`, a blank operand or a zero divisor makes the result blank.
 * - Year to date: in the first period of the year it equals its source cell; later it is the
 *   previous period's year-to-date plus the source cell, blank counting as zero; when the previous
 *   period was never reported it stays blank rather than silently restarting from zero.
 */
import {
  add,
  type Dec,
  decToText,
  div,
  mul,
  normalize,
  parseDec,
  round,
  ZERO,
} from '../../../platform/decimal.ts';

/** Computed cells keep 12 digits in a quotient before rounding to the cell's decimals once. */
const QUOTIENT_SCALE = 12;

import type { FormulaNode } from './formula.ts';
import type { CellInfo, FormModel } from './model.ts';

/** Cell values of one unit and period: `{ "A01.current": "1250.5" }`; absent or null = blank. */
export type CellValues = Record<string, string | null | undefined>;

export interface EvaluationContext {
  /** Values of the previous period; null when the unit did not report it. */
  previous?: CellValues | null;
  /** Values of the same period last year; null when not reported. */
  lastYear?: CellValues | null;
  /** Whether this period opens its year (year-to-date restarts). */
  firstOfYear: boolean;
}

/** A value and whether any input behind it was present. */
type Val = Dec | null;

function read(values: CellValues | null | undefined, ref: string): Val {
  const v = values?.[ref];
  if (v === null || v === undefined || v === '') return null;
  return parseDec(v);
}

function evalNode(node: FormulaNode, get: (ref: string) => Val): Val {
  switch (node.kind) {
    case 'number':
      return node.value;
    case 'cell':
      return get(node.ref);
    case 'neg': {
      const v = evalNode(node.arg, get);
      return v && { c: -v.c, s: v.s };
    }
    case 'sum':
      return node.args.map((a) => evalNode(a, get)).reduce<Val>((acc, v) => plus(acc, v), null);
    case 'binary': {
      const l = evalNode(node.left, get);
      const r = evalNode(node.right, get);
      switch (node.op) {
        case '+':
          return plus(l, r);
        case '-':
          return plus(l, r && { c: -r.c, s: r.s });
        case '*':
          return l && r && mul(l, r);
        case '/':
          return l && r && div(l, r, QUOTIENT_SCALE);
      }
    }
  }
}

/** Blank-as-zero addition that stays blank when both sides are blank. */
function plus(a: Val, b: Val): Val {
  if (a === null) return b;
  if (b === null) return a;
  return add(a, b);
}

function finish(cell: CellInfo, v: Val): string | null {
  if (v === null) return null;
  return decToText(cell.decimals === null ? normalize(v) : round(v, cell.decimals));
}

/**
 * Every cell's value: entered cells as given (canonicalised), derived and computed cells
 * evaluated. Entered values that are not numbers in numeric cells are left as they are — type
 * checks belong to validation, which reports them by cell.
 */
export function evaluateCells(
  model: FormModel,
  entered: CellValues,
  ctx: EvaluationContext,
): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  const numeric = (ref: string): Val => {
    const v = out[ref];
    return v === null || v === undefined ? null : parseDec(v);
  };
  for (const ref of model.order) {
    const cell = model.cells.get(ref)!;
    const src = cell.source;
    switch (src.kind) {
      case 'entered': {
        const raw = entered[ref];
        if (raw === undefined || raw === null || raw === '') out[ref] = null;
        else if (cell.decimals !== null) {
          const d = parseDec(raw);
          out[ref] = d ? decToText(d) : raw;
        } else out[ref] = raw;
        break;
      }
      case 'previous_period': {
        const v = ctx.previous?.[src.from];
        out[ref] = v === undefined || v === '' ? null : v;
        break;
      }
      case 'last_year': {
        const v = ctx.lastYear?.[src.from];
        out[ref] = v === undefined || v === '' ? null : v;
        break;
      }
      case 'ytd': {
        const current = numeric(src.of);
        if (ctx.firstOfYear) out[ref] = finish(cell, current);
        else if (!ctx.previous) out[ref] = null;
        else out[ref] = finish(cell, add(read(ctx.previous, ref) ?? ZERO, current ?? ZERO));
        break;
      }
      case 'formula':
        out[ref] = finish(cell, evalNode(src.node, numeric));
        break;
    }
  }
  return out;
}
