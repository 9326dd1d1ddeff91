/**
 * The data one rule evaluation reads (one reporting unit, one form, one period), and how a raw
 * value becomes a typed one. Both evaluators read values through readRef, so a blank, an
 * unreported period or an invalid value mean the same thing everywhere.
 */
import { type Dec, scaleOf, toDec } from '../../../platform/decimal.ts';
import { NA, type Ref, type Value } from './typed.ts';

/** Values by cell (`{ "B01.current": "1250.5" }`); absent, null or "" = blank. */
export type CellValues = Readonly<Record<string, string | number | null | undefined>>;

/** One form's values in this period and the periods rules look back at; null = not reported. */
export interface FormPeriods {
  values?: CellValues | null;
  previous?: CellValues | null;
  lastYear?: CellValues | null;
}

export interface RecordData extends FormPeriods {
  values: CellValues;
  /** Other forms of the same unit and period, by form code. */
  otherForms?: Readonly<Record<string, FormPeriods | undefined>>;
  /** Register attributes of the unit (`industry`, `size`, `division`, `employees` …). */
  unit?: Readonly<Record<string, string | number | null | undefined>>;
}

const PERIOD_TEXT = {
  current: { zh: '本期', en: 'this period' },
  previous: { zh: '上期', en: 'the previous period' },
  lastYear: { zh: '上年同期', en: 'the same period last year' },
};

/**
 * The raw value behind a reference, undefined when there is none (blank, unreported): rawOf
 * without building the reason, for the hot path that binds many records.
 */
export function rawValueOf(ref: Ref, data: RecordData): string | number | undefined {
  let v: string | number | null | undefined;
  if (ref.source === 'unit') v = data.unit?.[ref.name];
  else {
    const form = ref.form === null ? data : data.otherForms?.[ref.form];
    const values =
      ref.period === 'current' ? form?.values : ref.period === 'previous' ? form?.previous : form?.lastYear;
    v = values ? values[ref.name] : undefined;
  }
  return v === null || v === undefined || v === '' ? undefined : v;
}

/** The raw value behind a reference, or why there is none. */
export function rawOf(ref: Ref, data: RecordData): string | number | NA {
  if (ref.source === 'unit') {
    const v = data.unit?.[ref.name];
    return v === null || v === undefined || v === '' ? new NA(`${ref.key} 为空`, `${ref.key} is blank`) : v;
  }
  const form = ref.form === null ? data : data.otherForms?.[ref.form];
  const values =
    ref.period === 'current' ? form?.values : ref.period === 'previous' ? form?.previous : form?.lastYear;
  if (!values) {
    const p = PERIOD_TEXT[ref.period];
    return ref.form === null
      ? new NA(`${p.zh}未报送`, `${p.en} was not reported`)
      : new NA(`表 ${ref.form} ${p.zh}未报送`, `form ${ref.form} was not reported for ${p.en}`);
  }
  const v = values[ref.name];
  return v === null || v === undefined || v === '' ? new NA(`${ref.key} 为空`, `${ref.key} is blank`) : v;
}

/**
 * The typed value of a reference. A value that is not a valid number for a numeric cell, or has
 * more digits after the point than the indicator allows, counts as missing: the type check of
 * the submission reports it by cell, and the rules stay decidable with static scales.
 */
export function readRef(ref: Ref, data: RecordData): Value {
  const raw = rawOf(ref, data);
  if (raw instanceof NA) return raw;
  if (ref.type === 'text' || ref.type === 'code') return String(raw);
  const d: Dec | null = toDec(raw);
  if (d === null) return new NA(`${ref.key} 不是有效数值`, `${ref.key} is not a valid number`);
  if (scaleOf(d) > ref.decimals) {
    return new NA(
      `${ref.key} 的小数位数超过 ${ref.decimals} 位`,
      `${ref.key} has more than ${ref.decimals} digits after the point`,
    );
  }
  return d;
}

const P10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * The value × 10^decimals of an ordinary decimal, without regex, substrings or bigint (the
 * common case: `-?digits(.digits)?` with at most 15 digits once scaled, so the double is exact);
 * undefined when the exact reader (readRef) must decide: more digits, more decimals than the
 * indicator allows, a sign or spaces it would trim, or not a number at all.
 */
export function quickScaled(raw: unknown, decimals: number): number | undefined {
  if (typeof raw === 'string') return quickScaledText(raw, decimals);
  if (typeof raw === 'number') {
    return Number.isInteger(raw) && Math.abs(raw) < 1e15 / P10[decimals]
      ? raw * P10[decimals] || 0
      : undefined;
  }
  return undefined;
}

/** quickScaled for text (a small function of its own, so a hot caller can inline it). */
export function quickScaledText(raw: string, decimals: number): number | undefined {
  const n = raw.length;
  if (n === 0 || n > 17) return undefined;
  const negative = raw.charCodeAt(0) === 45; // '-'
  let i = negative ? 1 : 0;
  let v = 0;
  let intDigits = 0;
  let c = 0;
  for (; i < n; i++) {
    c = raw.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    v = v * 10 + c;
    intDigits++;
  }
  if (intDigits === 0) return undefined;
  let fracDigits = 0;
  if (i < n) {
    if (c !== -2) return undefined; // '.'
    for (i++; i < n; i++) {
      c = raw.charCodeAt(i) - 48;
      if (c < 0 || c > 9) return undefined;
      v = v * 10 + c;
      fracDigits++;
    }
    if (fracDigits === 0) return undefined;
  }
  if (fracDigits > decimals || intDigits + decimals > 15) return undefined;
  const x = v * P10[decimals - fracDigits];
  return negative && x !== 0 ? -x : x;
}
