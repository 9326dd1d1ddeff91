/**
 * What the checker needs to know about a form (报表) to type a rule: its indicators with types,
 * its columns, the other forms a rule may read, the register attributes of the reporting unit.
 * Field names follow surveys' form definition (`decimals`, `codeList`, `columns`, column
 * `source`) so a definition can be handed over with little or no mapping; types come from here,
 * never from the values a record happens to carry.
 */

export type ValueType = 'decimal' | 'integer' | 'text' | 'code';

export interface IndicatorSchema {
  code: string;
  type: ValueType;
  /** Digits after the point of a decimal indicator (integers have 0). Default 2. */
  decimals?: number;
  /** For code indicators: the code list's code (items in FormSchema.codeLists). */
  codeList?: string;
  /** The columns this indicator has (default: all the form's columns). */
  columns?: readonly string[];
}

export interface ColumnSchema {
  code: string;
  /** Where the column's values come from; `{ kind: 'ytd', of: 'current' }` makes ytd() available. */
  source?: { kind: string; of?: string; column?: string };
}

export interface AttributeSchema {
  type: ValueType;
  decimals?: number;
  codeList?: string;
}

export interface FormSchema {
  /** 表号, e.g. B204-1 */
  formCode: string;
  /** In definition order: ranges (`B02.current:B09.current`) follow it. */
  indicators: readonly IndicatorSchema[];
  columns: readonly ColumnSchema[];
  /** Items of code lists, by list code (to check `in` lists and comparisons with literals). */
  codeLists?: Record<string, readonly string[]>;
  /** Other forms of the same unit and period a rule may read as `[B204-1]B01.current`. */
  otherForms?: Record<string, FormSchema>;
  /** Register attributes readable as `unit.<name>`; default UNIT_ATTRIBUTES. */
  unitAttributes?: Record<string, AttributeSchema>;
}

/** The register attributes every reporting unit has (名录库). */
export const UNIT_ATTRIBUTES: Record<string, AttributeSchema> = {
  /** 行业代码 (GB/T 4754 class, 4 digits) */
  industry: { type: 'text' },
  /** 规模 large | medium | small | micro */
  size: { type: 'code', codeList: 'size' },
  /** 区划代码 (12 digits) */
  division: { type: 'text' },
  /** 从业人员 */
  employees: { type: 'integer' },
};

export const SIZE_CODES: readonly string[] = ['large', 'medium', 'small', 'micro'];

/** A cell of a form, resolved. */
export interface CellSchema {
  indicator: string;
  column: string;
  type: ValueType;
  /** Digits after the point for numeric cells. */
  decimals: number;
  codeList?: string;
}

/** Digits after the point of a numeric type. */
export function decimalsOf(t: { type: ValueType; decimals?: number }): number {
  return t.type === 'integer' ? 0 : t.type === 'decimal' ? (t.decimals ?? 2) : 0;
}

const index = new WeakMap<FormSchema, Map<string, CellSchema>>();

/** The cells of a form by `indicator.column` (memoised per schema object). */
export function cellsOf(form: FormSchema): Map<string, CellSchema> {
  let cells = index.get(form);
  if (cells) return cells;
  cells = new Map();
  const all = form.columns.map((c) => c.code);
  for (const ind of form.indicators) {
    for (const col of ind.columns ?? all) {
      cells.set(`${ind.code}.${col}`, {
        indicator: ind.code,
        column: col,
        type: ind.type,
        decimals: decimalsOf(ind),
        codeList: ind.codeList,
      });
    }
  }
  index.set(form, cells);
  return cells;
}

/** The column holding the year-to-date of `column`, if the form has one. */
export function ytdColumnOf(form: FormSchema, column: string): string | null {
  return form.columns.find((c) => c.source?.kind === 'ytd' && c.source.of === column)?.code ?? null;
}

/** The parts of a surveys form definition (报表定义) a schema is built from (structural, no import). */
export interface DefinitionLike {
  form: { code: string };
  indicators: readonly IndicatorSchema[];
  columns: readonly ColumnSchema[];
  codeLists?: readonly { code: string; items: readonly { code: string }[] }[];
}

/** A FormSchema from a form definition, with the other forms a rule may read. */
export function schemaFromDefinition(
  def: DefinitionLike,
  others: readonly DefinitionLike[] = [],
  unitAttributes?: Record<string, AttributeSchema>,
): FormSchema {
  const base = (d: DefinitionLike): FormSchema => ({
    formCode: d.form.code,
    indicators: d.indicators.map(({ code, type, decimals, codeList, columns }) => ({
      code,
      type,
      decimals,
      codeList,
      columns,
    })),
    columns: d.columns.map(({ code, source }) => ({ code, source })),
    codeLists: Object.fromEntries((d.codeLists ?? []).map((l) => [l.code, l.items.map((i) => i.code)])),
  });
  const schema = base(def);
  if (others.length) schema.otherForms = Object.fromEntries(others.map((o) => [o.form.code, base(o)]));
  if (unitAttributes) schema.unitAttributes = unitAttributes;
  return schema;
}
