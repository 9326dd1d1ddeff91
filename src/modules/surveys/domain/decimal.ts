/**
 * Exact decimal arithmetic on bigint (a coefficient and a count of digits after the point).
 *
 * Why not JavaScript numbers: report values are money in thousand yuan with one decimal and
 * totals must equal the sum of their parts to the last digit (0.1 + 0.2 !== 0.3 in binary
 * floating point), and the database hands numerics back as strings. Why not a library: addition,
 * subtraction and multiplication are exact on scaled bigints in a few lines, division is the only
 * rounding step and we round once, explicitly, half away from zero (四舍五入, as statistical
 * tables do). Values cross every boundary as canonical decimal strings ("1250.5", "-3").
 */

export interface Decimal {
  /** Coefficient: the value times 10^scale. */
  readonly c: bigint;
  /** Digits after the decimal point. */
  readonly s: number;
}

const DECIMAL_RE = /^([+-])?(\d+)(?:\.(\d+))?$/;

/** The most digits after the point kept by division before final rounding. */
const DIVISION_SCALE = 12;

/** Parses "1234.50", "-0.5", "+7"; null for anything else (exponents, commas, blanks). */
export function parseDecimal(text: string): Decimal | null {
  const m = DECIMAL_RE.exec(text.trim());
  if (!m) return null;
  const frac = m[3] ?? '';
  const c = BigInt(`${m[2]}${frac}`);
  return { c: m[1] === '-' ? -c : c, s: frac.length };
}

/** Like parseDecimal but throws; for values already checked. */
export function dec(value: string | number | bigint): Decimal {
  if (typeof value === 'bigint') return { c: value, s: 0 };
  const text = typeof value === 'number' ? numberText(value) : value;
  const d = parseDecimal(text);
  if (!d) throw new Error(`not a decimal: ${text}`);
  return d;
}

function numberText(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`not a finite number: ${n}`);
  // toString gives exponents for very large/small numbers; toFixed(20) stays positional.
  const t = String(n);
  return /e/i.test(t) ? n.toFixed(20).replace(/\.?0+$/, '') : t;
}

const pow10 = (n: number) => 10n ** BigInt(n);

function align(a: Decimal, b: Decimal): [bigint, bigint, number] {
  if (a.s === b.s) return [a.c, b.c, a.s];
  if (a.s > b.s) return [a.c, b.c * pow10(a.s - b.s), a.s];
  return [a.c * pow10(b.s - a.s), b.c, b.s];
}

export const ZERO: Decimal = { c: 0n, s: 0 };

export function add(a: Decimal, b: Decimal): Decimal {
  const [x, y, s] = align(a, b);
  return { c: x + y, s };
}

export function sub(a: Decimal, b: Decimal): Decimal {
  const [x, y, s] = align(a, b);
  return { c: x - y, s };
}

export function mul(a: Decimal, b: Decimal): Decimal {
  return { c: a.c * b.c, s: a.s + b.s };
}

/** Integer division rounding half away from zero. */
function divRound(n: bigint, d: bigint): bigint {
  const neg = n < 0n !== d < 0n;
  const an = n < 0n ? -n : n;
  const ad = d < 0n ? -d : d;
  let q = an / ad;
  if ((an % ad) * 2n >= ad) q += 1n;
  return neg ? -q : q;
}

/** a / b with DIVISION_SCALE digits; null when dividing by zero. */
export function div(a: Decimal, b: Decimal): Decimal | null {
  if (b.c === 0n) return null;
  // a.c/10^a.s ÷ b.c/10^b.s = (a.c * 10^(S + b.s - a.s)) / b.c at scale S.
  const shift = DIVISION_SCALE + b.s - a.s;
  const n = shift >= 0 ? a.c * pow10(shift) : a.c;
  const d = shift >= 0 ? b.c : b.c * pow10(-shift);
  return normalize({ c: divRound(n, d), s: DIVISION_SCALE });
}

/** Rounds to `digits` after the point, half away from zero (四舍五入). */
export function round(a: Decimal, digits: number): Decimal {
  if (a.s <= digits) return a;
  return { c: divRound(a.c, pow10(a.s - digits)), s: digits };
}

/** Drops trailing zeros after the point. */
export function normalize(a: Decimal): Decimal {
  let { c, s } = a;
  while (s > 0 && c % 10n === 0n) {
    c /= 10n;
    s -= 1;
  }
  return { c, s };
}

export function compare(a: Decimal, b: Decimal): -1 | 0 | 1 {
  const [x, y] = align(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export const isZero = (a: Decimal) => a.c === 0n;

/** Canonical text: no exponent, no trailing zeros after the point, "-0" never appears. */
export function toText(a: Decimal, fixedDigits?: number): string {
  const v = fixedDigits === undefined ? normalize(a) : fixTo(a, fixedDigits);
  const neg = v.c < 0n;
  const digits = (neg ? -v.c : v.c).toString().padStart(v.s + 1, '0');
  const int = digits.slice(0, digits.length - v.s);
  const frac = v.s ? `.${digits.slice(digits.length - v.s)}` : '';
  return `${neg ? '-' : ''}${int}${frac}`;
}

function fixTo(a: Decimal, digits: number): Decimal {
  const r = round(a, digits);
  return r.s < digits ? { c: r.c * pow10(digits - r.s), s: digits } : r;
}

/** Digits after the point in a decimal text (for precision checks). */
export function scaleOf(a: Decimal): number {
  return normalize(a).s;
}
