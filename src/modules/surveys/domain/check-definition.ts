/**
 * Reading and checking a form definition: text (YAML or JSON) → structure (zod) → meaning
 * (references, duplicates, cycles, periods, versions). Every problem is collected and returned
 * at once, each with its path in the file and a message in both languages, so a designer fixes
 * a file in one round trip.
 */
import YAML from 'yaml';
import { describeIssues } from '../../../platform/validation-messages.ts';
import { FormDefinition } from './definition.ts';
import { buildModel, columnsOf, type DefinitionError, err, type FormModel } from './model.ts';
import { comparePeriods, type Frequency, type Period, parsePeriodOf } from './periods.ts';

export type { DefinitionError } from './model.ts';

/** What is already stored for the form, for the checks that span versions. */
export interface ExistingForm {
  frequency: Frequency;
  versions: { number: number; from: string; until: string | null; status: 'draft' | 'active' | 'retired' }[];
}

export type CheckResult =
  | { ok: true; definition: FormDefinition; model: FormModel }
  | { ok: false; errors: DefinitionError[] };

/** Parses YAML or JSON text (JSON is read by the YAML parser too, with the same positions). */
export function parseDefinitionText(
  text: string,
): { ok: true; value: unknown } | { ok: false; errors: DefinitionError[] } {
  const doc = YAML.parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length) {
    return {
      ok: false,
      // Only the first syntax error: the ones after it are usually the parser losing its way.
      errors: doc.errors.slice(0, 1).map((e) => {
        const pos = e.linePos?.[0];
        const where = pos ? `${pos.line}:${pos.col}` : '';
        const reason = e.message.split('\n')[0];
        return err(
          where ? `line ${where}` : '',
          `第 ${pos?.line ?? '?'} 行第 ${pos?.col ?? '?'} 列无法解析：${reason}`,
          `cannot parse line ${pos?.line ?? '?'}, column ${pos?.col ?? '?'}: ${reason}`,
        );
      }),
    };
  }
  return { ok: true, value: doc.toJS({ maxAliasCount: 100 }) };
}

/** Checks text or an already-parsed value; on success returns the definition and its model. */
export function checkDefinition(input: string | unknown, existing?: ExistingForm | null): CheckResult {
  let raw = input;
  if (typeof input === 'string') {
    const parsed = parseDefinitionText(input);
    if (!parsed.ok) return parsed;
    raw = parsed.value;
  }
  const res = FormDefinition.safeParse(raw);
  if (!res.success) {
    const { details } = describeIssues(res.error.issues as any);
    return { ok: false, errors: details.map((d) => ({ path: d.path, message: d.message })) };
  }
  const def = res.data;
  const errors = [...checkReferences(def), ...checkPeriods(def, existing ?? null)];
  const { model, errors: modelErrors } = buildModel(def);
  errors.push(...modelErrors);
  return errors.length ? { ok: false, errors } : { ok: true, definition: def, model };
}

function duplicates(
  errors: DefinitionError[],
  path: string,
  codes: string[],
  what: { zh: string; en: string },
) {
  const seen = new Map<string, number>();
  codes.forEach((code, i) => {
    const first = seen.get(code);
    if (first === undefined) {
      seen.set(code, i);
      return;
    }
    errors.push(
      err(
        `${path}.${i}`,
        `${what.zh}代码 ${code} 重复（第 ${first + 1} 项已使用）`,
        `duplicate ${what.en} code ${code} (already used by item ${first + 1})`,
      ),
    );
  });
}

function checkReferences(def: FormDefinition): DefinitionError[] {
  const errors: DefinitionError[] = [];
  const codeLists = def.codeLists ?? [];
  duplicates(
    errors,
    'columns',
    def.columns.map((c) => c.code),
    { zh: '栏', en: 'column' },
  );
  duplicates(
    errors,
    'indicators',
    def.indicators.map((c) => c.code),
    { zh: '指标', en: 'indicator' },
  );
  duplicates(
    errors,
    'codeLists',
    codeLists.map((c) => c.code),
    { zh: '代码表', en: 'code list' },
  );
  duplicates(
    errors,
    'sections',
    (def.sections ?? []).map((c) => c.code),
    { zh: '分组', en: 'section' },
  );
  duplicates(
    errors,
    'rules',
    (def.rules ?? []).map((r) => r.id),
    { zh: '审核规则', en: 'rule' },
  );
  duplicates(
    errors,
    'computed',
    (def.computed ?? []).map((c) => c.cell),
    { zh: '计算单元格', en: 'computed cell' },
  );
  codeLists.forEach((list, i) => {
    duplicates(
      errors,
      `codeLists.${i}.items`,
      list.items.map((x) => x.code),
      { zh: '代码项', en: 'code list item' },
    );
  });

  const columns = new Set(def.columns.map((c) => c.code));
  def.columns.forEach((c, i) => {
    const src = c.source;
    const ref = src.kind === 'ytd' ? src.of : src.kind === 'entered' ? null : src.column;
    const field = src.kind === 'ytd' ? 'of' : 'column';
    if (ref !== null && !columns.has(ref)) {
      errors.push(
        err(
          `columns.${i}.source.${field}`,
          `栏 ${c.code} 引用了不存在的栏 ${ref}`,
          `column ${c.code} refers to unknown column ${ref}`,
        ),
      );
    } else if (ref === c.code && src.kind === 'ytd') {
      errors.push(
        err(
          `columns.${i}.source.of`,
          `累计栏 ${c.code} 不能累计自身`,
          `year-to-date column ${c.code} cannot accumulate itself`,
        ),
      );
    }
  });

  const lists = new Set(codeLists.map((l) => l.code));
  const sections = new Set((def.sections ?? []).map((s) => s.code));
  def.indicators.forEach((ind, i) => {
    if (ind.type === 'code' && !lists.has(ind.codeList)) {
      errors.push(
        err(
          `indicators.${i}.codeList`,
          `指标 ${ind.code} 引用的代码表 ${ind.codeList} 不存在`,
          `indicator ${ind.code} refers to code list ${ind.codeList}, which is not defined`,
        ),
      );
    }
    if (ind.section && !sections.has(ind.section)) {
      errors.push(
        err(`indicators.${i}.section`, `分组 ${ind.section} 不存在`, `section ${ind.section} is not defined`),
      );
    }
    const own = columnsOf(def, ind);
    own.forEach((col, j) => {
      if (!columns.has(col)) {
        errors.push(
          err(
            `indicators.${i}.columns.${j}`,
            `指标 ${ind.code} 引用了不存在的栏 ${col}`,
            `indicator ${ind.code} refers to unknown column ${col}`,
          ),
        );
      }
    });
    duplicates(errors, `indicators.${i}.columns`, ind.columns ?? [], { zh: '栏', en: 'column' });
  });

  (def.scope?.rules ?? []).forEach((rule, i) => {
    if (Object.keys(rule).length === 0) {
      errors.push(
        err(
          `scope.rules.${i}`,
          '报送范围规则至少要有一个条件（否则所有单位都要报送）',
          'a scope rule needs at least one criterion (otherwise every unit would report)',
        ),
      );
    }
  });
  return errors;
}

function checkPeriods(def: FormDefinition, existing: ExistingForm | null): DefinitionError[] {
  const errors: DefinitionError[] = [];
  const freq = def.form.frequency;
  const example = { monthly: '2026-10', quarterly: '2026Q3', annual: '2026' }[freq];
  const freqZh = { monthly: '月报', quarterly: '季报', annual: '年报' }[freq];
  const read = (field: 'from' | 'until'): Period | null => {
    const text = def.version[field];
    if (text === undefined) return null;
    const p = parsePeriodOf(text, freq);
    if (!p) {
      errors.push(
        err(
          `version.${field}`,
          `${text} 不是${freqZh}的报告期（应形如 ${example}）`,
          `${text} is not a ${freq} period (expected something like ${example})`,
        ),
      );
    }
    return p;
  };
  const from = read('from');
  const until = read('until');
  if (from && until && comparePeriods(until, from) < 0) {
    errors.push(
      err(
        'version.until',
        `截止期 ${def.version.until} 早于起始期 ${def.version.from}`,
        `until ${def.version.until} is before from ${def.version.from}`,
      ),
    );
  }
  if (!existing) return errors;

  if (existing.frequency !== freq) {
    errors.push(
      err(
        'form.frequency',
        `报表已有的版本为 ${existing.frequency}，新版本不能改变报送频率`,
        `existing versions of this form are ${existing.frequency}; a new version cannot change the frequency`,
      ),
    );
    return errors;
  }
  const highest = Math.max(0, ...existing.versions.map((v) => v.number));
  if (def.version.number <= highest) {
    errors.push(
      err(
        'version.number',
        `版本号须大于已有的最高版本号 ${highest}`,
        `the version number must be greater than the highest existing one, ${highest}`,
      ),
    );
  }
  if (!from || (def.version.until && !until)) return errors;
  for (const v of existing.versions) {
    if (v.status !== 'active') continue;
    const conflict = overlapConflict(
      { from, until },
      {
        from: parsePeriodOf(v.from, freq)!,
        until: v.until ? parsePeriodOf(v.until, freq) : null,
      },
    );
    if (conflict) {
      const range = `${v.from}–${v.until ?? '…'}`;
      errors.push(
        err(
          'version.from',
          conflict === 'starts_before'
            ? `与已启用的第 ${v.number} 版（${range}）重叠：新版本不能早于它开始`
            : `与已启用的第 ${v.number} 版（${range}）重叠：新版本不能把它截成两段`,
          conflict === 'starts_before'
            ? `overlaps active version ${v.number} (${range}): a new version cannot start before it`
            : `overlaps active version ${v.number} (${range}): a new version cannot split it in two`,
        ),
      );
    }
  }
  return errors;
}

interface Range {
  from: Period;
  until: Period | null;
}

/** Whether two ranges share a period. */
export function rangesOverlap(a: Range, b: Range): boolean {
  const aEndsBeforeB = a.until !== null && comparePeriods(a.until, b.from) < 0;
  const bEndsBeforeA = b.until !== null && comparePeriods(b.until, a.from) < 0;
  return !aEndsBeforeB && !bEndsBeforeA;
}

/**
 * How a new version may overlap an active one: it may replace it from the same period, or take
 * over from a later period (the old one is cut short on activation). It may not start earlier,
 * nor end while the old one continues (that would split it).
 */
export function overlapConflict(next: Range, active: Range): null | 'starts_before' | 'splits' {
  if (!rangesOverlap(next, active)) return null;
  if (comparePeriods(next.from, active.from) < 0) return 'starts_before';
  if (next.until && (active.until === null || comparePeriods(active.until, next.until) > 0)) return 'splits';
  return null;
}
