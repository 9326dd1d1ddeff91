/**
 * Checking what a unit typed (填报值校验) against the form definition, cell by cell, before
 * anything is saved: unknown cells, cells the platform fills, types, digits after the point,
 * minimums, text length and code lists. Every problem is reported at once, each naming its cell.
 * Values cross the API as text ("1250.5") or JSON numbers and leave here canonical text.
 */
import type { FormDefinition, FormModel } from '../../surveys/index.ts';

export type CellIssueCode =
  | 'unknown_cell'
  | 'not_entered'
  | 'wrong_type'
  | 'not_a_number'
  | 'not_an_integer'
  | 'too_many_decimals'
  | 'too_large'
  | 'below_minimum'
  | 'too_long'
  | 'not_in_code_list';

export interface CellIssue {
  cell: string;
  code: CellIssueCode;
  message: { 'zh-CN': string; 'en-US': string };
}

/** A value as received: text, a JSON number, or null / "" for a blank cell. */
export type RawValue = string | number | boolean | null | undefined | object;

const NUMBER_RE = /^([+-])?(\d+)(?:\.(\d+))?$/;
/** numeric is exact to any size, but a statistical cell beyond 10^18 is a typing error. */
const MAX_INTEGER_DIGITS = 18;

const issue = (cell: string, code: CellIssueCode, zh: string, en: string): CellIssue => ({
  cell,
  code,
  message: { 'zh-CN': zh, 'en-US': en },
});

/** Canonical decimal text: no sign on zero, no leading zeros, no trailing zeros after the point. */
export function canonicalNumber(sign: string | undefined, int: string, frac: string): string {
  const i = int.replace(/^0+(?=\d)/, '');
  const f = frac.replace(/0+$/, '');
  const text = f ? `${i}.${f}` : i;
  return sign === '-' && /[1-9]/.test(text) ? `-${text}` : text;
}

function compareText(a: string, b: string): number {
  const [x, y] = [Number(a), Number(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}

interface IndicatorInfo {
  type: 'decimal' | 'integer' | 'text' | 'code';
  decimals: number;
  min?: number;
  maxLength?: number;
  codes?: Set<string>;
}

function indicatorIndex(def: FormDefinition): Map<string, IndicatorInfo> {
  const lists = new Map((def.codeLists ?? []).map((l) => [l.code, new Set(l.items.map((i) => i.code))]));
  const out = new Map<string, IndicatorInfo>();
  for (const ind of def.indicators) {
    out.set(ind.code, {
      type: ind.type,
      decimals: ind.type === 'decimal' ? ind.decimals : 0,
      min: 'min' in ind ? ind.min : undefined,
      maxLength: ind.type === 'text' ? ind.maxLength : undefined,
      codes: ind.type === 'code' ? lists.get(ind.codeList) : undefined,
    });
  }
  return out;
}

const indexes = new WeakMap<FormDefinition, Map<string, IndicatorInfo>>();

function checkOne(cell: string, info: IndicatorInfo, raw: RawValue): { value: string | null } | CellIssue {
  if (raw === null || raw === undefined || raw === '') return { value: null };
  if (info.type === 'text' || info.type === 'code') {
    if (typeof raw !== 'string') {
      return issue(cell, 'wrong_type', `${cell} 应填文本`, `${cell} must be text`);
    }
    if (info.type === 'text') {
      if ([...raw].length > info.maxLength!) {
        return issue(
          cell,
          'too_long',
          `${cell} 超过 ${info.maxLength} 个字符`,
          `${cell} is longer than ${info.maxLength} characters`,
        );
      }
      return { value: raw };
    }
    const code = raw.trim();
    if (info.codes && !info.codes.has(code)) {
      return issue(
        cell,
        'not_in_code_list',
        `${cell} 的代码 ${code} 不在代码表中`,
        `${cell}: ${code} is not in the code list`,
      );
    }
    return { value: code };
  }
  let text: string;
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw))
      return issue(cell, 'not_a_number', `${cell} 不是数值`, `${cell} is not a number`);
    text = String(raw);
  } else if (typeof raw === 'string') text = raw.trim();
  else return issue(cell, 'wrong_type', `${cell} 应填数值`, `${cell} must be a number`);
  const m = NUMBER_RE.exec(text);
  if (!m) {
    return issue(
      cell,
      'not_a_number',
      `${cell} 的值“${text.slice(0, 40)}”不是数值（不用千分位或科学计数法）`,
      `${cell}: "${text.slice(0, 40)}" is not a number (no separators or exponents)`,
    );
  }
  const value = canonicalNumber(m[1], m[2], m[3] ?? '');
  const scale = value.includes('.') ? value.length - value.indexOf('.') - 1 : 0;
  if (info.type === 'integer' && scale > 0) {
    return issue(cell, 'not_an_integer', `${cell} 应为整数`, `${cell} must be a whole number`);
  }
  if (scale > info.decimals) {
    return issue(
      cell,
      'too_many_decimals',
      `${cell} 最多 ${info.decimals} 位小数`,
      `${cell} allows at most ${info.decimals} digit(s) after the point`,
    );
  }
  if (value.replace(/^-/, '').split('.')[0].length > MAX_INTEGER_DIGITS) {
    return issue(cell, 'too_large', `${cell} 数值过大`, `${cell} is too large`);
  }
  if (info.min !== undefined && compareText(value, String(info.min)) < 0) {
    return issue(
      cell,
      'below_minimum',
      `${cell} 不能小于 ${info.min}`,
      `${cell} cannot be less than ${info.min}`,
    );
  }
  return { value };
}

/**
 * Checks entered values. Returns the canonical values (null = blank) of the cells given, or every
 * problem found. Cells the platform fills (computed, previous period, last year, year to date)
 * cannot be entered.
 */
export function checkEnteredValues(
  def: FormDefinition,
  model: FormModel,
  values: Record<string, RawValue>,
): { ok: true; values: Record<string, string | null> } | { ok: false; issues: CellIssue[] } {
  const { values: valid, issues } = checkEachValue(def, model, values);
  return issues.length ? { ok: false, issues } : { ok: true, values: valid };
}

/** Every cell checked: the valid ones canonical, the others as problems (for dry-run checks). */
export function checkEachValue(
  def: FormDefinition,
  model: FormModel,
  values: Record<string, RawValue>,
): { values: Record<string, string | null>; issues: CellIssue[] } {
  let index = indexes.get(def);
  if (!index) {
    index = indicatorIndex(def);
    indexes.set(def, index);
  }
  const issues: CellIssue[] = [];
  const out: Record<string, string | null> = {};
  for (const [cell, raw] of Object.entries(values)) {
    const info = model.cells.get(cell);
    if (!info) {
      issues.push(issue(cell, 'unknown_cell', `报表中没有单元格 ${cell}`, `the form has no cell ${cell}`));
      continue;
    }
    if (info.source.kind !== 'entered') {
      issues.push(
        issue(
          cell,
          'not_entered',
          `${cell} 由平台计算或带出，不能填报`,
          `${cell} is filled by the platform (computed or carried over) and cannot be entered`,
        ),
      );
      continue;
    }
    const res = checkOne(cell, index.get(info.indicator)!, raw);
    if ('code' in res) issues.push(res);
    else out[cell] = res.value;
  }
  return { values: out, issues };
}

/** Required entered cells that are blank (必填项), in definition order. */
export function blankRequiredCells(
  def: FormDefinition,
  model: FormModel,
  values: Record<string, string | null>,
): string[] {
  const required = new Set(def.indicators.filter((i) => i.required).map((i) => i.code));
  const out: string[] = [];
  for (const [ref, cell] of model.cells) {
    if (cell.source.kind !== 'entered' || !required.has(cell.indicator)) continue;
    const v = values[ref];
    if (v === null || v === undefined || v === '') out.push(ref);
  }
  return out;
}
