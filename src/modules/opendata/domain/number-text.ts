/**
 * Exact decimal text as it may appear in JSON, CSV and spreadsheets. Publication hands values as
 * exact decimal strings; writing that text itself as the JSON number literal keeps every digit
 * (JSON numbers have no precision limit; a client parsing into doubles keeps all a double can).
 */

const DECIMAL_RE = /^([+-]?)(\d+)(\.\d+)?$/;

/** The JSON number literal of a decimal text ("+007.50" → "7.50"); null when it is not one. */
export function jsonNumberLiteral(text: string): string | null {
  const m = DECIMAL_RE.exec(text.trim());
  if (!m) return null;
  const int = m[2].replace(/^0+(?=\d)/, '');
  return `${m[1] === '-' ? '-' : ''}${int}${m[3] ?? ''}`;
}

/**
 * The value as a JS number when the double denotes the same decimal (so a spreadsheet cell holds
 * it exactly); null when a double would change a digit and the text must be kept instead.
 */
export function exactNumber(text: string): number | null {
  const lit = jsonNumberLiteral(text);
  if (lit === null) return null;
  const n = Number(lit);
  if (!Number.isFinite(n)) return null;
  return canonical(String(n)) === canonical(lit) ? n : null;
}

/** Canonical decimal text: no leading zeros, no trailing fractional zeros, no exponent. */
function canonical(text: string): string {
  const e = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  let sign = '';
  let digits: string;
  let point: number;
  if (e) {
    sign = e[1];
    digits = e[2] + (e[3] ?? '');
    point = e[2].length + Number(e[4]);
  } else {
    const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
    if (!m) return text;
    sign = m[1];
    digits = m[2] + (m[3] ?? '');
    point = m[2].length;
  }
  if (point < 0) {
    digits = '0'.repeat(-point) + digits;
    point = 0;
  }
  if (point > digits.length) digits += '0'.repeat(point - digits.length);
  const int = digits.slice(0, point).replace(/^0+/, '') || '0';
  const frac = digits.slice(point).replace(/0+$/, '');
  const body = frac ? `${int}.${frac}` : int;
  return body === '0' ? '0' : sign + body;
}
