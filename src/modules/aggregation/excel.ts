/**
 * A summary table as an Excel workbook, laid out the way statistical tables are printed: a title,
 * the region, period and unit line, the total row first, codes and names down the side, numbers
 * as numbers (exact text kept where a double would round), "×" for suppressed cells with the
 * footnote saying why, "—" for nothing to show.
 */
import ExcelJS from 'exceljs';
import type { Locale } from '../../platform/i18n.ts';
import type { TableView } from './contract.ts';

const pick = (l: { zh: string; en: string }, locale: Locale) => (locale === 'en-US' ? l.en : l.zh);

/** A decimal text as a number when the double is exact enough to print, else the text itself. */
function numberOf(text: string | null): number | string {
  if (text === null) return '—';
  const n = Number(text);
  return Number.isFinite(n) && Math.abs(n) < 2 ** 53 / 1e4 ? n : text;
}

export async function tableWorkbook(t: TableView, locale: Locale): Promise<Buffer> {
  const zh = locale !== 'en-US';
  const wb = new ExcelJS.Workbook();
  wb.creator = 'tongji';
  const title = `${pick(t.form.name, locale)}（${t.form.code}）— ${pick(t.item.name, locale)}`;
  const unit = t.item.unit ? pick(t.item.unit, locale) : '';
  const subtitle = zh
    ? `${t.region.name}  ${t.period}${unit ? `  计量单位：${unit}` : ''}${t.asOf ? `  数据时点：${t.asOf}` : ''}`
    : `${t.region.name}  ${t.period}${unit ? `  Unit: ${unit}` : ''}${t.asOf ? `  As of: ${t.asOf}` : ''}`;
  const SUPPRESSED = '×';
  const shown = (c: TableView['cells'][number][number], v: string | null) =>
    c.status === 'primary' || c.status === 'secondary' ? SUPPRESSED : numberOf(v);

  const sheet = wb.addWorksheet(zh ? '汇总表' : 'Summary table', {
    views: [{ state: 'frozen', ySplit: 3, xSplit: 1 }],
  });
  const oneWay = t.cols.length === 1;
  const headers = oneWay
    ? zh
      ? [
          '地区',
          '本期',
          '上年同期',
          '同比增长(%)',
          '同口径增长(%)',
          '比重(%)',
          '贡献率(%)',
          '拉动(百分点)',
          '单位数(个)',
        ]
      : [
          'Region',
          'This period',
          'Same period last year',
          'Growth (%)',
          'Comparable growth (%)',
          'Share (%)',
          'Contribution (%)',
          'Pull (points)',
          'Units',
        ]
    : [zh ? '地区' : 'Region', ...t.cols.map((c) => pick(c.name, locale))];
  sheet.addRow([title]);
  sheet.addRow([subtitle]);
  sheet.addRow(headers);
  sheet.mergeCells(1, 1, 1, headers.length);
  sheet.mergeCells(2, 1, 2, headers.length);
  sheet.getRow(1).font = { bold: true, size: 14 };
  sheet.getRow(3).font = { bold: true };
  t.rows.forEach((row, r) => {
    const label = r === 0 ? pick(row.name, locale) : `${row.code} ${pick(row.name, locale)}`;
    const cells = t.cells[r]!;
    if (oneWay) {
      const c = cells[0]!;
      sheet.addRow([
        label,
        shown(c, c.value),
        c.lastYear === null ? '—' : numberOf(c.lastYear),
        shown(c, c.growth),
        shown(c, c.comparableGrowth),
        shown(c, c.share),
        shown(c, c.contribution),
        shown(c, c.pull),
        c.status === 'primary' || c.status === 'secondary' ? SUPPRESSED : (c.units ?? '—'),
      ]);
    } else {
      sheet.addRow([label, ...cells.map((c) => shown(c, c.value))]);
    }
    if (r === 0) sheet.lastRow!.font = { bold: true };
  });
  sheet.getColumn(1).width = 28;
  for (let i = 2; i <= headers.length; i++) sheet.getColumn(i).width = 16;

  if (!oneWay) {
    const growth = wb.addWorksheet(zh ? '同比增长' : 'Growth', {
      views: [{ state: 'frozen', ySplit: 3, xSplit: 1 }],
    });
    growth.addRow([`${title} — ${zh ? '比上年同期增长(%)' : 'growth on the same period last year (%)'}`]);
    growth.addRow([subtitle]);
    growth.addRow(headers);
    growth.getRow(1).font = { bold: true };
    growth.getRow(3).font = { bold: true };
    t.rows.forEach((row, r) => {
      const label = r === 0 ? pick(row.name, locale) : `${row.code} ${pick(row.name, locale)}`;
      growth.addRow([label, ...t.cells[r]!.map((c) => shown(c, c.growth))]);
    });
    growth.getColumn(1).width = 28;
  }

  const notes = zh
    ? [
        '注：合计行、合计列在前；“—”表示无数据。',
        t.disclosure === 'public'
          ? `“×”表示按统计数据保密规定不予公布（单位数少于3个或由一两个单位占绝对比重，及为防止推算而隐去的相关数据），共 ${t.suppressed} 项。`
          : '本表为局内使用数据，未作保密处理，不得对外公布。',
      ]
    : [
        'Note: totals first; "—" means no data.',
        t.disclosure === 'public'
          ? `"×": withheld under statistical confidentiality (fewer than 3 units, one or two dominant units, or hidden so they cannot be derived), ${t.suppressed} cell(s).`
          : 'For use inside the bureau: no disclosure control applied; not for publication.',
      ];
  sheet.addRow([]);
  for (const n of notes) sheet.addRow([n]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
