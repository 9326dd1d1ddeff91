/**
 * The spreadsheet answer: sheet 1 the figures (the plain CSV's rows; a value is a number cell when
 * a double holds it exactly, formatted with the indicator's decimals, else its exact text), sheet
 * 2 the table's description, source, notes and releases.
 */
import ExcelJS from 'exceljs';
import { flatRows } from './domain/csv.ts';
import type { Cube } from './domain/cube.ts';
import type { Lang } from './domain/jsonstat.ts';
import { exactNumber } from './domain/number-text.ts';
import type { PublicCell, PublicDatasetMeta } from './ports.ts';

const SHEETS = { zh: ['数据', '说明'], en: ['Data', 'About'] } as const;

/** The workbook of a cube's figures. */
export async function xlsxAnswer(
  meta: PublicDatasetMeta,
  cube: Cube,
  cells: PublicCell[],
  lang: Lang,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'tongji';
  const data = wb.addWorksheet(SHEETS[lang][0]);
  const rows = flatRows(cube, cells, lang);
  const valueCol = rows[0].indexOf('value');
  const indicatorCol = rows[0].indexOf('indicator');
  const decimals = new Map(
    (cube.dimensions.find((d) => d.id === 'indicator')?.codes ?? []).map((c) => [c.code, c.decimals]),
  );
  data.addRow(rows[0]).font = { bold: true };
  for (const r of rows.slice(1)) {
    const row = data.addRow(r);
    const n = exactNumber(r[valueCol]);
    if (n !== null) {
      const cell = row.getCell(valueCol + 1);
      cell.value = n;
      const d = indicatorCol >= 0 ? decimals.get(r[indicatorCol]) : undefined;
      cell.numFmt = d ? `0.${'0'.repeat(d)}` : '0';
      if (d === undefined && !Number.isInteger(n)) cell.numFmt = 'General';
    }
  }
  data.views = [{ state: 'frozen', ySplit: 1 }];

  const about = wb.addWorksheet(SHEETS[lang][1]);
  const t = (x: { zh: string; en: string }) => x[lang] || x.zh;
  about.addRows([
    ['id', meta.code],
    ['title', t(meta.title)],
    ['description', t(meta.description)],
    ['source', meta.source],
    ['updated', meta.updatedAt],
    ...meta.notes.map((n) => ['note', t(n)]),
    ...meta.releases.map((r) => ['release', `${r.releaseAt} ${t(r.title)}`]),
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
