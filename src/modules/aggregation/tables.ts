/**
 * Summary tables (汇总表): one additive item of a form and period, rows by a division level and
 * optionally columns by an industry level, size class or registration type, with the total row
 * and column first as yearbook tables print them; the same period last year and growth on the
 * published base (同比) and, on request, on the comparable base (同口径: the units reporting in
 * both periods). Read from the live cells (a few index range scans), or recomputed from the
 * microdata "as known on" a date.
 *
 * Outside the bureau (enterprise accounts, or staff previewing the public view) disclosure
 * control applies: primary rules per cell from its unit count and largest contributions, then
 * secondary suppression over the table as displayed (domain/suppression.ts), and growth rates are
 * hidden where last year's cell was suppressed in last year's table (a rate and this year's value
 * would give last year's back).
 */
import { sql } from 'kysely';
import type { Db } from '../../platform/db.ts';
import { type Dec, decToText, parseDec } from '../../platform/decimal.ts';
import type { COLUMN_DIMENSIONS, ROW_LEVELS } from './contract.ts';
import { STANDARD_CUTS } from './domain/cuts.ts';
import { comparableGrowth, contributionRate, growthRate, pull, share } from './domain/derived.ts';
import { REGISTRATION_LABELS, SIZE_LABELS, SIZE_ORDER } from './domain/labels.ts';
import {
  assessCell,
  buildSdcTable,
  DEFAULT_SDC_RULES,
  type Hierarchy,
  type SdcCell,
  type SdcRules,
} from './domain/sdc.ts';
import { protectTable } from './domain/suppression.ts';
import { aggregationProblems as P } from './problems.ts';

export type RowLevel = (typeof ROW_LEVELS)[number];
export type ColumnDimension = (typeof COLUMN_DIMENSIONS)[number];

const CUT_IDS = new Set(STANDARD_CUTS.map((c) => c.id));
const LEVEL_RANK: Record<RowLevel, number> = { city: 0, county: 1, township: 2 };

/** Where a table's numbers come from: the live cells, or the microdata as known at a time. */
export type Source = { kind: 'live' } | { kind: 'asOf'; at: Date };

export interface TableSpec {
  formId: string;
  period: string;
  item: string;
  rows: RowLevel;
  cols?: ColumnDimension;
  /** The region whose parts are the rows (the total row); a code of the top level's division. */
  top: { level: RowLevel; code: string };
  source: Source;
  comparable: boolean;
  disclosure: 'bureau' | 'public';
  rules?: SdcRules;
}

/** The cuts a table reads: body, row margin, column margin, grand total. */
export function cutsOf(rows: RowLevel, cols: ColumnDimension | undefined, top: RowLevel) {
  const body = cols ? `${rows}×${cols}` : rows;
  const colMargin = cols ? `${top}×${cols}` : null;
  for (const cut of [body, colMargin, rows, top]) {
    if (cut && !CUT_IDS.has(cut)) {
      throw P.bad_table({
        why: `no standard cut ${cut} (by 中类/小类 only for the city and county-level divisions)`,
      });
    }
  }
  return { body, rowMargin: rows, colMargin, grand: top };
}

interface RawCell {
  cut: string;
  cell: string;
  total: string;
  units: number;
}

const keyOf = (cut: string, cell: string) => `${cut}:${cell}`;

/** Reads the cells of some cuts for one item, live or as known at a time. */
export async function readCells(
  db: Db,
  q: { formId: string; period: string; item: string; cuts: string[]; source: Source },
): Promise<Map<string, RawCell>> {
  const when =
    q.source.kind === 'live'
      ? sql`r.withdrawn_at is null`
      : sql`r.approved_at <= ${q.source.at} and (r.withdrawn_at is null or r.withdrawn_at > ${q.source.at})`;
  // Live figures come from the cells, in one round trip that also says whether the period is
  // cold: a cold period keeps no cells, and its figures are summed from the current reports.
  let rows: RawCell[] | null = null;
  if (q.source.kind === 'live') {
    const live = (
      await sql<{ cold: boolean; cells: RawCell[] }>`
        select exists (select 1 from aggregation.cold_periods
                        where form_id = ${q.formId} and period = ${q.period}) as cold,
               coalesce((
                 select json_agg(json_build_object('cut', c.cut, 'cell', c.cell,
                          'total', trim_scale(c.totals[f.ord])::text, 'units', c.units[f.ord]))
                   from aggregation.cells c
                   join aggregation.form_items f on f.form_id = c.form_id and f.item = ${q.item}
                  where c.form_id = ${q.formId} and c.period = ${q.period}
                    and c.cut = any(${q.cuts}::text[]) and c.units[f.ord] > 0), '[]') as cells`.execute(db)
    ).rows[0]!;
    if (!live.cold) rows = typeof live.cells === 'string' ? JSON.parse(live.cells) : live.cells;
  }
  rows ??= (
    await sql<RawCell>`
      select split_part(key, ':', 1) as cut, substr(key, strpos(key, ':') + 1) as cell,
             trim_scale(sum(v.val))::text as total, count(*)::int as units
        from aggregation.reports r
       cross join unnest(r.cell_keys) as key
       cross join unnest(r.items, r.vals) as v(item, val)
       where r.form_id = ${q.formId} and r.period = ${q.period} and ${when}
         and v.item = ${q.item} and split_part(key, ':', 1) = any(${q.cuts}::text[])
       group by key`.execute(db)
  ).rows;
  return new Map(rows.map((r) => [keyOf(r.cut, r.cell), r]));
}

/** The two largest contributions of each cell of some cuts (for the dominance and p% rules). */
async function topContributions(
  db: Db,
  q: { formId: string; period: string; item: string; cuts: string[]; source: Source },
): Promise<Map<string, string[]>> {
  const when =
    q.source.kind === 'live'
      ? sql`r.withdrawn_at is null`
      : sql`r.approved_at <= ${q.source.at} and (r.withdrawn_at is null or r.withdrawn_at > ${q.source.at})`;
  const rows = (
    await sql<{ key: string; top: string[] }>`
      select key, array_agg(val::text order by val desc) as top from (
        select key, v.val, row_number() over (partition by key order by v.val desc) as rank
          from aggregation.reports r
         cross join unnest(r.cell_keys) as key
         cross join unnest(r.items, r.vals) as v(item, val)
         where r.form_id = ${q.formId} and r.period = ${q.period} and ${when}
           and v.item = ${q.item} and split_part(key, ':', 1) = any(${q.cuts}::text[])) t
       where rank <= 2
       group by key`.execute(db)
  ).rows;
  return new Map(rows.map((r) => [r.key, r.top]));
}

/** Comparable-base (同口径) sums per cell: units with the item in both periods, keyed by this year's cells. */
async function comparableSums(
  db: Db,
  q: { formId: string; period: string; lastYear: string; item: string; cuts: string[]; source: Source },
): Promise<Map<string, { units: number; current: Map<string, string>; previous: Map<string, string> }>> {
  const when = (alias: string) =>
    q.source.kind === 'live'
      ? sql`${sql.ref(`${alias}.withdrawn_at`)} is null`
      : sql`${sql.ref(`${alias}.approved_at`)} <= ${q.source.at} and (${sql.ref(`${alias}.withdrawn_at`)} is null or ${sql.ref(`${alias}.withdrawn_at`)} > ${q.source.at})`;
  const rows = (
    await sql<{ key: string; unit_id: string; cur: string; prev: string }>`
      select key, c.unit_id, cv.val::text as cur, pv.val::text as prev
        from aggregation.reports c
        join aggregation.reports p
          on p.unit_id = c.unit_id and p.form_id = c.form_id and p.period = ${q.lastYear} and ${when('p')}
       cross join lateral (select val from unnest(c.items, c.vals) as x(item, val) where item = ${q.item}) cv
       cross join lateral (select val from unnest(p.items, p.vals) as x(item, val) where item = ${q.item}) pv
       cross join unnest(c.cell_keys) as key
       where c.form_id = ${q.formId} and c.period = ${q.period} and ${when('c')}
         and split_part(key, ':', 1) = any(${q.cuts}::text[])`.execute(db)
  ).rows;
  const out = new Map<
    string,
    { units: number; current: Map<string, string>; previous: Map<string, string> }
  >();
  for (const r of rows) {
    let e = out.get(r.key);
    if (!e) {
      e = { units: 0, current: new Map(), previous: new Map() };
      out.set(r.key, e);
    }
    e.units++;
    e.current.set(r.unit_id, r.cur);
    e.previous.set(r.unit_id, r.prev);
  }
  return out;
}

/** The region value of a cell string (`330203/C` → `330203`). */
const regionOf = (cell: string) => cell.split('/')[0]!;
const columnOf = (cell: string) => cell.split('/')[1] ?? '';

/** Whether a region code lies inside the table's top region. */
function inside(top: TableSpec['top'], code: string): boolean {
  if (top.level === 'city') return code.slice(0, 4) === top.code.slice(0, 4);
  if (top.level === 'county') return code.startsWith(top.code);
  return code === top.code;
}

export interface TableCell {
  value: string | null;
  units: number | null;
  lastYear: string | null;
  growth: string | null;
  comparableGrowth: string | null;
  /**
   * Against the cell's parent — its row's total for a body cell, the grand total for a row or
   * column total: 比重 (share, %), 贡献率 (contribution to the parent's growth, %) and 拉动 (pull on
   * the parent's growth, percentage points).
   */
  share: string | null;
  contribution: string | null;
  pull: string | null;
  /** Disclosure status: `primary` / `secondary` cells are suppressed (value null). */
  status: 'published' | 'primary' | 'secondary' | 'empty';
}

export interface SummaryTable {
  period: string;
  lastYearPeriod: string;
  rows: string[];
  cols: string[];
  /** rows.length × cols.length; row 0 and column 0 are the totals. */
  cells: TableCell[][];
  disclosure: 'bureau' | 'public';
  suppressed: number;
}

/** Sort order of a column dimension's codes (sections A…T, sizes large → micro, codes ascending). */
function columnOrder(dim: ColumnDimension | undefined) {
  if (dim === 'size') return (a: string, b: string) => SIZE_ORDER.indexOf(a) - SIZE_ORDER.indexOf(b);
  return (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
}

export const TOTAL = '';

/**
 * Builds a table. `lastYear` is the same period a year earlier (annual: the previous year).
 * Codes: rows[0] and cols[0] are TOTAL ('').
 */
export async function buildTable(db: Db, spec: TableSpec, lastYear: string): Promise<SummaryTable> {
  if (LEVEL_RANK[spec.rows] < LEVEL_RANK[spec.top.level]) {
    throw P.bad_table({ why: `rows by ${spec.rows} are above the table's region (${spec.top.level})` });
  }
  const cuts = cutsOf(spec.rows, spec.cols, spec.top.level);
  const wanted = [cuts.body, cuts.rowMargin, cuts.grand, ...(cuts.colMargin ? [cuts.colMargin] : [])];
  const cutList = [...new Set(wanted)];
  const q = { formId: spec.formId, item: spec.item, cuts: cutList, source: spec.source };
  const [cur, prev, comparable] = await Promise.all([
    readCells(db, { ...q, period: spec.period }),
    readCells(db, { ...q, period: lastYear }),
    spec.comparable ? comparableSums(db, { ...q, period: spec.period, lastYear }) : Promise.resolve(null),
  ]);

  // Rows: the top region's parts at the row level; columns: codes present in the column margin.
  const rowSet = new Set<string>();
  const colSet = new Set<string>();
  for (const c of [...cur.values(), ...prev.values()]) {
    if (c.cut === cuts.rowMargin && cuts.rowMargin !== cuts.grand && inside(spec.top, c.cell))
      rowSet.add(c.cell);
    if (c.cut === cuts.colMargin && regionOf(c.cell) === spec.top.code) colSet.add(columnOf(c.cell));
  }
  const rows = [TOTAL, ...[...rowSet].sort()];
  const cols = [TOTAL, ...[...colSet].sort(columnOrder(spec.cols))];

  // The cell key of (row, col) in the cuts read.
  const keyAt = (row: string, col: string): string => {
    if (row === TOTAL && col === TOTAL) return keyOf(cuts.grand, spec.top.code);
    if (row === TOTAL) return keyOf(cuts.colMargin!, `${spec.top.code}/${col}`);
    if (col === TOTAL) return keyOf(cuts.rowMargin, row);
    return keyOf(cuts.body, `${row}/${col}`);
  };

  const status = await disclosureStatus(db, spec, rows, cols, cur, keyAt, spec.period);
  const lastYearStatus =
    spec.disclosure === 'public'
      ? await disclosureStatus(db, { ...spec }, rows, cols, prev, keyAt, lastYear)
      : null;

  let suppressed = 0;
  const cells: TableCell[][] = rows.map((row, r) =>
    cols.map((col, c) => {
      const key = keyAt(row, col);
      const now = cur.get(key);
      const before = prev.get(key);
      const st = status[r * cols.length + c]!;
      const hidden = st === 'primary' || st === 'secondary';
      const beforeHidden = lastYearStatus
        ? ['primary', 'secondary'].includes(lastYearStatus[r * cols.length + c]!)
        : false;
      if (hidden) suppressed++;
      const comp = comparable?.get(key);
      const g = now && before ? growthRate(now.total, before.total) : null;
      const cg = comp ? comparableGrowth(comp.current, comp.previous).rate : null;
      // The parent: the row's total for a body cell, the grand total for a margin cell.
      const parent = c > 0 ? [r, 0] : r > 0 ? [0, 0] : null;
      const parentKey = parent ? keyAt(rows[parent[0]!]!, cols[parent[1]!]!) : null;
      const parentIndex = parent ? parent[0]! * cols.length + parent[1]! : -1;
      const parentHidden =
        parentIndex >= 0 &&
        (['primary', 'secondary'].includes(status[parentIndex]!) ||
          (lastYearStatus !== null && ['primary', 'secondary'].includes(lastYearStatus[parentIndex]!)));
      const pNow = parentKey ? cur.get(parentKey) : undefined;
      const pBefore = parentKey ? prev.get(parentKey) : undefined;
      const withParent = !hidden && !beforeHidden && !parentHidden;
      const sh = withParent && now && pNow ? share(now.total, pNow.total) : null;
      const parts = {
        partCurrent: now?.total ?? null,
        partPrevious: before?.total ?? null,
        totalCurrent: pNow?.total ?? null,
        totalPrevious: pBefore?.total ?? null,
      };
      const contrib = withParent && parentKey ? contributionRate(parts) : null;
      const pl = withParent && parentKey ? pull(parts) : null;
      return {
        value: hidden || !now ? null : now.total,
        units: hidden || !now ? null : now.units,
        lastYear: beforeHidden || !before ? null : before.total,
        growth: hidden || beforeHidden || !g ? null : decToText(g, 1),
        comparableGrowth: hidden || beforeHidden || !cg ? null : decToText(cg, 1),
        share: sh ? decToText(sh, 1) : null,
        contribution: contrib ? decToText(contrib, 1) : null,
        pull: pl ? decToText(pl, 1) : null,
        status: hidden || now ? st : 'empty',
      };
    }),
  );
  return {
    period: spec.period,
    lastYearPeriod: lastYear,
    rows,
    cols,
    cells,
    disclosure: spec.disclosure,
    suppressed,
  };
}

/**
 * Disclosure status of every displayed cell: all published inside the bureau; outside it, the
 * primary rules and secondary suppression over the table as displayed. The trees are flat (the
 * total over the displayed rows, the total over the displayed columns), matching what is shown.
 * An indicator with negative cells (a loss) is protected on unit counts, which are additive and
 * non-negative, since the dominance rules assume non-negative contributions.
 */
async function disclosureStatus(
  db: Db,
  spec: TableSpec,
  rows: string[],
  cols: string[],
  cells: Map<string, RawCell>,
  keyAt: (row: string, col: string) => string,
  period: string,
): Promise<TableCell['status'][]> {
  const n = rows.length * cols.length;
  if (spec.disclosure === 'bureau') return new Array(n).fill('published');
  const rules = spec.rules ?? DEFAULT_SDC_RULES;
  const negative = [...cells.values()].some((c) => (parseDec(c.total) as Dec).c < 0n);
  const tops = negative
    ? new Map<string, string[]>()
    : await topContributions(db, {
        formId: spec.formId,
        period,
        item: spec.item,
        cuts: [...new Set([...cells.values()].map((c) => c.cut))],
        source: spec.source,
      });
  const effective = negative ? { ...rules, dominance: [], pPercent: null } : rules;
  const cellOf = (row: string, col: string) => {
    const key = keyAt(row, col);
    const c = cells.get(key);
    return c ? sdcCell(c, tops.get(key), negative) : undefined;
  };
  // A hierarchy over displayed codes: the first is the total of the others (or a lone root).
  const tree = (codes: string[]): Hierarchy =>
    codes.length > 1
      ? { code: codes[0]!, children: codes.slice(1).map((code) => ({ code })) }
      : { code: codes[0]! };
  const out: TableCell['status'][] = new Array(n).fill('published');
  const protect = (colIndexes: number[]) => {
    const colCodes = colIndexes.map((c) => cols[c]!);
    if (rows.length === 1 && colCodes.length === 1) {
      const cell = cellOf(rows[0]!, colCodes[0]!);
      if (cell && assessCell(cell, effective).sensitive) out[colIndexes[0]!] = 'primary';
      return;
    }
    const status = protectTable(buildSdcTable(tree(rows), tree(colCodes), cellOf, effective)).status;
    status.forEach((st, i) => {
      const r = Math.floor(i / colCodes.length);
      const c = colIndexes[i % colCodes.length]!;
      out[r * cols.length + c] = st;
    });
  };
  // Groupings (高技术制造业 …) overlap and do not cover everything, so their columns do not add up
  // to the total: each column is its own one-way table (its regions under its total).
  if (spec.cols === 'grouping') for (let c = 0; c < cols.length; c++) protect([c]);
  else protect(cols.map((_, c) => c));
  // An empty cell chosen as a complement stays hidden: showing it empty would give its 0 away.
  return out;
}

function sdcCell(c: RawCell, top: string[] | undefined, negative: boolean): SdcCell {
  if (negative) return { value: String(c.units), count: c.units, top: [] };
  return { value: c.total, count: c.units, top: top ?? [] };
}

/** Labels of a column dimension's codes that are not in the register's reference tables. */
export function fixedLabel(
  dim: ColumnDimension | undefined,
  code: string,
): { zh: string; en: string } | null {
  if (dim === 'size') return SIZE_LABELS[code] ?? null;
  if (dim === 'registration') return REGISTRATION_LABELS[code] ?? null;
  return null;
}
