/**
 * The seasonal adjustment page's pure helpers: the pasted series as numbers, the start period,
 * period labels, the example series and the CSV of the result. No React, so unit-tested.
 */

/** A pasted entry that is not a number (1-based position in the series, as typed). */
export interface BadToken {
  position: number;
  text: string;
}

export interface ParsedSeries {
  values: (number | null)[];
  bad: BadToken[];
  missing: number;
}

/** Entries that mean "no value": blank, R's NA, Excel's error cells, a dash. */
const MISSING = /^(|na|nan|null|n\/a|#n\/a|-|—|–|\.|…|\.\.)$/i;
/** One number with thousands separators ("12,345.6"), as Excel copies a formatted cell. */
const GROUPED = /^[-+]?\d{1,3}(,\d{3})+(\.\d*)?$/;

function toNumber(token: string): number | null | undefined {
  const s = token.trim();
  if (MISSING.test(s)) return null;
  const plain = GROUPED.test(s) ? s.replace(/,/g, '') : s;
  // Number('') and Number('0x10') are not what anyone pasting a series means.
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(plain)) return undefined;
  const v = Number(plain);
  return Number.isFinite(v) ? v : undefined;
}

/**
 * Reads a pasted series. Values are separated by line breaks, tabs, commas (also ，、;；) or
 * spaces. An empty cell (an empty line of a pasted column, nothing between two commas or tabs)
 * and NA, "-", "." are missing values (null). Line breaks at the very end (Excel adds one) are
 * dropped; blank lines at the start are kept as missing values so the start period stays right.
 * A column whose cells carry thousands separators ("12,345.6", every line one number) reads as
 * numbers; on one line, "1,234" is two values.
 */
export function parseSeries(text: string): ParsedSeries {
  const values: (number | null)[] = [];
  const bad: BadToken[] = [];
  const body = text.replace(/[\s\u3000]+$/u, '');
  if (body.trim() === '') return { values, bad, missing: 0 };
  const lines = body.split(/\r\n|\r|\n/);
  // A pasted column: every line one number or blank, so "12,345" on a line is one number.
  const column = lines.length > 1 && lines.every((l) => GROUPED.test(l.trim()) || toNumber(l) !== undefined);
  const push = (token: string) => {
    const v = toNumber(token);
    if (v === undefined) {
      bad.push({ position: values.length + 1, text: token.trim() });
      values.push(null);
    } else values.push(v);
  };
  for (const line of lines) {
    if (line.includes('\t')) {
      for (const cell of line.split('\t')) push(cell);
    } else if (column && GROUPED.test(line.trim())) {
      push(line);
    } else if (/[,，、;；]/.test(line)) {
      for (const cell of line.split(/[,，、;；]/)) push(cell);
    } else if (line.trim() === '') {
      push('');
    } else {
      for (const cell of line.trim().split(/[\s\u3000]+/u)) push(cell);
    }
  }
  const missing = values.filter((v) => v === null).length - bad.length;
  return { values, bad, missing };
}

export interface Period {
  year: number;
  period: number;
}

/**
 * Reads a start period: "2015-01", "2015-1", "2015M01", "2015/01", "2015年1月" for months;
 * "2015Q1", "2015-Q1", "2015年第1季度", "2015年1季度" for quarters; "2015-3" or "2015 3" for any
 * frequency; a bare year is its first period. Empty is no start (undefined); anything else, or
 * a period beyond the frequency, is null.
 */
export function parseStart(text: string, frequency: number): Period | null | undefined {
  const s = text.trim().replace(/\s+/g, ' ');
  if (s === '') return undefined;
  const patterns = [
    /^(\d{4})$/,
    /^(\d{4})[-/. ]?[Mm](\d{1,2})$/,
    /^(\d{4})[-/. ]?[Qq](\d)$/,
    /^(\d{4})年第?(\d{1,2})(?:月|季度?)$/,
    /^(\d{4})[-/. :](\d{1,4})$/,
  ];
  for (const re of patterns) {
    const m = re.exec(s);
    if (!m) continue;
    const year = Number(m[1]);
    const period = m[2] === undefined ? 1 : Number(m[2]);
    if (year < 1000 || period < 1 || period > frequency) return null;
    if (/[Qq季]/.test(s) && frequency !== 4) return null;
    if (/[Mm月]/.test(s) && frequency !== 12) return null;
    return { year, period };
  }
  return null;
}

/** The label of the i-th observation (0-based): 2015-01, 2015Q1, 2015-3, or 1, 2, 3 … */
export function periodLabel(start: Period | null | undefined, i: number, frequency: number): string {
  if (!start) return String(i + 1);
  const index = start.period - 1 + i;
  const year = start.year + Math.floor(index / frequency);
  const period = (index % frequency) + 1;
  if (frequency === 12) return `${year}-${String(period).padStart(2, '0')}`;
  if (frequency === 4) return `${year}Q${period}`;
  return `${year}-${period}`;
}

/**
 * Decimals to show for a series: enough for five significant digits of its largest value,
 * at least two and at most six (tables and the chart's tooltip use the same).
 */
export function displayDecimals(values: readonly (number | null)[]): number {
  let max = 0;
  for (const v of values) if (v !== null && Number.isFinite(v)) max = Math.max(max, Math.abs(v));
  if (max === 0) return 2;
  const digits = Math.floor(Math.log10(max)) + 1;
  return Math.min(6, Math.max(2, 5 - digits));
}

/**
 * The example: ten years of a monthly series from 2015-01 (an index of industrial output, say):
 * a rising trend with a slowdown, a seasonal pattern with the Spring Festival dip in February
 * and a December peak, and a little noise (fixed, so every run gives the same figures).
 */
export function exampleSeries(): { values: number[]; frequency: number; start: string } {
  const seasonal = [-2.5, -9.0, 4.0, 1.5, 2.0, 3.0, -1.0, -2.0, 1.0, -0.5, 1.5, 2.0];
  let seed = 20_150_101;
  const noise = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648 - 0.5;
  };
  const values: number[] = [];
  for (let i = 0; i < 120; i++) {
    const trend = 100 + 0.45 * i - 0.0012 * i * i;
    // The seasonal pattern grows a little with the level, as it does in real output.
    const s = seasonal[i % 12] * (1 + i / 240);
    values.push(Math.round((trend + s + 2 * noise()) * 10) / 10);
  }
  return { values, frequency: 12, start: '2015-01' };
}

export interface DecompositionRows {
  labels: string[];
  original: (number | null)[];
  seasonal: number[];
  trend: number[];
  remainder: number[];
  adjusted: number[];
  /** Robustness weights, when the fit was robust (a last column). */
  weights?: number[];
}

function csvCell(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The result as CSV (UTF-8 with a byte-order mark so Excel reads Chinese headers), numbers at
 * full precision; a missing original value is an empty cell. With `weights`, a seventh column
 * (its header the seventh of `headers`) carries them.
 */
export function decompositionCsv(headers: readonly string[], rows: DecompositionRows): string {
  const lines = [headers.map(csvCell).join(',')];
  const num = (v: number | null) => (v === null ? '' : String(v));
  rows.labels.forEach((label, i) => {
    lines.push(
      [
        csvCell(label),
        num(rows.original[i]),
        num(rows.seasonal[i]),
        num(rows.trend[i]),
        num(rows.remainder[i]),
        num(rows.adjusted[i]),
        ...(rows.weights ? [num(rows.weights[i])] : []),
      ].join(','),
    );
  });
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
