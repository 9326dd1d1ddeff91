/**
 * SDMX REST conventions over a public dataset: a dataflow per dataset (`TONGJI:<code>(1.0)`), the
 * series key (`GDP+CPI.330200..` — positions in dimension order, `+` for "or", empty for all),
 * `startPeriod`/`endPeriod` and `lastNObservations`, and the SDMX-CSV 1.0 message: first column
 * DATAFLOW, then one column per dimension of the structure (TIME_PERIOD among them, last), then
 * OBS_VALUE, then one column per attribute; one row per observation.
 */
import { periods } from '../../surveys/index.ts';
import type { PublicCell, PublicDatasetMeta, PublicDimensionId, Text } from '../ports.ts';
import type { Cube } from './cube.ts';
import { placeCells } from './cube.ts';
import { OpendataInputError } from './errors.ts';
import type { Lang } from './jsonstat.ts';
import type { SelectionItem } from './selection.ts';

/** The maintenance agency of every dataflow (the bureau's platform). */
export const AGENCY = 'TONGJI';
export const DATAFLOW_VERSION = '1.0';

/** SDMX concept ids of the dimensions (cross-domain concepts where one exists). */
export const SDMX_ID: Record<PublicDimensionId, string> = {
  indicator: 'INDICATOR',
  region: 'REF_AREA',
  industry: 'INDUSTRY',
  size: 'SIZE_CLASS',
  regtype: 'REG_TYPE',
  period: 'TIME_PERIOD',
};

/**
 * OBS_STATUS codes: A (normal value) for final figures and P (provisional) for preliminary ones,
 * as in SDMX's cross-domain code list; R for revised, Eurostat's flag for a revised figure.
 */
export const OBS_STATUS = { final: 'A', preliminary: 'P', revised: 'R' } as const;

/** The attribute columns after OBS_VALUE, in order. */
export const ATTRIBUTES = ['OBS_STATUS', 'UNIT_MEASURE', 'DECIMALS', 'COMMENT_OBS'] as const;

export const dataflowRef = (code: string) => `${AGENCY}:${code}(${DATAFLOW_VERSION})`;

/** A period code as SDMX writes it: 2026-10, 2026-Q3, 2026. */
export const sdmxPeriod = (code: string) => code.replace(/^(\d{4})Q([1-4])$/, '$1-Q$2');

const KEY_CODE_RE = /^[A-Za-z0-9_@$-]+$/;

/**
 * The selection a series key names. `all` (or `*`, or nothing) selects everything; otherwise the
 * key has one position per dimension other than time, in the dataset's order.
 */
export function parseSeriesKey(key: string, meta: PublicDatasetMeta): Record<string, SelectionItem[]> {
  const dims = meta.dimensions.filter((d) => d.id !== 'period');
  const trimmed = key.trim();
  if (trimmed === '' || trimmed === 'all' || trimmed === '*') return {};
  const parts = trimmed.split('.');
  const expected = dims.map((d) => SDMX_ID[d.id]).join('.');
  if (parts.length !== dims.length) throw new OpendataInputError('bad_key', { key, expected });
  const out: Record<string, SelectionItem[]> = {};
  parts.forEach((part, i) => {
    if (part === '') return;
    const codes = part.split('+');
    if (!codes.every((c) => KEY_CODE_RE.test(c))) throw new OpendataInputError('bad_key', { key, expected });
    out[dims[i].id] = codes.map((code) => ({ kind: 'code', code }));
  });
  return out;
}

/** The first and last day an SDMX period bound names (2026, 2026-10, 2026-Q3 or 2026Q3, 2026-10-15). */
function boundDays(text: string): { start: string; end: string } {
  const t = text.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) {
    const d = new Date(`${t}T00:00:00Z`);
    if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== t)
      throw new OpendataInputError('bad_period', { period: text });
    return { start: t, end: t };
  }
  const p = periods.parsePeriod(t.replace(/^(\d{4})-Q([1-4])$/, '$1Q$2'));
  if (!p) throw new OpendataInputError('bad_period', { period: text });
  return { start: periods.periodStart(p), end: periods.periodEnd(p) };
}

/**
 * The period codes between `startPeriod` and `endPeriod` (inclusive): a period is kept when it
 * overlaps the bounds, so `startPeriod=2026` on monthly data starts in January 2026.
 */
export function periodsBetween(
  codes: string[],
  startPeriod?: string,
  endPeriod?: string,
): SelectionItem[] | null {
  if (startPeriod === undefined && endPeriod === undefined) return null;
  const from = startPeriod === undefined ? null : boundDays(startPeriod).start;
  const to = endPeriod === undefined ? null : boundDays(endPeriod).end;
  if (from && to && from > to)
    throw new OpendataInputError('bad_period', { period: `${startPeriod}/${endPeriod}` });
  const kept = codes.filter((code) => {
    const p = periods.parsePeriod(code);
    if (!p) return false;
    return (!from || periods.periodEnd(p) >= from) && (!to || periods.periodStart(p) <= to);
  });
  if (kept.length === 0) throw new OpendataInputError('empty_selection', { dimension: 'period' });
  return kept.map((code) => ({ kind: 'code', code }));
}

/** Keeps the last `n` observations of each series (same codes on every dimension but time). */
export function lastObservations(cells: PublicCell[], n: number, dims: PublicDimensionId[]): PublicCell[] {
  const series = new Map<string, PublicCell[]>();
  const keyDims = dims.filter((d) => d !== 'period');
  for (const c of cells) {
    const key = keyDims.map((d) => c[d]).join('\u0000');
    const list = series.get(key);
    if (list) list.push(c);
    else series.set(key, [c]);
  }
  const out: PublicCell[] = [];
  for (const list of series.values()) {
    list.sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0));
    out.push(...list.slice(-n));
  }
  return out;
}

const pick = (t: Text, lang: Lang) => t[lang] || t.zh;

/**
 * SDMX-CSV 1.0 rows, header first. `labels: 'both'` writes `ID: Name` in the header and in every
 * coded field, as the specification's labels option does; otherwise ids only.
 */
export function sdmxCsvRows(
  meta: PublicDatasetMeta,
  cube: Cube,
  cells: PublicCell[],
  lang: Lang,
  labels: 'id' | 'both',
): string[][] {
  const both = labels === 'both';
  const named = (id: string, name: string) => (both ? `${id}: ${name}` : id);
  const codeMaps = cube.dimensions.map((d) => new Map(d.codes.map((c) => [c.code, c])));
  const indicators = codeMaps[cube.dimensions.findIndex((d) => d.id === 'indicator')];
  const header = [
    'DATAFLOW',
    ...cube.dimensions.map((d) => named(SDMX_ID[d.id], pick(d.label, lang))),
    'OBS_VALUE',
    ...ATTRIBUTES,
  ];
  const flow = named(dataflowRef(meta.code), pick(meta.title, lang));
  const rows = [header];
  for (const { cell } of placeCells(cube, cells)) {
    const ind = indicators?.get(cell.indicator);
    rows.push([
      flow,
      ...cube.dimensions.map((d, i) => {
        const code = cell[d.id];
        if (d.id === 'period') return sdmxPeriod(code);
        const c = codeMaps[i].get(code);
        return named(code, c ? pick(c.label, lang) : code);
      }),
      cell.value,
      OBS_STATUS[cell.status],
      ind?.unit ? pick(ind.unit, lang) : '',
      ind?.decimals === undefined ? '' : String(ind.decimals),
      cell.note ?? '',
    ]);
  }
  return rows;
}
