/**
 * Lays out a form definition as the paper form: rows of indicators (grouped by section, indented
 * by level) × the form's columns, and for each cell whether the unit enters it or the system
 * computes it (and how). Pure, so it is unit-tested without a browser.
 */
import type { FormDefinition, Indicator } from '../../../../../src/modules/surveys/domain/definition.ts';
import type { Locale } from '../../../i18n/format.ts';

export type Cell =
  | { kind: 'absent' }
  | { kind: 'entered'; ref: string; type: Indicator['type']; decimals: number | null; required: boolean }
  | { kind: 'computed'; ref: string; how: string; decimals: number | null };

export interface GridRow {
  kind: 'indicator';
  code: string;
  name: string;
  level: number;
  unit: string;
  required: boolean;
  note: string | null;
  /** The code list of a code indicator, for its select. */
  options: { code: string; name: string }[] | null;
  cells: Cell[];
}

export interface SectionRow {
  kind: 'section';
  code: string;
  name: string;
}

export interface GridLayout {
  columns: { code: string; name: string }[];
  rows: (GridRow | SectionRow)[];
}

const text = (t: { zh: string; en: string } | undefined, locale: Locale) =>
  t ? (locale === 'en-US' ? t.en : t.zh) : '';

const SOURCE_TEXT: Record<string, { zh: string; en: string }> = {
  previous_period: { zh: '上期', en: 'previous period' },
  last_year: { zh: '上年同期', en: 'same period last year' },
  ytd: { zh: '累计', en: 'year to date' },
};

/** How a computed cell gets its value, in words a reporter understands. */
function sourceText(
  def: FormDefinition,
  columnCode: string,
  indicatorCode: string,
  locale: Locale,
): string | null {
  const col = def.columns.find((c) => c.code === columnCode);
  if (!col || col.source.kind === 'entered') return null;
  const label = text(SOURCE_TEXT[col.source.kind], locale);
  const from = col.source.kind === 'ytd' ? col.source.of : col.source.column;
  const fromName = text(def.columns.find((c) => c.code === from)?.name, locale) || from;
  return `${label}: ${indicatorCode}.${from} (${fromName})`;
}

/** Builds the grid a reporter sees for a definition, in a language. */
export function layoutForm(def: FormDefinition, locale: Locale): GridLayout {
  const columns = def.columns.map((c) => ({ code: c.code, name: text(c.name, locale) }));
  const formulas = new Map((def.computed ?? []).map((c) => [c.cell, c.formula]));
  const codeLists = new Map((def.codeLists ?? []).map((l) => [l.code, l]));
  const sectionNames = new Map((def.sections ?? []).map((s) => [s.code, text(s.name, locale)]));
  const rows: GridLayout['rows'] = [];
  let section: string | undefined;

  for (const ind of def.indicators) {
    if (ind.section && ind.section !== section) {
      section = ind.section;
      rows.push({ kind: 'section', code: ind.section, name: sectionNames.get(ind.section) ?? ind.section });
    }
    const own = new Set(ind.columns ?? def.columns.map((c) => c.code));
    const decimals = ind.type === 'decimal' ? ind.decimals : ind.type === 'integer' ? 0 : null;
    const cells: Cell[] = def.columns.map((c) => {
      if (!own.has(c.code)) return { kind: 'absent' };
      const ref = `${ind.code}.${c.code}`;
      const formula = formulas.get(ref);
      if (formula) return { kind: 'computed', ref, how: `= ${formula}`, decimals };
      const source = sourceText(def, c.code, ind.code, locale);
      if (source) return { kind: 'computed', ref, how: source, decimals };
      return { kind: 'entered', ref, type: ind.type, decimals, required: !!ind.required };
    });
    const list = ind.type === 'code' ? codeLists.get(ind.codeList) : undefined;
    rows.push({
      kind: 'indicator',
      code: ind.code,
      name: text(ind.name, locale),
      level: ind.level ?? 0,
      // Text and code rows have no unit of measure unless they declare one.
      unit: text(
        ind.unit ?? (ind.type === 'decimal' || ind.type === 'integer' ? def.form.unit : undefined),
        locale,
      ),
      required: !!ind.required,
      note: ind.note ? text(ind.note, locale) : null,
      options: list ? list.items.map((i) => ({ code: i.code, name: text(i.name, locale) })) : null,
      cells,
    });
  }
  return { columns, rows };
}

/** The deadline rule in words. */
export function deadlineText(def: FormDefinition, locale: Locale): string {
  const d = def.form.deadline;
  if ('daysAfterPeriodEnd' in d) {
    return locale === 'en-US'
      ? `day ${d.daysAfterPeriodEnd} after the period ends, ${d.time}`
      : `报告期结束后第 ${d.daysAfterPeriodEnd} 天 ${d.time}`;
  }
  return locale === 'en-US'
    ? `day ${d.day} of month ${d.monthsAfterPeriodEnd} after the period ends, ${d.time}`
    : `报告期结束后第 ${d.monthsAfterPeriodEnd} 个月 ${d.day} 日 ${d.time}`;
}

type ScopeRule = NonNullable<FormDefinition['scope']>['rules'][number];

/** A scope rule in words: every criterion it sets, joined by "and". */
export function scopeRuleText(rule: ScopeRule, locale: Locale, number: (n: number) => string): string {
  const en = locale === 'en-US';
  const parts: string[] = [];
  if (rule.sections)
    parts.push(en ? `sections ${rule.sections.join(', ')}` : `门类 ${rule.sections.join('、')}`);
  if (rule.industryCodes)
    parts.push(en ? `industries ${rule.industryCodes.join(', ')}` : `行业 ${rule.industryCodes.join('、')}`);
  if (rule.groupings)
    parts.push(en ? `groupings ${rule.groupings.join(', ')}` : `行业分组 ${rule.groupings.join('、')}`);
  if (rule.minRevenueThousandYuan !== undefined)
    parts.push(
      en
        ? `annual revenue ≥ ${number(rule.minRevenueThousandYuan)} thousand yuan`
        : `年营业收入 ≥ ${number(rule.minRevenueThousandYuan)} 千元`,
    );
  if (rule.minEmployees !== undefined)
    parts.push(
      en ? `employees ≥ ${number(rule.minEmployees)}` : `从业人员 ≥ ${number(rule.minEmployees)} 人`,
    );
  if (rule.sizeClasses)
    parts.push(en ? `size ${rule.sizeClasses.join(', ')}` : `规模 ${rule.sizeClasses.join('、')}`);
  if (rule.registrationTypes)
    parts.push(
      en
        ? `registration types ${rule.registrationTypes.join(', ')}`
        : `登记注册类型 ${rule.registrationTypes.join('、')}`,
    );
  if (rule.division) parts.push(en ? `in division ${rule.division}` : `位于区划 ${rule.division}`);
  return parts.join(en ? ' and ' : '，且');
}
