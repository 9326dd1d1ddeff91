/**
 * Importing historical series (历史数据导入) from CSV or Excel, in two layouts:
 * - long: one value per row — indicator, a column per dimension, period, value, status, note;
 * - wide: a yearbook table (年鉴表) of one indicator — rows are the codes of one dimension (the
 *   first column's header names it; a name column may follow), columns are periods.
 * The whole file is checked first; any problem answers 422 listing every one with row and column
 * and nothing is written; otherwise one transaction writes the new vintages and audits them.
 */
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { RequestContext } from '../../platform/audit.ts';
import { assertRole } from '../../platform/auth.ts';
import type { Db } from '../../platform/db.ts';
import { decFromNumber, decToText } from '../../platform/decimal.ts';
import type { CodeListCache } from './codelists.ts';
import { DIMENSIONS, type Dimension, type ObservationProblem } from './contract.ts';
import { checkObservations, type IncomingObservation } from './domain/check.ts';
import { statdbProblems as P } from './problems.ts';
import { WRITERS } from './queries.ts';
import type { Store } from './store.ts';

export const MAX_IMPORT_ROWS = 200_000;

type Field = 'indicator' | 'period' | 'value' | 'status' | 'note' | Dimension | 'ignore';

/** Column headers as people write them (English names, Chinese names). */
const HEADER_ALIASES: Record<string, Field> = {
  indicator: 'indicator',
  指标: 'indicator',
  指标代码: 'indicator',
  period: 'period',
  报告期: 'period',
  时期: 'period',
  value: 'value',
  数值: 'value',
  值: 'value',
  status: 'status',
  状态: 'status',
  note: 'note',
  注释: 'note',
  备注: 'note',
  region: 'region',
  地区: 'region',
  地区代码: 'region',
  industry: 'industry',
  行业: 'industry',
  行业代码: 'industry',
  size: 'size',
  规模: 'size',
  企业规模: 'size',
  regtype: 'regtype',
  登记注册类型: 'regtype',
  name: 'ignore',
  名称: 'ignore',
  unit: 'ignore',
  单位: 'ignore',
};
const fieldOf = (header: string): Field | undefined => HEADER_ALIASES[header.trim().toLowerCase()];

const STATUS_ALIASES: Record<string, string> = {
  初步: 'preliminary',
  初步数: 'preliminary',
  修订: 'revised',
  修订数: 'revised',
  最终: 'final',
  最终数: 'final',
  '': 'final',
};

/** Marks yearbooks print for "no figure" (不详, 不公布): such a cell is simply not imported. */
const NO_FIGURE = new Set(['', '—', '-', '–', '…', '...', '..', 'x', 'X']);

/** A1-style letter of a 0-based column index. */
export function columnLetter(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') {
    const d = decFromNumber(v);
    return d ? decToText(d) : String(v);
  }
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'boolean') return String(v);
  // Excel turns "2019-01" typed into a cell into a date: read it back as the month it was.
  if (v instanceof Date) return `${v.getUTCFullYear()}-${String(v.getUTCMonth() + 1).padStart(2, '0')}`;
  if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
  if ('richText' in v)
    return v.richText
      .map((r) => r.text)
      .join('')
      .trim();
  if ('text' in v) return String(v.text).trim();
  return '';
}

/** The file's rows as text cells (xlsx: the first worksheet; CSV: UTF-8, BOM allowed). */
export async function readTable(data: Buffer): Promise<string[][]> {
  const isXlsx = data.length > 4 && data[0] === 0x50 && data[1] === 0x4b;
  if (isXlsx) {
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.load(data as unknown as ArrayBuffer);
    } catch (e) {
      throw P.bad_file({ reason: (e as Error).message.slice(0, 200) });
    }
    const ws = wb.worksheets[0];
    if (!ws) throw P.bad_file({ reason: 'no worksheet' });
    const rows: string[][] = [];
    for (let r = 1; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      const cells: string[] = [];
      for (let c = 1; c <= Math.max(row.cellCount, ws.columnCount); c++)
        cells.push(cellText(row.getCell(c).value));
      rows.push(cells);
    }
    return rows;
  }
  try {
    return parse(data.toString('utf8').replace(/^\ufeff/, ''), {
      relax_column_count: true,
      skip_empty_lines: false,
    }).map((r: string[]) => r.map((c) => c.trim()));
  } catch (e) {
    throw P.bad_file({ reason: (e as Error).message.slice(0, 200) });
  }
}

export interface ImportOptions {
  layout?: 'long' | 'wide';
  indicator?: string;
  status?: string;
  source?: string;
  fixed: Partial<Record<Dimension, string>>;
}

const problemAt = (
  row: number,
  column: string | null,
  code: string,
  value: string | null,
  zh: string,
  en: string,
) => ({ row, column, code, value, messages: { 'zh-CN': zh, 'en-US': en } }) satisfies ObservationProblem;

/** Turns a table into observations with where each came from, plus the layout's own problems. */
export function observationsOfTable(
  table: string[][],
  opts: ImportOptions,
  indicatorDims: (code: string) => readonly string[] | undefined,
  defaultCode: (d: Dimension) => string,
): { items: IncomingObservation[]; problems: ObservationProblem[] } {
  const problems: ObservationProblem[] = [];
  const items: IncomingObservation[] = [];
  const header = table[0] ?? [];
  const fields = header.map((h) => fieldOf(h));
  const looksLong = fields.includes('value') && fields.includes('period');
  const layout = opts.layout ?? (looksLong ? 'long' : 'wide');
  const isBlank = (r: string[]) => r.every((c) => c === '');
  const col = (i: number) => `${columnLetter(i)} (${header[i] ?? ''})`;
  const status = (raw: string) => STATUS_ALIASES[raw] ?? raw;
  if (!header.length || isBlank(header)) {
    problems.push(problemAt(1, null, 'no_header', null, '文件没有表头行', 'The file has no header row'));
    return { items, problems };
  }

  if (layout === 'long') {
    header.forEach((h, i) => {
      if (h === '' || fields[i]) return;
      problems.push(
        problemAt(
          1,
          col(i),
          'unknown_dimension',
          h,
          `未知的列（维度）：${h}`,
          `Unknown column (dimension): ${h}`,
        ),
      );
    });
    for (const need of ['indicator', 'period', 'value'] as const)
      if (!fields.includes(need))
        problems.push(
          problemAt(1, null, 'missing_column', need, `缺少列：${need}`, `Missing column: ${need}`),
        );
    if (problems.length) return { items, problems };
    const at = (f: Field) => fields.indexOf(f);
    for (let r = 1; r < table.length; r++) {
      const row = table[r]!;
      if (isBlank(row)) continue;
      const get = (f: Field) => (at(f) >= 0 ? (row[at(f)] ?? '') : '');
      const indicator = get('indicator');
      const own = indicatorDims(indicator);
      const dims: Record<string, string> = {};
      const columns: Record<string, string> = {
        indicator: col(at('indicator')),
        period: col(at('period')),
        value: col(at('value')),
      };
      if (at('status') >= 0) columns.status = col(at('status'));
      if (at('note') >= 0) columns.note = col(at('note'));
      for (const d of DIMENSIONS) {
        if (at(d) < 0) continue;
        columns[d] = col(at(d));
        const v = get(d);
        // A blank cell of a dimension the indicator does not have is just an empty column.
        if (v !== '' || own?.includes(d)) dims[d] = v;
      }
      const value = get('value');
      items.push({
        indicator,
        dims,
        period: get('period'),
        value: NO_FIGURE.has(value) ? null : value,
        status: status(get('status')),
        note: get('note') || null,
        row: r + 1,
        columns,
      });
    }
    return { items, problems };
  }

  // Wide: a yearbook table of one indicator.
  const indicator = opts.indicator ?? '';
  if (!indicator)
    problems.push(
      problemAt(
        1,
        null,
        'missing_indicator',
        null,
        '年鉴表格式须指定指标',
        'A wide (yearbook) table needs the indicator',
      ),
    );
  const rowDim = fields[0];
  if (!rowDim || !(DIMENSIONS as readonly string[]).includes(rowDim)) {
    problems.push(
      problemAt(
        1,
        col(0),
        'unknown_dimension',
        header[0] ?? '',
        `第一列的表头应为维度（region/地区、industry/行业 …）：${header[0] ?? ''}`,
        `The first column's header must name a dimension (region, industry …): ${header[0] ?? ''}`,
      ),
    );
    return { items, problems };
  }
  const own = indicatorDims(indicator);
  const fixed: Record<string, string> = {};
  for (const d of own ?? [])
    if (d !== rowDim) fixed[d] = opts.fixed[d as Dimension] ?? defaultCode(d as Dimension);
  const periodCols = header.map((_, i) => i).filter((i) => i > 0 && fields[i] !== 'ignore');
  for (let r = 1; r < table.length; r++) {
    const row = table[r]!;
    if (isBlank(row)) continue;
    for (const i of periodCols) {
      const v = row[i] ?? '';
      if (NO_FIGURE.has(v)) continue;
      items.push({
        indicator,
        dims: { ...fixed, [rowDim]: row[0] ?? '' },
        period: header[i]!,
        value: v,
        status: status(opts.status ?? 'final'),
        note: null,
        row: r + 1,
        columns: {
          [rowDim]: col(0),
          period: col(i),
          value: col(i),
          indicator: 'indicator',
          status: 'status',
        },
      });
    }
  }
  return { items, problems };
}

export function createImports(deps: { db: Db; store: Store; lists: CodeListCache }) {
  return {
    /** Checks the whole file; 422 listing every problem; else writes it in one transaction. */
    async importFile(ctx: RequestContext, data: Buffer, opts: ImportOptions) {
      assertRole(ctx.actor, WRITERS);
      const table = await readTable(data);
      if (table.length - 1 > MAX_IMPORT_ROWS)
        throw P.bad_file({ reason: `more than ${MAX_IMPORT_ROWS} rows` });
      const indicators = await deps.store.indicatorRows(deps.db);
      const lists = await deps.lists.get(deps.db);
      const { items, problems } = observationsOfTable(
        table,
        opts,
        (code) => indicators.get(code)?.dimensions,
        (d) => lists[d].defaultCode,
      );
      const checked = checkObservations(items, indicators, lists);
      if (!checked.ok) problems.push(...checked.problems);
      if (problems.length || !checked.ok) {
        problems.sort((a, b) => a.row - b.row);
        throw P.invalid_observations({ count: problems.length }, { problems });
      }
      const source = opts.source?.trim() || 'import';
      const result = await deps.db.transaction().execute((trx) =>
        deps.store.write(trx, checked.observations, source, {
          by: ctx.actor.username,
          actor: ctx.actor,
          ip: ctx.ip,
          userAgent: ctx.userAgent,
        }),
      );
      result.announce();
      return {
        rows: checked.observations.length,
        written: result.written,
        unchanged: result.unchanged,
        indicators: [...new Set(checked.observations.map((o) => o.indicator))].sort(),
      };
    },
  };
}
export type Imports = ReturnType<typeof createImports>;
