/**
 * The form model: every cell of a definition (indicator × its columns), where each cell's value
 * comes from, what it depends on within the same period, and an evaluation order. Built once
 * per definition; the computed-cell evaluator and (later) the rule compiler read it.
 */
import type { ColumnSource, FormDefinition, Indicator } from './definition.ts';
import { cellsOf, FormulaError, type FormulaNode, parseFormula } from './formula.ts';

/** A problem found in a definition: where (dotted path into the file) and why, in both languages. */
export interface DefinitionError {
  path: string;
  message: { 'zh-CN': string; 'en-US': string };
}

export const err = (path: string, zh: string, en: string): DefinitionError => ({
  path,
  message: { 'zh-CN': zh, 'en-US': en },
});

export type CellSource =
  | { kind: 'entered' }
  | { kind: 'previous_period'; from: string }
  | { kind: 'last_year'; from: string }
  | { kind: 'ytd'; of: string }
  | { kind: 'formula'; formula: string; node: FormulaNode };

export interface CellInfo {
  ref: string;
  indicator: string;
  column: string;
  type: Indicator['type'];
  /** Digits after the point for numeric cells (0 for integers). */
  decimals: number | null;
  source: CellSource;
  /** Cells of the same period this one reads. */
  dependsOn: string[];
}

export interface FormModel {
  cells: Map<string, CellInfo>;
  /** Cells in an order where each comes after everything it depends on. */
  order: string[];
}

export const isNumeric = (type: Indicator['type']) => type === 'decimal' || type === 'integer';

/** The columns an indicator has: its own list, or all the form's columns. */
export function columnsOf(def: Pick<FormDefinition, 'columns'>, ind: Indicator): string[] {
  return ind.columns ?? def.columns.map((c) => c.code);
}

function sourceCell(indicator: string, src: ColumnSource): CellSource {
  switch (src.kind) {
    case 'entered':
      return { kind: 'entered' };
    case 'previous_period':
      return { kind: 'previous_period', from: `${indicator}.${src.column}` };
    case 'last_year':
      return { kind: 'last_year', from: `${indicator}.${src.column}` };
    case 'ytd':
      return { kind: 'ytd', of: `${indicator}.${src.of}` };
  }
}

/**
 * Builds the model and reports every cell-level problem: computed cells that do not exist or are
 * not numeric, formulas that do not parse or read unknown or non-numeric cells, year-to-date
 * columns on text, and cycles. A computed entry overrides its column's source (a ratio's
 * year-to-date is a ratio of year-to-date sums, not a sum of ratios). Assumes codes were checked
 * for duplicates.
 */
export function buildModel(def: FormDefinition): { model: FormModel; errors: DefinitionError[] } {
  const errors: DefinitionError[] = [];
  const cells = new Map<string, CellInfo>();
  const columnByCode = new Map(def.columns.map((c) => [c.code, c]));

  def.indicators.forEach((ind, i) => {
    for (const col of columnsOf(def, ind)) {
      const column = columnByCode.get(col);
      if (!column) continue; // reported by the reference checks
      const ref = `${ind.code}.${col}`;
      const source = sourceCell(ind.code, column.source);
      if (source.kind === 'ytd' && !isNumeric(ind.type)) {
        errors.push(
          err(
            `indicators.${i}.columns`,
            `文本或代码指标 ${ind.code} 不能有累计栏 ${col}`,
            `text or code indicator ${ind.code} cannot have the year-to-date column ${col}`,
          ),
        );
        continue;
      }
      cells.set(ref, {
        ref,
        indicator: ind.code,
        column: col,
        type: ind.type,
        decimals: ind.type === 'decimal' ? ind.decimals : ind.type === 'integer' ? 0 : null,
        source,
        dependsOn: source.kind === 'ytd' ? [source.of] : [],
      });
    }
  });

  // A derived cell whose source cell is missing (the indicator lacks that column).
  for (const c of cells.values()) {
    const from = c.source.kind === 'ytd' ? c.source.of : 'from' in c.source ? c.source.from : null;
    if (from && !cells.has(from)) {
      const i = def.indicators.findIndex((x) => x.code === c.indicator);
      errors.push(
        err(
          `indicators.${i}.columns`,
          `单元格 ${c.ref} 取自 ${from}，但指标 ${c.indicator} 没有该栏`,
          `cell ${c.ref} is derived from ${from}, but indicator ${c.indicator} lacks that column`,
        ),
      );
    }
  }

  (def.computed ?? []).forEach((comp, i) => {
    const path = `computed.${i}`;
    const target = cells.get(comp.cell);
    if (!target) {
      errors.push(err(`${path}.cell`, `单元格 ${comp.cell} 不存在`, `cell ${comp.cell} does not exist`));
      return;
    }
    if (!isNumeric(target.type)) {
      errors.push(
        err(
          `${path}.cell`,
          `计算单元格 ${comp.cell} 必须是数值指标`,
          `computed cell ${comp.cell} must be a numeric indicator`,
        ),
      );
      return;
    }
    let node: FormulaNode;
    try {
      node = parseFormula(comp.formula);
    } catch (e) {
      if (!(e instanceof FormulaError)) throw e;
      errors.push(
        err(
          `${path}.formula`,
          `公式第 ${e.at + 1} 列：${e.reason.zh}`,
          `formula, column ${e.at + 1}: ${e.reason.en}`,
        ),
      );
      return;
    }
    const refs = cellsOf(node);
    let ok = true;
    for (const r of refs) {
      const c = cells.get(r.ref);
      if (!c) {
        ok = false;
        errors.push(
          err(
            `${path}.formula`,
            `公式第 ${r.at + 1} 列引用了不存在的单元格 ${r.ref}`,
            `formula, column ${r.at + 1}: unknown cell ${r.ref}`,
          ),
        );
      } else if (!isNumeric(c.type)) {
        ok = false;
        errors.push(
          err(
            `${path}.formula`,
            `公式第 ${r.at + 1} 列引用的 ${r.ref} 不是数值单元格`,
            `formula, column ${r.at + 1}: ${r.ref} is not a numeric cell`,
          ),
        );
      }
    }
    if (!ok) return;
    target.source = { kind: 'formula', formula: comp.formula, node };
    target.dependsOn = [...new Set(refs.map((r) => r.ref))];
  });

  const { order, cycles } = topoOrder(cells);
  for (const cycle of cycles) {
    const i = (def.computed ?? []).findIndex((c) => cycle.includes(c.cell));
    errors.push(
      err(
        i >= 0 ? `computed.${i}.formula` : 'columns',
        `计算单元格循环引用：${cycle.join(' → ')}`,
        `computed cells form a cycle: ${cycle.join(' → ')}`,
      ),
    );
  }
  return { model: { cells, order }, errors };
}

/** Depth-first topological order; each cycle is reported once, as the path that closes it. */
function topoOrder(cells: Map<string, CellInfo>): { order: string[]; cycles: string[][] } {
  const state = new Map<string, 'visiting' | 'done'>();
  const order: string[] = [];
  const cycles: string[][] = [];
  const stack: string[] = [];
  const visit = (ref: string) => {
    const s = state.get(ref);
    if (s === 'done') return;
    if (s === 'visiting') {
      cycles.push([...stack.slice(stack.indexOf(ref)), ref]);
      return;
    }
    state.set(ref, 'visiting');
    stack.push(ref);
    for (const d of cells.get(ref)?.dependsOn ?? []) if (cells.has(d)) visit(d);
    stack.pop();
    state.set(ref, 'done');
    order.push(ref);
  };
  for (const ref of cells.keys()) visit(ref);
  return { order, cycles };
}
