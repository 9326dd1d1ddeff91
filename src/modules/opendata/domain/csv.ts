/**
 * Flat files of a cube's cells: plain CSV (one row per published figure: each dimension's code
 * and label, the value as its exact text, unit, status, note) and SDMX-CSV 1.0 (sdmx.ts builds its
 * columns). RFC 4180: comma-separated, CRLF line ends, fields quoted when they hold a comma, quote
 * or line break, quotes doubled.
 */
import type { PublicCell, Text } from '../ports.ts';
import type { Cube } from './cube.ts';
import { placeCells } from './cube.ts';
import type { Lang } from './jsonstat.ts';

/** One RFC 4180 field. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** RFC 4180 text of rows (the first row is the header). */
export function csvText(rows: string[][]): string {
  return `${rows.map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`;
}

const pick = (t: Text, lang: Lang) => t[lang] || t.zh;

/** The table rows (header first) of the plain CSV and the spreadsheet: one row per published figure. */
export function flatRows(cube: Cube, cells: PublicCell[], lang: Lang): string[][] {
  const labels = cube.dimensions.map((d) => new Map(d.codes.map((c) => [c.code, c])));
  const indicatorAt = cube.dimensions.findIndex((d) => d.id === 'indicator');
  const header = cube.dimensions.flatMap((d) => [d.id, `${d.id}_label`]);
  header.push('value', 'unit', 'status', 'note');
  const rows = [header];
  for (const { cell } of placeCells(cube, cells)) {
    const row: string[] = [];
    cube.dimensions.forEach((d, i) => {
      const code = cell[d.id];
      row.push(code, pick(labels[i].get(code)?.label ?? { zh: code, en: code }, lang));
    });
    const unit = indicatorAt >= 0 ? labels[indicatorAt].get(cell.indicator)?.unit : undefined;
    row.push(cell.value, unit ? pick(unit, lang) : '', cell.status, cell.note ?? '');
    rows.push(row);
  }
  return rows;
}
