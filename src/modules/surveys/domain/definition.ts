/**
 * The form definition file (报表定义): one survey's form in one version, as a designer writes it in
 * YAML or JSON. This zod schema is the single source; `data/schemas/form-definition.schema.json`
 * is generated from it (a test keeps the two identical) so editors can validate as people type.
 *
 * Cells are addressed `indicatorCode.columnCode` (e.g. `A01.current`); the rule language of the
 * next step reads the same addresses. Checks that need the whole file (unknown references,
 * cycles, duplicates, period formats) live in check-definition.ts.
 */
import { z } from 'zod';
import { FREQUENCIES } from './periods.ts';

/** A text in both languages. */
export const LocalText = z.strictObject({
  zh: z.string().trim().min(1).max(500).describe('中文'),
  en: z.string().trim().min(1).max(500).describe('English'),
});
export type LocalText = z.infer<typeof LocalText>;

/** Indicator and column codes: identifiers, so a rule can name `A01.current` unambiguously. */
export const Code = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_]{0,31}$/, 'a letter, then letters, digits or _ (at most 32)');

/** A period text; whether it fits the form's frequency is checked semantically. */
export const PeriodText = z
  .string()
  .describe('报告期: 2026-10 (monthly), 2026Q3 (quarterly) or 2026 (annual)')
  .regex(/^\d{4}(-\d{2}|Q\d)?$/, 'a period such as 2026-10, 2026Q3 or 2026');

const Time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM, 24-hour');

export const DeadlineRule = z
  .union([
    z.strictObject({
      daysAfterPeriodEnd: z.number().int().min(0).max(366).describe('报告期结束后第 N 天'),
      time: Time,
    }),
    z.strictObject({
      monthsAfterPeriodEnd: z.number().int().min(1).max(12).describe('报告期结束后的第 M 个月'),
      day: z.number().int().min(1).max(31).describe('该月第 N 日（超过月末按月末）'),
      time: Time,
    }),
  ])
  .describe('报送截止时间（北京时间）');

/** 调查制度 */
export const SurveyInfo = z.strictObject({
  code: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/),
  name: LocalText,
  /** 制定机关 */
  issuer: LocalText,
  /** 文号 */
  documentNumber: z.string().trim().min(1).max(100).optional(),
  /** 批准机关 */
  approvedBy: LocalText.optional(),
  /** 批准文号 */
  approvalNumber: z.string().trim().min(1).max(100).optional(),
  /** 有效期至 */
  validUntil: z.iso.date().optional(),
});

/** 报表 */
export const FormInfo = z.strictObject({
  /** 表号, e.g. B204-1 */
  code: z.string().regex(/^[A-Z][A-Z0-9]{0,9}(-[A-Z0-9]{1,6})*$/, 'a form code such as B204-1'),
  name: LocalText,
  frequency: z.enum(FREQUENCIES),
  deadline: DeadlineRule,
  /** 报告单位: which kind of unit fills it (规模以上工业法人单位 …) */
  reportingUnitType: LocalText,
  /** 计量单位: the default unit of measure of its indicators */
  unit: LocalText.optional(),
  note: LocalText.optional(),
});

export const VersionInfo = z.strictObject({
  /** Increases with each version of the form. */
  number: z.number().int().min(1).max(9999),
  /** The first period this version applies to. */
  from: PeriodText,
  /** The last period (open-ended when absent). */
  until: PeriodText.optional(),
  note: LocalText.optional(),
});

export const CodeList = z.strictObject({
  code: Code,
  name: LocalText,
  items: z
    .array(
      z.strictObject({
        code: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/),
        name: LocalText,
        /** e.g. the unit a product's output is measured in */
        unit: LocalText.optional(),
      }),
    )
    .min(1),
});

/** Where a column's values come from (栏的来源). */
export const ColumnSource = z.union([
  z.strictObject({ kind: z.literal('entered').describe('filled by the unit') }),
  z.strictObject({
    kind: z.literal('previous_period').describe('上期: the column of the previous period'),
    column: Code,
  }),
  z.strictObject({
    kind: z.literal('last_year').describe('上年同期: the column in the same period last year'),
    column: Code,
  }),
  z.strictObject({
    kind: z
      .literal('ytd')
      .describe('累计: previous period’s value of this column plus `of` (restarts each year)'),
    of: Code,
  }),
]);
export type ColumnSource = z.infer<typeof ColumnSource>;

/** 栏 */
export const Column = z.strictObject({
  code: Code,
  name: LocalText,
  source: ColumnSource,
});

const IndicatorBase = {
  code: Code,
  name: LocalText,
  /** 计量单位 (defaults to the form's) */
  unit: LocalText.optional(),
  required: z.boolean().optional(),
  /** 0 for a main row, 1 for "其中" rows, … (layout only) */
  level: z.number().int().min(0).max(4).optional(),
  /** The layout group (section code) this indicator is shown in. */
  section: Code.optional(),
  /** Columns this indicator has (default: all). */
  columns: z.array(Code).min(1).optional(),
  /** 指标解释 */
  note: LocalText.optional(),
};

/** 指标 */
export const Indicator = z.discriminatedUnion('type', [
  z.strictObject({
    ...IndicatorBase,
    type: z.literal('decimal'),
    /** Digits after the decimal point. */
    decimals: z.number().int().min(0).max(6),
    min: z.number().optional(),
  }),
  z.strictObject({ ...IndicatorBase, type: z.literal('integer'), min: z.number().int().optional() }),
  z.strictObject({ ...IndicatorBase, type: z.literal('text'), maxLength: z.number().int().min(1).max(2000) }),
  z.strictObject({ ...IndicatorBase, type: z.literal('code'), codeList: Code }),
]);
export type Indicator = z.infer<typeof Indicator>;

export const CellRef = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_]{0,31}\.[A-Za-z][A-Za-z0-9_]{0,31}$/, 'indicator.column, e.g. A01.current');

/** 计算单元格: a cell whose value is a formula over cells of the same form and period. */
export const ComputedCell = z.strictObject({
  cell: CellRef,
  /** + - * / ( ), numbers, cells and sum(…); e.g. `A02.current + A03.current` */
  formula: z.string().trim().min(1).max(2000),
  note: LocalText.optional(),
});

export const SEVERITIES = ['fatal', 'verify', 'hint'] as const;

/** 审核公式: kept as text here; the rule language parses `expr`. */
export const RuleEntry = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/),
  expr: z.string().trim().min(1).max(4000),
  /** fatal 强制性 (blocks submission), verify 核实性 (needs an explanation), hint 提示性 */
  severity: z.enum(SEVERITIES),
  message: LocalText,
  description: LocalText.optional(),
});

const SECTION_LETTERS = 'ABCDEFGHIJKLMNOPQRST'.split('') as [string, ...string[]];

/**
 * One reporting-scope rule (报送范围): a unit must report when it meets every criterion given
 * (AND); within a list any value will do (OR). Evaluated against the register's active units.
 */
export const ScopeRule = z.strictObject({
  /** GB/T 4754 sections (门类), e.g. ["B", "C", "D"] */
  sections: z.array(z.enum(SECTION_LETTERS)).min(1).optional(),
  /** Industry code prefixes (大类/中类/小类), e.g. ["39", "401"] */
  industryCodes: z
    .array(z.string().regex(/^\d{2,4}$/))
    .min(1)
    .optional(),
  /** Named industry groupings of the register, e.g. ["high-tech-manufacturing"] */
  groupings: z
    .array(z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/))
    .min(1)
    .optional(),
  /** 年营业收入 ≥ (thousand yuan) */
  minRevenueThousandYuan: z.number().min(0).optional(),
  /** 从业人员 ≥ */
  minEmployees: z.number().int().min(0).optional(),
  sizeClasses: z
    .array(z.enum(['large', 'medium', 'small', 'micro']))
    .min(1)
    .optional(),
  registrationTypes: z.array(z.string().min(1).max(20)).min(1).optional(),
  /** A division (city, county or township code) the unit must lie in. */
  division: z
    .string()
    .regex(/^\d{6}(\d{3})?$/)
    .optional(),
});
export type ScopeRule = z.infer<typeof ScopeRule>;

export const Section = z.strictObject({ code: Code, name: LocalText });

export const FormDefinition = z
  .strictObject({
    $schema: z.string().optional(),
    formatVersion: z.literal(1),
    survey: SurveyInfo,
    form: FormInfo,
    version: VersionInfo,
    codeLists: z.array(CodeList).optional(),
    /** Layout groups of indicators (甲、乙 …). */
    sections: z.array(Section).optional(),
    columns: z.array(Column).min(1),
    indicators: z.array(Indicator).min(1),
    computed: z.array(ComputedCell).optional(),
    rules: z.array(RuleEntry).optional(),
    /** Units that must report: any rule that matches (rules are OR, criteria within one are AND). */
    scope: z.strictObject({ rules: z.array(ScopeRule) }).optional(),
  })
  .describe('tongji form definition (报表定义), format version 1');
export type FormDefinition = z.infer<typeof FormDefinition>;
