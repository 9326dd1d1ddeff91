/**
 * Exact decimals, shared by the survey system (computed cells) and the rule language: a bigint
 * coefficient and a count of digits after the point (value = c / 10^s).
 *
 * Why: values arrive as PostgreSQL numeric strings ("1250.5") or JS numbers, and a rule such as
 * `B01.current = sum(B02.current:B09.current)` must hold to the last digit; binary floating point
 * gets 0.1 + 0.2 wrong. Addition, subtraction and multiplication on scaled integers are exact;
 * division is the only rounding step: its quotient keeps DIVISION_SCALE digits (or the scale the
 * caller asks for), rounded half away from zero (四舍五入). The compiled evaluator (emit.ts) runs the same arithmetic on
 * integer-valued doubles at statically known scales — exact while |x| ≤ 2^53 — and falls back to
 * this module beyond that; the property test checks that both agree.
 *
 * Pure and free of Node imports: it runs in the browser too (the rule language checks forms live).
 */

export interface Dec {
  /** Coefficient: the value times 10^s. */
  readonly c: bigint;
  /** Digits after the decimal point. */
  readonly s: number;
}

/** Digits a quotient keeps (growth, ratio, `/`): enough for any threshold a rule compares with. */
export const DIVISION_SCALE = 6;

const DECIMAL_RE = /^([+-])?(\d+)(?:\.(\d+))?$/;

const POW10: bigint[] = [];
for (let i = 0, p = 1n; i <= 40; i++, p *= 10n) POW10.push(p);
/** 10^n as a bigint. */
export const pow10n = (n: number): bigint => POW10[n] ?? 10n ** BigInt(n);

/** Parses "1234.50", "-0.5", "+7" (no exponents, no separators); null otherwise. */
export function parseDec(text: string): Dec | null {
  const m = DECIMAL_RE.exec(text.trim());
  if (!m) return null;
  const frac = m[3] ?? '';
  const c = BigInt(`${m[2]}${frac}`);
  return normalize({ c: m[1] === '-' ? -c : c, s: frac.length });
}

/** A finite JS number as the decimal its shortest text denotes (0.1 → 0.1, not 0.1000000000000000055…). */
export function decFromNumber(n: number): Dec | null {
  if (!Number.isFinite(n)) return null;
  const t = String(n);
  const m = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(t);
  if (!m) return parseDec(t);
  // Shortest round-trip digits with an exponent: shift the point instead of asking toFixed,
  // which would print the binary value's long expansion.
  const digits = BigInt(`${m[1]}${m[2]}${m[3] ?? ''}`);
  const s = (m[3] ?? '').length - Number(m[4]);
  return normalize(s >= 0 ? { c: digits, s } : { c: digits * pow10n(-s), s: 0 });
}

/** Reads a raw value (string or number) as a decimal; null when it is not one. */
export function toDec(raw: string | number): Dec | null {
  return typeof raw === 'number' ? decFromNumber(raw) : parseDec(raw);
}

export const ZERO: Dec = { c: 0n, s: 0 };

/** Drops trailing zeros after the point, so equal values have equal representations. */
export function normalize(a: Dec): Dec {
  let { c, s } = a;
  while (s > 0 && c % 10n === 0n) {
    c /= 10n;
    s -= 1;
  }
  return s === a.s ? a : { c, s };
}

/** `a` rescaled to `s` digits (s ≥ a.s). */
export function rescale(a: Dec, s: number): bigint {
  return s === a.s ? a.c : a.c * pow10n(s - a.s);
}

export function add(a: Dec, b: Dec): Dec {
  const s = Math.max(a.s, b.s);
  return { c: rescale(a, s) + rescale(b, s), s };
}

export function sub(a: Dec, b: Dec): Dec {
  const s = Math.max(a.s, b.s);
  return { c: rescale(a, s) - rescale(b, s), s };
}

export function mul(a: Dec, b: Dec): Dec {
  return { c: a.c * b.c, s: a.s + b.s };
}

export const neg = (a: Dec): Dec => ({ c: -a.c, s: a.s });
export const abs = (a: Dec): Dec => (a.c < 0n ? neg(a) : a);

/** Integer division rounding half away from zero. */
export function divRound(n: bigint, d: bigint): bigint {
  const an = n < 0n ? -n : n;
  const ad = d < 0n ? -d : d;
  let q = an / ad;
  if ((an - q * ad) * 2n >= ad) q += 1n;
  return n < 0n !== d < 0n ? -q : q;
}

/** a / b rounded to `scale` digits (default DIVISION_SCALE); null when b is zero. */
export function div(a: Dec, b: Dec, scale = DIVISION_SCALE): Dec | null {
  if (b.c === 0n) return null;
  // a.c/10^a.s ÷ b.c/10^b.s = a.c·10^(D + b.s − a.s) / b.c at scale D.
  const shift = scale + b.s - a.s;
  const n = shift >= 0 ? a.c * pow10n(shift) : a.c;
  const d = shift >= 0 ? b.c : b.c * pow10n(-shift);
  return { c: divRound(n, d), s: scale };
}

/** Rounds to `digits` after the point, half away from zero (四舍五入). */
export function round(a: Dec, digits: number): Dec {
  if (a.s <= digits) return a;
  return { c: divRound(a.c, pow10n(a.s - digits)), s: digits };
}

export function compare(a: Dec, b: Dec): -1 | 0 | 1 {
  const s = Math.max(a.s, b.s);
  const x = rescale(a, s);
  const y = rescale(b, s);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Canonical text: no exponent, no trailing zeros, never "-0"; `fixed` pads/rounds to that many digits. */
export function decToText(a: Dec, fixed?: number): string {
  let v = normalize(a);
  if (fixed !== undefined) {
    v = round(v, fixed);
    if (v.s < fixed) v = { c: v.c * pow10n(fixed - v.s), s: fixed };
  }
  const negative = v.c < 0n;
  const digits = (negative ? -v.c : v.c).toString().padStart(v.s + 1, '0');
  const int = digits.slice(0, digits.length - v.s);
  const frac = v.s ? `.${digits.slice(digits.length - v.s)}` : '';
  return `${negative && v.c !== 0n ? '-' : ''}${int}${frac}`;
}

/** Digits after the point a value needs (12.50 → 1). */
export const scaleOf = (a: Dec): number => normalize(a).s;
