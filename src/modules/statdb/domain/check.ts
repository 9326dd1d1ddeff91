/**
 * Checks a batch of observations before anything is written: every problem of every item is
 * collected (unknown indicator, dimension or code, a period not of the indicator's frequency, a
 * value that is not a decimal, a duplicate key), so a caller — an import, or aggregation at
 * sign-off — learns all of them at once and nothing is half-written. Pure: no I/O.
 */
import { decToText, parseDec } from '../../../platform/decimal.ts';
import { periods } from '../../surveys/index.ts';
import type { ObservationProblem, ObservationStatus } from '../contract.ts';
import { STATUSES } from '../contract.ts';
import { type CodeLists, dimsKey, FREQUENCY_OF, isDimension } from './dims.ts';

/** The metadata the check needs of an indicator. */
export interface IndicatorShape {
  code: string;
  frequency: 'M' | 'Q' | 'A';
  dimensions: readonly string[];
}

/** One observation as it arrives, with where it came from (file row and columns, or item index). */
export interface IncomingObservation {
  indicator: string;
  dims: Record<string, string>;
  period: string;
  /** Decimal text; null for "no value" (e.g. not published, 不公布). */
  value: string | null;
  status: string;
  note?: string | null;
  /** File row (1 = header) or item index + 1. */
  row: number;
  /** The column each field came from, for messages (defaults to the field's name). */
  columns?: Partial<Record<'indicator' | 'period' | 'value' | 'status' | 'note' | string, string>>;
}

/** A checked observation, ready to write. */
export interface CheckedObservation {
  indicator: string;
  dims: Record<string, string>;
  key: string;
  period: string;
  ordinal: number;
  value: string | null;
  status: ObservationStatus;
  note: string | null;
}

const MAX_DIGITS = 28;

type Messages = { zh: string; en: string };
const problem = (
  row: number,
  column: string | null,
  code: string,
  value: string | null,
  m: Messages,
): ObservationProblem => ({ row, column, code, value, messages: { 'zh-CN': m.zh, 'en-US': m.en } });

/** Checks every observation; returns the good ones, or every problem found. */
export function checkObservations(
  items: readonly IncomingObservation[],
  indicators: ReadonlyMap<string, IndicatorShape>,
  lists: CodeLists,
): { ok: true; observations: CheckedObservation[] } | { ok: false; problems: ObservationProblem[] } {
  const problems: ObservationProblem[] = [];
  const out: CheckedObservation[] = [];
  const seen = new Map<string, number>();
  for (const item of items) {
    const col = (field: string) => item.columns?.[field] ?? field;
    const before = problems.length;
    const ind = indicators.get(item.indicator);
    if (!ind) {
      problems.push(
        problem(item.row, col('indicator'), 'unknown_indicator', item.indicator, {
          zh: `未知指标：${item.indicator}`,
          en: `Unknown indicator: ${item.indicator}`,
        }),
      );
    }
    for (const [d, code] of Object.entries(item.dims)) {
      if (!isDimension(d)) {
        problems.push(
          problem(item.row, col(d), 'unknown_dimension', d, {
            zh: `未知维度：${d}`,
            en: `Unknown dimension: ${d}`,
          }),
        );
        continue;
      }
      if (ind && !ind.dimensions.includes(d)) {
        problems.push(
          problem(item.row, col(d), 'dimension_not_of_indicator', code, {
            zh: `指标 ${ind.code} 不按“${lists[d].name.zh}”分组`,
            en: `Indicator ${ind.code} is not broken down by ${lists[d].name.en}`,
          }),
        );
        continue;
      }
      if (!lists[d].codes.has(code)) {
        problems.push(
          problem(item.row, col(d), 'unknown_code', code, {
            zh: `“${lists[d].name.zh}”没有代码 ${code}`,
            en: `${lists[d].name.en} has no code ${code}`,
          }),
        );
      }
    }
    if (ind) {
      for (const d of ind.dimensions) {
        if (item.dims[d] === undefined || item.dims[d] === '') {
          const name = isDimension(d) ? lists[d].name : { zh: d, en: d };
          problems.push(
            problem(item.row, col(d), 'missing_dimension', null, {
              zh: `缺少“${name.zh}”代码`,
              en: `The ${name.en} code is missing`,
            }),
          );
        }
      }
    }
    const p = periods.parsePeriod(item.period);
    if (!p) {
      problems.push(
        problem(item.row, col('period'), 'bad_period', item.period, {
          zh: `报告期格式有误：${item.period}（应为 2026-10、2026Q3 或 2026）`,
          en: `Not a period: ${item.period} (write 2026-10, 2026Q3 or 2026)`,
        }),
      );
    } else if (ind && p.frequency !== FREQUENCY_OF[ind.frequency]) {
      problems.push(
        problem(item.row, col('period'), 'period_frequency', item.period, {
          zh: `报告期 ${item.period} 与指标 ${ind.code} 的频率（${{ M: '月度', Q: '季度', A: '年度' }[ind.frequency]}）不符`,
          en: `Period ${item.period} does not match the ${FREQUENCY_OF[ind.frequency]} frequency of ${ind.code}`,
        }),
      );
    }
    let value: string | null = null;
    if (item.value !== null && item.value.trim() !== '') {
      const dec = parseDec(item.value.replace(/,/g, ''));
      const digits = dec ? dec.c.toString().replace('-', '').length : 0;
      if (!dec || digits > MAX_DIGITS) {
        problems.push(
          problem(item.row, col('value'), 'not_numeric', item.value, {
            zh: `数值不是数字：${item.value}`,
            en: `Not a number: ${item.value}`,
          }),
        );
      } else {
        // Canonical text (no trailing zeros): 85.00 and 85 are the same value, one vintage.
        value = decToText(dec);
      }
    }
    if (!(STATUSES as readonly string[]).includes(item.status)) {
      problems.push(
        problem(item.row, col('status'), 'bad_status', item.status, {
          zh: `状态应为 preliminary（初步）、revised（修订）或 final（最终）：${item.status}`,
          en: `Status must be preliminary, revised or final: ${item.status}`,
        }),
      );
    }
    const note = item.note?.trim() ? item.note.trim() : null;
    if (note && note.length > 1000) {
      problems.push(
        problem(item.row, col('note'), 'note_too_long', null, {
          zh: '注释超过 1000 字',
          en: 'The note is longer than 1,000 characters',
        }),
      );
    }
    if (problems.length > before || !ind || !p) continue;
    const key = dimsKey(item.dims);
    const full = `${ind.code}|${key}|${item.period}`;
    const first = seen.get(full);
    if (first !== undefined) {
      problems.push(
        problem(item.row, null, 'duplicate_key', `${ind.code} ${key} ${item.period}`, {
          zh: `与第 ${first} 行重复（同一指标、分组和报告期）`,
          en: `Duplicates row ${first} (same indicator, dimensions and period)`,
        }),
      );
      continue;
    }
    seen.set(full, item.row);
    out.push({
      indicator: ind.code,
      dims: { ...item.dims },
      key,
      period: periods.formatPeriod(p),
      ordinal: periods.ordinal(p),
      value,
      status: item.status as ObservationStatus,
      note,
    });
  }
  return problems.length ? { ok: false, problems } : { ok: true, observations: out };
}
