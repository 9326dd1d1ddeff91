/**
 * The Excel template of a form (Excel 填报模板) and reading it back. The visible sheet is laid out
 * like the paper form: title, 表号 and 制定机关, the unit and period, then indicator rows × the
 * form's columns, entered cells unlocked and formatted to their decimals, computed cells as
 * locked, shaded Excel formulas, last period and last year as read-only reference columns.
 *
 * A very hidden sheet (`_key`) says which form, version, period and unit the file was made for
 * and maps each input cell's address to its form cell (`C7` → `A01.current`), so reading a file
 * back never depends on the visible layout. Checking the values is not done here: the reader
 * returns raw values by address and the caller hands them to the draft save's own checks.
 */
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import type { RawValue } from './domain/cells.ts';
import { collectionProblems as P } from './problems.ts';
import type { CollectionService } from './service.ts';

export type EntryData = Awaited<ReturnType<CollectionService['entry']>>;
type EntryCellData = EntryData['cells'][number];

/** Largest template accepted, in bytes (a form's template is a few tens of kilobytes). */
export const TEMPLATE_UPLOAD_LIMIT = 2 * 1024 * 1024;
/** Bounds on what the zip inside may expand to, checked before it is unpacked. */
const MAX_UNPACKED_BYTES = 40 * 1024 * 1024;
const MAX_ZIP_ENTRIES = 500;
const MAX_KEY_CELLS = 20_000;

export const KEY_SHEET = '_key';
const KEY_MARK = 'tongji.collection.template';
const KEY_FORMAT = 1;
const ADDRESS_RE = /^[A-Z]{1,3}[1-9]\d{0,6}$/;
const REF_RE = /^[A-Za-z][A-Za-z0-9_]{0,31}\.[A-Za-z][A-Za-z0-9_]{0,31}$/;

// Shading: input cells white, platform-filled cells grey, reference columns pale blue.
const FILL_LOCKED = 'FFEFEFEF';
const FILL_REFERENCE = 'FFEAF1FB';
const FILL_ABSENT = 'FFD9D9D9';
const FILL_HEADER = 'FFF5F5F5';

const STATUS_TEXT: Record<string, string> = {
  not_started: '未填报 not started',
  draft: '草稿 draft',
  submitted: '已上报 submitted',
  returned: '已退回 returned',
  approved: '审核通过 approved',
};

const fill = (argb: string): ExcelJS.Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb } });
const thin: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};

interface Definition {
  survey: { name: Text; issuer: Text; documentNumber?: string; approvalNumber?: string; validUntil?: string };
  form: { code: string; name: Text; unit?: Text; reportingUnitType?: Text };
  version: { number: number };
  sections?: { code: string; name: Text }[];
  columns: { code: string; name: Text; source: { kind: string; column?: string; of?: string } }[];
  indicators: {
    code: string;
    name: Text;
    unit?: Text;
    level?: number;
    section?: string;
    type: string;
    min?: number;
    columns?: string[];
  }[];
}
interface Text {
  zh: string;
  en: string;
}

/** The definition inside an entry view, typed for layout (it crosses the API as a record). */
export const definitionOf = (entry: EntryData) => entry.definition as unknown as Definition;

/** What the hidden key says about a file. */
export interface TemplateKey {
  formId: string;
  formCode: string;
  period: string;
  formVersion: number;
  unitId: string;
  sheet: string;
}

/** A file read back: its key and every input cell's raw value by address. */
export interface UploadedTemplate {
  key: TemplateKey;
  cells: { address: string; ref: string; raw: RawValue }[];
}

/** A row of the grid: a section heading or an indicator. */
type GridRow = { section: Text } | { indicator: Definition['indicators'][number] };

/** Indicator rows in definition order, a heading before each change of section. */
export function gridRows(def: Definition): GridRow[] {
  const sections = new Map((def.sections ?? []).map((s) => [s.code, s.name]));
  const out: GridRow[] = [];
  let current: string | undefined;
  for (const ind of def.indicators) {
    if (ind.section && ind.section !== current && sections.has(ind.section)) {
      out.push({ section: sections.get(ind.section)! });
    }
    current = ind.section;
    out.push({ indicator: ind });
  }
  return out;
}

/** Reference columns (上期, 上年同期) for each entered column the form does not already carry. */
export function referenceColumns(def: Definition) {
  const out: { of: string; kind: 'previous' | 'lastYear'; name: Text }[] = [];
  for (const c of def.columns) {
    if (c.source.kind !== 'entered') continue;
    const has = (kind: string) =>
      def.columns.some((x) => x.source.kind === kind && x.source.column === c.code);
    if (!has('previous_period'))
      out.push({
        of: c.code,
        kind: 'previous',
        name: { zh: `${c.name.zh}（上期）`, en: `${c.name.en} (previous period)` },
      });
    if (!has('last_year'))
      out.push({
        of: c.code,
        kind: 'lastYear',
        name: { zh: `${c.name.zh}（上年同期）`, en: `${c.name.en} (same period last year)` },
      });
  }
  return out;
}

/** 计量单位: the indicator's, else the form's; none for text and codes. */
export function unitOfMeasure(def: Definition, ind: Definition['indicators'][number]): string {
  if (ind.type !== 'decimal' && ind.type !== 'integer') return '';
  return (ind.unit ?? def.form.unit)?.zh ?? '';
}

const numFmt = (c: EntryCellData) =>
  c.type === 'text' || c.type === 'code' ? '@' : c.decimals ? `0.${'0'.repeat(c.decimals)}` : '0';

/** A stored value as the cell's Excel value: numbers as numbers when exact in a double. */
function excelValue(c: Pick<EntryCellData, 'type'>, v: string | null): ExcelJS.CellValue {
  if (v === null || v === undefined) return null;
  if (c.type === 'text' || c.type === 'code') return v;
  const n = Number(v);
  return Number.isFinite(n) && String(n) === v ? n : v;
}

/** The form's formula with each cell replaced by its address; null when a cell is not on the sheet. */
function excelFormula(formula: string, addressOf: Map<string, string>): string | null {
  let missing = false;
  const out = formula.replace(/[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)?/g, (id, dot) => {
    if (!dot) {
      if (id.toLowerCase() === 'sum') return 'SUM';
      missing = true;
      return id;
    }
    const a = addressOf.get(id);
    if (!a) missing = true;
    return a ?? id;
  });
  return missing ? null : out;
}

/** Builds the template workbook for a unit's form and period, pre-filled with its values. */
export async function buildTemplate(
  entry: EntryData,
  unit: { id: string; name: string; creditCode: string | null },
  generatedAt: Date,
): Promise<Buffer> {
  const def = definitionOf(entry);
  const cells = new Map(entry.cells.map((c) => [c.ref, c]));
  const refs = referenceColumns(def);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'tongji';
  wb.created = generatedAt;
  const sheetName = def.form.code.slice(0, 31);
  const ws = wb.addWorksheet(sheetName, { properties: { defaultRowHeight: 18 } });
  const FIRST = 4; // columns A–C: name, code, unit of measure
  const lastCol = FIRST - 1 + def.columns.length + refs.length;
  const colOf = new Map(def.columns.map((c, i) => [c.code, FIRST + i]));

  // Header block (表头).
  ws.mergeCells(1, 1, 1, Math.max(lastCol, 7));
  const title = ws.getCell(1, 1);
  title.value = `${def.form.name.zh}  ${def.form.name.en}`;
  title.font = { bold: true, size: 14 };
  title.alignment = { horizontal: 'center' };
  // The header block: label–value pairs in two halves, A | B:C and D:E | F:last.
  const right = Math.max(lastCol, 7);
  type Pair = [string, string | number | undefined];
  const present = (list: Pair[]) => list.filter(([, v]) => v !== undefined && v !== '');
  const leftHalf = present([
    ['表号 Form', def.form.code],
    ['文号 Document', def.survey.documentNumber],
    ['报告期 Period', entry.period],
    ['上期 / 上年同期 Previous / last year', `${entry.previousPeriod} / ${entry.lastYearPeriod}`],
    ['报表版本 Form version', def.version.number],
    ['有效期至 Valid until', def.survey.validUntil],
  ]);
  const rightHalf = present([
    ['制定机关 Issued by', def.survey.issuer.zh],
    ['批准文号 Approval', def.survey.approvalNumber],
    ['单位详细名称 Unit', unit.name],
    ['统一社会信用代码 Credit code', unit.creditCode ?? undefined],
    ['状态 Status', STATUS_TEXT[entry.status] ?? entry.status],
    ['计量单位 Unit of measure', def.form.unit?.zh],
  ]);
  const headerRows = Math.max(leftHalf.length, rightHalf.length);
  const put = (r: number, pair: Pair | undefined, label: [number, number], value: [number, number]) => {
    if (!pair) return;
    if (label[1] > label[0]) ws.mergeCells(r, label[0], r, label[1]);
    ws.mergeCells(r, value[0], r, value[1]);
    const l = ws.getCell(r, label[0]);
    l.value = pair[0];
    l.font = { size: 9, color: { argb: 'FF555555' } };
    const v = ws.getCell(r, value[0]);
    v.value = pair[1] as ExcelJS.CellValue;
    v.alignment = { horizontal: 'left' };
  };
  for (let i = 0; i < headerRows; i++) {
    put(2 + i, leftHalf[i], [1, 1], [2, 3]);
    put(2 + i, rightHalf[i], [4, 5], [6, right]);
  }

  // Column headings: names, then codes (the machine-readable address of each column).
  const HEAD = 3 + headerRows;
  const heads = [
    '指标名称 Indicator',
    '代码 Code',
    '计量单位 Unit',
    ...def.columns.map((c) => `${c.name.zh}\n${c.name.en}`),
    ...refs.map((r) => `${r.name.zh}\n${r.name.en}`),
  ];
  const codes = [
    '甲',
    '乙',
    '丙',
    ...def.columns.map((c) => c.code),
    ...refs.map((r) => `${r.of} (${r.kind})`),
  ];
  ws.getRow(HEAD).values = heads;
  ws.getRow(HEAD + 1).values = codes;
  ws.getRow(HEAD).height = 42;
  for (const r of [HEAD, HEAD + 1]) {
    for (let c = 1; c <= lastCol; c++) {
      const cell = ws.getCell(r, c);
      cell.font = { bold: r === HEAD, size: r === HEAD ? 10 : 8 };
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      cell.fill = fill(FILL_HEADER);
      cell.border = thin;
    }
  }

  // Addresses of every cell first: formulas may read cells further down the sheet.
  const rows = gridRows(def);
  const addressOf = new Map<string, string>();
  rows.forEach((r, i) => {
    if (!('indicator' in r)) return;
    for (const c of def.columns) {
      const ref = `${r.indicator.code}.${c.code}`;
      if (cells.has(ref)) addressOf.set(ref, ws.getCell(HEAD + 2 + i, colOf.get(c.code)!).address);
    }
  });

  const firstOfYear = /^\d{4}$/.test(entry.period) || /-01$|Q1$/.test(entry.period);
  const inputs: { address: string; ref: string }[] = [];
  rows.forEach((r, i) => {
    const rowNo = HEAD + 2 + i;
    const row = ws.getRow(rowNo);
    if ('section' in r) {
      ws.mergeCells(rowNo, 1, rowNo, lastCol);
      const c = ws.getCell(rowNo, 1);
      c.value = `${r.section.zh}  ${r.section.en}`;
      c.font = { bold: true };
      c.fill = fill(FILL_HEADER);
      return;
    }
    const ind = r.indicator;
    const name = row.getCell(1);
    name.value = ind.name.zh;
    name.alignment = { indent: (ind.level ?? 0) * 2, vertical: 'middle' };
    row.getCell(2).value = ind.code;
    row.getCell(3).value = unitOfMeasure(def, ind);
    for (let c = 1; c <= 3; c++) row.getCell(c).border = thin;
    for (const col of def.columns) {
      const cell = row.getCell(colOf.get(col.code)!);
      cell.border = thin;
      const info = cells.get(`${ind.code}.${col.code}`);
      if (!info) {
        cell.fill = fill(FILL_ABSENT);
        continue;
      }
      cell.numFmt = numFmt(info);
      const value = excelValue(info, info.value);
      if (info.source === 'entered') {
        cell.value = value;
        cell.protection = { locked: false };
        inputs.push({ address: cell.address, ref: info.ref });
        if (info.type === 'decimal' || info.type === 'integer') {
          const a = cell.address;
          const min = ind.min !== undefined ? `,${a}>=${ind.min}` : '';
          cell.dataValidation = {
            type: 'custom',
            allowBlank: true,
            formulae: [`AND(ISNUMBER(${a}),ROUND(${a},${info.decimals ?? 0})=${a}${min})`],
            showErrorMessage: true,
            errorTitle: '数值有误 Wrong value',
            error:
              `请填数值，最多 ${info.decimals ?? 0} 位小数${ind.min !== undefined ? `，不小于 ${ind.min}` : ''}。` +
              ` A number with at most ${info.decimals ?? 0} decimal(s)${ind.min !== undefined ? `, at least ${ind.min}` : ''}.`,
          };
        }
        continue;
      }
      cell.fill = fill(FILL_LOCKED);
      cell.font = { color: { argb: 'FF555555' } };
      let formula: string | null = null;
      if (info.source === 'formula' && info.formula) {
        const expr = excelFormula(info.formula, addressOf);
        const deps = info.dependsOn.map((d) => addressOf.get(d)).filter(Boolean);
        if (expr && deps.length === info.dependsOn.length) {
          // Blank inputs give a blank total, as on the server; a zero divisor gives a blank.
          formula = `IF(COUNT(${deps.join(',')})=0,"",IFERROR(ROUND(${expr},${info.decimals ?? 0}),""))`;
        }
      } else if (info.source === 'ytd') {
        const of = addressOf.get(`${ind.code}.${(col.source.of as string) ?? ''}`);
        if (of && firstOfYear) formula = `IF(${of}="","",${of})`;
        else if (of && info.previous !== null) formula = `${info.previous}+N(${of})`;
      }
      cell.value = formula ? { formula, result: (value ?? undefined) as any } : value;
    }
    refs.forEach((rc, k) => {
      const cell = row.getCell(FIRST + def.columns.length + k);
      cell.border = thin;
      const info = cells.get(`${ind.code}.${rc.of}`);
      if (!info) {
        cell.fill = fill(FILL_ABSENT);
        return;
      }
      cell.numFmt = numFmt(info);
      cell.value = excelValue(info, rc.kind === 'previous' ? info.previous : info.lastYear);
      cell.fill = fill(FILL_REFERENCE);
    });
  });

  const endRow = HEAD + 2 + rows.length;
  ws.mergeCells(endRow + 1, 1, endRow + 1, right);
  ws.getRow(endRow + 1).height = 30;
  ws.getCell(endRow + 1, 1).alignment = { wrapText: true, vertical: 'top' };
  ws.getCell(endRow + 1, 1).value =
    '白色单元格为填报项；灰色为平台计算或带出，上传后由服务器重新计算；蓝色为参考值。' +
    ' White cells are for input; grey cells are computed by the platform (recomputed on upload); blue cells are for reference.';
  ws.getCell(endRow + 1, 1).font = { size: 9, italic: true };
  ws.getColumn(1).width = 36;
  ws.getColumn(2).width = 10;
  ws.getColumn(3).width = 10;
  for (let c = FIRST; c <= lastCol; c++) ws.getColumn(c).width = 16;
  ws.views = [{ state: 'frozen', xSplit: 3, ySplit: HEAD + 1 }];
  ws.pageSetup = { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 };
  ws.pageSetup.printTitlesRow = `${HEAD}:${HEAD + 1}`;
  await ws.protect('', {
    selectLockedCells: true,
    selectUnlockedCells: true,
    formatColumns: true,
    formatRows: true,
  });

  // The key: what the file is for, and where each input cell lives.
  const key = wb.addWorksheet(KEY_SHEET, { state: 'veryHidden' });
  key.addRow([KEY_MARK, KEY_FORMAT]);
  key.addRow(['formId', entry.formId]);
  key.addRow(['formCode', def.form.code]);
  key.addRow(['period', entry.period]);
  key.addRow(['formVersion', def.version.number]);
  key.addRow(['unitId', unit.id]);
  key.addRow(['sheet', sheetName]);
  key.addRow(['generatedAt', generatedAt.toISOString()]);
  key.addRow(['address', 'cell']);
  for (const i of inputs) key.addRow([i.address, i.ref]);
  await key.protect('', {});
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * Checks a zip before the workbook reader sees it: at most MAX_ZIP_ENTRIES entries that together
 * unpack to at most MAX_UNPACKED_BYTES. Each entry is inflated here with its declared size as a
 * hard limit, so an entry that lies about its size (a zip bomb) costs no more than it declared.
 * Returns a reason when the bytes are not such a zip.
 */
export function zipProblem(buf: Buffer): string | null {
  if (buf.length < 22 || buf.readUInt32LE(0) !== 0x04034b50) return 'not a zip archive';
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return 'the zip archive is cut short (no central directory)';
  const count = buf.readUInt16LE(eocd + 10);
  if (count > MAX_ZIP_ENTRIES) return `too many entries in the archive (${count})`;
  let at = buf.readUInt32LE(eocd + 16);
  let total = 0;
  for (let n = 0; n < count; n++) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== 0x02014b50) return 'damaged zip central directory';
    const method = buf.readUInt16LE(at + 10);
    const packed = buf.readUInt32LE(at + 20);
    const size = buf.readUInt32LE(at + 24);
    const local = buf.readUInt32LE(at + 42);
    if (size === 0xffffffff || packed === 0xffffffff) return 'zip64 archives are not accepted';
    total += size;
    if (total > MAX_UNPACKED_BYTES) return 'the archive unpacks to more than 40 MB';
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== 0x04034b50) return 'damaged zip entry';
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    if (start + packed > buf.length) return 'the zip archive is cut short';
    if (method === 8) {
      try {
        zlib.inflateRawSync(buf.subarray(start, start + packed), { maxOutputLength: Math.max(size, 1) });
      } catch {
        return 'a zip entry is damaged or larger than it declares';
      }
    } else if (method !== 0) return `unsupported zip compression method ${method}`;
    at += 46 + buf.readUInt16LE(at + 28) + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
  }
  return null;
}

/** An Excel cell's value as a raw form value: formulas by their result, rich text as text. */
function rawOf(v: ExcelJS.CellValue): RawValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v.trim() === '' ? null : v;
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Date) return { date: v.toISOString() }; // not a number nor text: the check says so
  if (typeof v === 'object') {
    if ('richText' in v) return rawOf(v.richText.map((t) => t.text).join(''));
    if ('formula' in v || 'sharedFormula' in v)
      return rawOf((v as { result?: ExcelJS.CellValue }).result ?? null);
    if ('hyperlink' in v) return rawOf((v as { text: ExcelJS.CellValue }).text);
    if ('error' in v) return { error: (v as ExcelJS.CellErrorValue).error };
  }
  return { value: String(v) };
}

const text = (v: ExcelJS.CellValue): string => {
  const r = rawOf(v);
  return typeof r === 'string' ? r.trim() : typeof r === 'number' ? String(r) : '';
};

/** Reads an uploaded template: the key, then each input cell's raw value. Throws a problem otherwise. */
export async function readTemplate(buf: Buffer): Promise<UploadedTemplate> {
  if (!buf.length) throw P.upload_not_xlsx({ reason: { 'zh-CN': '文件为空', 'en-US': 'the file is empty' } });
  const bad = zipProblem(buf);
  if (bad) throw P.upload_not_xlsx({ reason: { 'zh-CN': `不是有效的 xlsx 文件（${bad}）`, 'en-US': bad } });
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as any);
  } catch (e) {
    const why = `not a valid xlsx workbook (${(e as Error).message.slice(0, 120)})`;
    throw P.upload_not_xlsx({ reason: { 'zh-CN': `无法读取工作簿（${why}）`, 'en-US': why } });
  }
  const ks = wb.getWorksheet(KEY_SHEET);
  if (!ks || text(ks.getCell(1, 1).value) !== KEY_MARK) throw P.upload_no_key();
  if (Number(text(ks.getCell(1, 2).value)) !== KEY_FORMAT) {
    throw P.upload_bad_key({ reason: `format ${text(ks.getCell(1, 2).value)}` });
  }
  const fields = new Map<string, string>();
  let table = 0;
  for (let r = 2; r <= Math.min(ks.rowCount, 50); r++) {
    const k = text(ks.getCell(r, 1).value);
    if (k === 'address') {
      table = r + 1;
      break;
    }
    fields.set(k, text(ks.getCell(r, 2).value));
  }
  const need = (k: string) => {
    const v = fields.get(k);
    if (!v) throw P.upload_bad_key({ reason: `no ${k}` });
    return v;
  };
  const key: TemplateKey = {
    formId: need('formId'),
    formCode: need('formCode'),
    period: need('period'),
    formVersion: Number(need('formVersion')),
    unitId: need('unitId'),
    sheet: need('sheet'),
  };
  if (!table) throw P.upload_bad_key({ reason: 'no cell table' });
  const ws = wb.getWorksheet(key.sheet);
  if (!ws) throw P.upload_bad_key({ reason: `no sheet ${key.sheet}` });
  if (ks.rowCount - table + 1 > MAX_KEY_CELLS) throw P.upload_bad_key({ reason: 'too many cells' });
  const cells: UploadedTemplate['cells'] = [];
  const seen = new Set<string>();
  for (let r = table; r <= ks.rowCount; r++) {
    const address = text(ks.getCell(r, 1).value);
    const ref = text(ks.getCell(r, 2).value);
    if (!address && !ref) continue;
    if (!ADDRESS_RE.test(address) || !REF_RE.test(ref)) {
      throw P.upload_bad_key({ reason: `row ${r}: ${address.slice(0, 20)} → ${ref.slice(0, 70)}` });
    }
    if (seen.has(address) || seen.has(ref)) throw P.upload_bad_key({ reason: `row ${r}: ${address} twice` });
    seen.add(address);
    seen.add(ref);
    cells.push({ address, ref, raw: rawOf(ws.getCell(address).value) });
  }
  return { key, cells };
}
