/**
 * Register files (名录文件): the columns of the import template and export, and reading and
 * writing them as CSV (csv-parse / csv-stringify) or Excel (exceljs). No database here.
 */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { registryProblems as P } from './problems.ts';

export type FileFormat = 'csv' | 'xlsx';

export interface Column {
  key: string;
  zh: string;
  en: string;
  required: boolean;
  /** Shown in the template's second sheet (填表说明). */
  hint: string;
}

/** Import/export columns in template order. Headers may be given as zh, en or key. */
export const IMPORT_COLUMNS: Column[] = [
  {
    key: 'creditCode',
    zh: '统一社会信用代码',
    en: 'Credit code',
    required: true,
    hint: '18 位，GB 32100-2015',
  },
  { key: 'name', zh: '单位详细名称', en: 'Name', required: true, hint: '与营业执照一致' },
  {
    key: 'townshipCode',
    zh: '乡镇（街道）代码',
    en: 'Township code',
    required: true,
    hint: '9 位统计用区划代码',
  },
  {
    key: 'industryCode',
    zh: '行业代码',
    en: 'Industry code',
    required: true,
    hint: 'GB/T 4754-2017 小类（4 位）',
  },
  {
    key: 'registrationType',
    zh: '登记注册类型',
    en: 'Registration type',
    required: true,
    hint: '3 位代码，如 173',
  },
  { key: 'employees', zh: '从业人员（人）', en: 'Employees', required: false, hint: '整数' },
  {
    key: 'revenueThousandYuan',
    zh: '营业收入（千元）',
    en: 'Revenue (thousand yuan)',
    required: false,
    hint: '千元，最多 1 位小数',
  },
  {
    key: 'status',
    zh: '状态',
    en: 'Status',
    required: false,
    hint: '在营/停业/注销 或 active/suspended/exited，默认在营',
  },
  { key: 'entryDate', zh: '纳入日期', en: 'Entry date', required: false, hint: 'YYYY-MM-DD，默认今天' },
  { key: 'exitDate', zh: '退出日期', en: 'Exit date', required: false, hint: '状态为注销时填写' },
  { key: 'address', zh: '详细地址', en: 'Address', required: false, hint: '' },
  { key: 'contactName', zh: '联系人', en: 'Contact name', required: false, hint: '' },
  { key: 'contactPhone', zh: '联系电话', en: 'Contact phone', required: false, hint: '' },
  { key: 'contactEmail', zh: '电子邮箱', en: 'Contact email', required: false, hint: '' },
];

/** Extra read-only columns an export adds after the import columns (ignored on re-import). */
export const EXPORT_EXTRA_COLUMNS = [
  { key: 'sizeClass', zh: '规模', en: 'Size class' },
  { key: 'countyCode', zh: '区县（市）代码', en: 'County code' },
  { key: 'townshipName', zh: '乡镇（街道）', en: 'Township' },
  { key: 'industryName', zh: '行业名称', en: 'Industry' },
];

const norm = (s: string) => s.replace(/[\s()（）:：*]/g, '').toLowerCase();
const HEADER_INDEX = new Map<string, string>();
for (const c of IMPORT_COLUMNS) {
  for (const h of [c.key, c.zh, c.en]) HEADER_INDEX.set(norm(h), c.key);
}

/** Maps header cells to column keys (unknown headers map to null and are ignored). */
export function mapHeaders(headers: string[]): (string | null)[] {
  return headers.map((h) => HEADER_INDEX.get(norm(h)) ?? null);
}

/** A table read from a file: header cells and data rows as text (row numbers as the person sees them). */
export interface SheetData {
  headers: string[];
  rows: { line: number; cells: string[] }[];
}

/** Guesses the format from the bytes: xlsx files are zip archives ("PK\x03\x04"). */
export function sniffFormat(buf: Buffer): FileFormat {
  return buf.length >= 4 && buf.readUInt32BE(0) === 0x504b0304 ? 'xlsx' : 'csv';
}

export async function readSheet(buf: Buffer, format: FileFormat, maxRows: number): Promise<SheetData> {
  if (!buf.length) throw P.empty_file();
  const data = format === 'xlsx' ? await readXlsx(buf, maxRows) : readCsv(buf, maxRows);
  if (!data.headers.some((h) => h.trim())) throw P.empty_file();
  return data;
}

function readCsv(buf: Buffer, maxRows: number): SheetData {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    // Excel in China often saves CSV as GB18030 (GBK).
    try {
      text = new TextDecoder('gb18030').decode(buf);
    } catch {
      throw P.malformed_file({ reason: 'not UTF-8 or GB18030 text' });
    }
  }
  if (text.includes('\u0000')) throw P.malformed_file({ reason: 'binary content' });
  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      to: maxRows + 2,
    }) as string[][];
  } catch (e) {
    throw P.malformed_file({ reason: (e as Error).message.slice(0, 200) });
  }
  if (!records.length) throw P.empty_file();
  if (records.length > maxRows + 1) throw P.too_many_rows({ limit: maxRows });
  // csv-parse skips empty lines, so report each record's own line number.
  return {
    headers: records[0],
    rows: records.slice(1).map((cells, i) => ({ line: i + 2, cells })),
  };
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if ('text' in v) return String(v.text);
    if ('error' in v) return '';
    return '';
  }
  return String(v).trim();
}

async function readXlsx(buf: Buffer, maxRows: number): Promise<SheetData> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as any);
  } catch (e) {
    throw P.malformed_file({ reason: `not a valid xlsx workbook (${(e as Error).message.slice(0, 120)})` });
  }
  const ws = wb.worksheets[0];
  if (!ws || ws.rowCount === 0) throw P.empty_file();
  if (ws.rowCount > maxRows + 1) throw P.too_many_rows({ limit: maxRows });
  const width = ws.getRow(1).cellCount;
  const headers: string[] = [];
  for (let c = 1; c <= width; c++) headers.push(cellText(ws.getRow(1).getCell(c).value));
  const rows: SheetData['rows'] = [];
  ws.eachRow({ includeEmpty: false }, (row, n) => {
    if (n === 1) return;
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) cells.push(cellText(row.getCell(c).value));
    if (cells.some((x) => x !== '')) rows.push({ line: n, cells });
  });
  return { headers, rows };
}

/** Writes rows (objects keyed by column key) under bilingual-capable headers. */
export async function writeSheet(
  format: FileFormat,
  columns: { key: string; zh: string }[],
  rows: Record<string, unknown>[],
  notes?: Column[],
): Promise<Buffer> {
  const header = columns.map((c) => c.zh);
  const body = rows.map((r) => columns.map((c) => (r[c.key] ?? '') as string | number));
  if (format === 'csv') {
    // A BOM so that Excel opens the UTF-8 file with the right characters.
    return Buffer.from(`\ufeff${stringify([header, ...body])}`, 'utf8');
  }
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('名录 register');
  ws.addRow(header).font = { bold: true };
  for (const r of body) ws.addRow(r);
  ws.columns.forEach((col, i) => {
    col.width = Math.max(10, Math.min(40, header[i].length * 2 + 4));
    // Codes are text: keep leading zeros and stop Excel turning 18-digit codes into numbers.
    if (
      ['creditCode', 'townshipCode', 'industryCode', 'registrationType', 'countyCode'].includes(
        columns[i].key,
      )
    ) {
      col.numFmt = '@';
    }
  });
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  if (notes) {
    const help = wb.addWorksheet('填表说明 notes');
    help.addRow(['列 column', '英文 English', '必填 required', '说明 notes']).font = { bold: true };
    for (const c of notes) help.addRow([c.zh, c.en, c.required ? '是 yes' : '否 no', c.hint]);
    help.columns.forEach((col) => {
      col.width = 30;
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
