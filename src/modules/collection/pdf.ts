/**
 * The submitted form as a PDF (上报表打印): header (表号, 制定机关, unit, credit code, period,
 * who submitted it and when, which saved version), the grid of values laid out like the paper
 * form, the checks that failed with the unit's explanations, and on every page a footer with the
 * page number and the SHA-256 of the values, so a printed copy can be checked against the
 * platform (`GET …/versions/{seq}` returns the same values; hash them with keys sorted).
 *
 * Chinese text needs a CJK font and a fresh machine may have none: the font comes from the npm
 * package @embedpdf/fonts-sc (Noto Sans CJK SC, "Noto Sans Hans", SIL OFL 1.1, GB2312 coverage),
 * and pdfkit (through fontkit) embeds only the glyphs a document uses, so a form's PDF stays
 * around 100 KB although the font file is 8 MB.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import type { RuleResultView } from './contract.ts';
import { beijingText } from './domain/window.ts';
import { definitionOf, type EntryData, gridRows } from './excel.ts';

const FONT_FILE = 'NotoSansHans-Regular.otf';
let fontData: Buffer | null = null;

/** The CJK font's bytes, read once (the package keeps its fonts beside its dist folder). */
function cjkFont(): Buffer {
  if (!fontData) {
    const main = createRequire(import.meta.url).resolve('@embedpdf/fonts-sc');
    fontData = fs.readFileSync(path.join(path.dirname(main), '..', 'fonts', FONT_FILE));
  }
  return fontData;
}

export interface PrintInput {
  entry: EntryData;
  unit: { name: string; creditCode: string | null };
  version: {
    seq: number;
    status: string;
    createdAt: string;
    actorName: string | null;
    values: Record<string, string>;
    explanations: Record<string, string>;
  };
  /** Results of the checks on these values (only failures are printed). */
  results: RuleResultView[];
  /** SHA-256 of the values (canonical JSON, keys sorted). */
  valuesHash: string;
  generatedAt: Date;
}

const STATUS: Record<string, string> = {
  draft: '草稿 draft',
  submitted: '已上报 submitted',
  returned: '已退回 returned',
  approved: '审核通过 approved',
};
const SEVERITY: Record<string, string> = {
  fatal: '强制性 fatal',
  verify: '核实性 verify',
  hint: '提示性 hint',
};

/** A stored value as printed: numbers with their indicator's decimals. */
function printed(v: string | undefined, decimals: number | null, numeric: boolean): string {
  if (v === undefined || v === null) return '';
  if (!numeric || !decimals || !/^-?\d+(\.\d+)?$/.test(v)) return v;
  const [i, f = ''] = v.split('.');
  return `${i}.${f.padEnd(decimals, '0')}`;
}

/** Renders the PDF. */
export function renderSubmissionPdf(input: PrintInput): Promise<Buffer> {
  const { entry, version } = input;
  const def = definitionOf(entry);
  const cells = new Map(entry.cells.map((c) => [c.ref, c]));
  const landscape = def.columns.length > 3;
  const doc = new PDFDocument({
    size: 'A4',
    layout: landscape ? 'landscape' : 'portrait',
    margins: { top: 36, bottom: 50, left: 36, right: 36 },
    bufferPages: true,
    info: {
      Title: `${def.form.code} ${def.form.name.zh} ${entry.period}`,
      Author: input.unit.name,
      Subject: `${def.form.name.en} ${entry.period}`,
      Creator: 'tongji',
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('cjk', cjkFont());
  doc.font('cjk');

  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const bottom = () => doc.page.height - doc.page.margins.bottom;

  // Header.
  doc.fontSize(15).text(def.form.name.zh, { align: 'center' });
  doc.fontSize(9).fillColor('#555555').text(def.form.name.en, { align: 'center' }).fillColor('black');
  doc.moveDown(0.5);
  const line = (pairs: [string, string | null | undefined][]) =>
    doc.fontSize(8.5).text(
      pairs
        .filter(([, v]) => v)
        .map(([k, v]) => `${k}：${v}`)
        .join('    '),
      { width },
    );
  line([
    ['表号 Form', def.form.code],
    ['制定机关 Issued by', def.survey.issuer.zh],
    ['文号 Document', def.survey.documentNumber],
    ['批准文号 Approval', def.survey.approvalNumber],
    ['有效期至 Valid until', def.survey.validUntil],
  ]);
  line([
    ['单位详细名称 Unit', input.unit.name],
    ['统一社会信用代码 Credit code', input.unit.creditCode],
    ['报告期 Period', entry.period],
    ['计量单位 Unit of measure', def.form.unit?.zh],
  ]);
  line([
    ['状态 Status', STATUS[version.status] ?? version.status],
    [
      version.status === 'submitted' ? '上报时间 Submitted at' : '保存时间 Saved at',
      `${beijingText(new Date(version.createdAt))}（北京时间 Beijing time）`,
    ],
    [version.status === 'submitted' ? '上报人 Submitted by' : '保存人 Saved by', version.actorName],
    [
      '版本 Version',
      `第 ${version.seq} 次保存 saved version ${version.seq}，报表第 ${def.version.number} 版 form version ${def.version.number}`,
    ],
  ]);
  doc.moveDown(0.6);

  // The grid.
  const fixed = [0, 46, 52]; // name (rest), code, unit of measure
  const valueWidth = Math.max(56, Math.min(96, (width * 0.6) / def.columns.length));
  fixed[0] = width - fixed[1] - fixed[2] - valueWidth * def.columns.length;
  const widths = [...fixed, ...def.columns.map(() => valueWidth)];
  const xs = widths.map((_, i) => left + widths.slice(0, i).reduce((a, b) => a + b, 0));
  const pad = 3;

  const drawRow = (
    texts: string[],
    opts: { head?: boolean; align?: ('left' | 'right' | 'center')[]; shade?: boolean[] } = {},
  ) => {
    doc.fontSize(opts.head ? 7.5 : 8);
    const h = Math.max(
      16,
      ...texts.map((t, i) => doc.heightOfString(t || ' ', { width: widths[i] - 2 * pad }) + 2 * pad),
    );
    if (doc.y + h > bottom()) {
      doc.addPage();
      if (!opts.head) drawHead();
    }
    const y = doc.y;
    texts.forEach((t, i) => {
      if (opts.head || opts.shade?.[i]) {
        doc
          .rect(xs[i], y, widths[i], h)
          .fill(opts.head ? '#f2f2f2' : '#e6e6e6')
          .fillColor('black');
      }
      doc.rect(xs[i], y, widths[i], h).lineWidth(0.5).stroke('#888888');
      doc.text(t, xs[i] + pad, y + pad, { width: widths[i] - 2 * pad, align: opts.align?.[i] ?? 'left' });
    });
    doc.x = left;
    doc.y = y + h;
  };
  const drawHead = () =>
    drawRow(
      [
        '指标名称 Indicator',
        '代码 Code',
        '计量单位 Unit',
        ...def.columns.map((c) => `${c.name.zh}\n${c.name.en}`),
      ],
      { head: true, align: widths.map(() => 'center') },
    );
  drawHead();
  for (const r of gridRows(def)) {
    if ('section' in r) {
      doc.fontSize(8.5);
      if (doc.y + 16 > bottom()) {
        doc.addPage();
        drawHead();
      }
      const y = doc.y;
      doc.rect(left, y, width, 16).lineWidth(0.5).stroke('#888888');
      doc.text(`${r.section.zh}  ${r.section.en}`, left + pad, y + pad, { width: width - 2 * pad });
      doc.x = left;
      doc.y = y + 16;
      continue;
    }
    const ind = r.indicator;
    const numeric = ind.type === 'decimal' || ind.type === 'integer';
    const values = def.columns.map((c) => {
      const cell = cells.get(`${ind.code}.${c.code}`);
      return cell ? printed(version.values[cell.ref], cell.decimals, numeric) : '';
    });
    drawRow(
      [
        `${'  '.repeat(ind.level ?? 0)}${ind.name.zh}`,
        ind.code,
        (ind.unit ?? def.form.unit)?.zh ?? '',
        ...values,
      ],
      {
        align: [
          'left',
          'center',
          'center',
          ...values.map(() => (numeric ? 'right' : 'left') as 'right' | 'left'),
        ],
        shade: [false, false, false, ...def.columns.map((c) => !cells.has(`${ind.code}.${c.code}`))],
      },
    );
  }

  // Checks that failed, with the unit's explanations.
  const failed = input.results.filter((r) => r.outcome === 'fail');
  doc.moveDown(0.8);
  if (doc.y + 40 > bottom()) doc.addPage();
  doc.fontSize(10).text(`审核未通过的规则 Failed checks（${failed.length}）`, left, doc.y, { width });
  doc.moveDown(0.3);
  if (!failed.length) doc.fontSize(8.5).text('全部审核通过。All checks passed.', { width });
  for (const f of failed) {
    const explanation = version.explanations[f.ruleId] ?? f.explanation;
    doc
      .fontSize(8.5)
      .text(`[${SEVERITY[f.severity] ?? f.severity}] ${f.ruleId}：${f.message?.['zh-CN'] ?? ''}`, { width });
    if (f.message?.['en-US'])
      doc.fontSize(7.5).fillColor('#555555').text(f.message['en-US'], { width }).fillColor('black');
    if (explanation) doc.fontSize(8.5).text(`说明 Explanation：${explanation}`, { width, indent: 12 });
    doc.moveDown(0.3);
  }

  // Footers: page numbers and the hash, written once every page exists.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing below the bottom margin must not add a page
    const foot = (t: string, y: number) =>
      doc.text(t, left, doc.page.height - y, { width, align: 'center', lineBreak: false });
    doc.fontSize(7).fillColor('#444444');
    foot(
      `第 ${i + 1} 页 / 共 ${range.count} 页  Page ${i + 1} of ${range.count}    生成于 Generated ${beijingText(input.generatedAt)}（北京时间 Beijing time）`,
      38,
    );
    foot(`数据校验码 SHA-256 of the values: ${input.valuesHash}`, 28);
    doc.fillColor('black');
    doc.page.margins.bottom = margin;
  }
  doc.end();
  return done;
}
