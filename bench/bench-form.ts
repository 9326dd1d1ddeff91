/**
 * The benchmark form (not a benchmark itself): PB101, a monthly form of 100 entered cells and 60
 * rules (totals, parts, ratios, if…then, between, growth against lastyear() and prev()), and the
 * values a unit reports for it. Shared by collection.bench.ts and recheck.bench.ts.
 */
import { sampleDefinition } from '../src/modules/surveys/test-fixtures.ts';

// ---------------------------------------------------------------------------------------------
// The form: 10 groups of 10 indicators B001…B100 (B_g1 = total of the group, B_g2…B_g10 its
// parts), one entered column, plus the last-year and year-to-date columns the system derives.

export const code = (i: number) => `B${String(i).padStart(3, '0')}`;
export const cell = (i: number) => `${code(i)}.current`;

/**
 * The form definition. `tighten` makes the growth-on-previous-period limit 0.5 % instead of 30 %
 * (the values grow about 1 % a month, so those five rules then fail): a rule change to re-check.
 */
export function formDefinition(
  opts: { tighten?: boolean; version?: { number: number; from: string } } = {},
): any {
  const tighten = opts.tighten ?? false;
  const rules: any[] = [];
  const rule = (id: string, expr: string, severity: string, zh: string, en: string) =>
    rules.push({ id, expr, severity, message: { zh, en } });
  for (let g = 0; g < 10; g++) {
    const t = g * 10 + 1;
    // totals (10)
    rule(
      `S${g}.T`,
      `${cell(t)} = sum(${cell(t + 1)}:${cell(t + 9)})`,
      'fatal',
      `${code(t)} 应等于分项之和 {sum(${cell(t + 1)}:${cell(t + 9)})}`,
      `${code(t)} must equal the sum of its parts {sum(${cell(t + 1)}:${cell(t + 9)})}`,
    );
    // parts not above the total (20)
    for (const p of [2, 3])
      rule(
        `S${g}.P${p}`,
        `${cell(t + p - 1)} <= ${cell(t)}`,
        'fatal',
        '其中项不能大于合计',
        'A part cannot exceed the total',
      );
    // ratios (10)
    rule(
      `S${g}.R`,
      `ratio(${cell(t + 1)}, ${cell(t)}) <= 0.5`,
      'verify',
      `${code(t + 1)} 占合计 {ratio(${cell(t + 1)}, ${cell(t)})}，超过一半，请核实`,
      `${code(t + 1)} is {ratio(${cell(t + 1)}, ${cell(t)})} of the total, above half; please verify`,
    );
  }
  for (let g = 0; g < 5; g++) {
    const t = g * 10 + 1;
    // if … then (5)
    rule(
      `I${g}`,
      `if ${cell(t + 50)} > 0 then ${cell(t)} > 0`,
      'fatal',
      '有分项则应有合计',
      'Parts need a total',
    );
    // between (5)
    rule(`B${g}`, `between(${cell(t + 4)}, 0, 1000000)`, 'verify', '数值超出合理范围', 'Value out of range');
    // growth against the same period last year (5)
    rule(
      `G${g}.Y`,
      `abs(growth(${cell(t)}, lastyear(${cell(t)}))) <= 50`,
      'verify',
      `同比增长 {growth(${cell(t)}, lastyear(${cell(t)}))}%，超过 50%`,
      `Grew {growth(${cell(t)}, lastyear(${cell(t)}))}% on last year, above 50%`,
    );
    // growth against the previous period (5)
    rule(
      `G${g}.P`,
      `abs(growth(${cell(t + 50)}, prev(${cell(t + 50)}))) <= ${tighten ? 0.5 : 30}`,
      'verify',
      `环比增长 {growth(${cell(t + 50)}, prev(${cell(t + 50)}))}%，超过 30%`,
      `Grew {growth(${cell(t + 50)}, prev(${cell(t + 50)}))}% on the previous period, above 30%`,
    );
  }
  return sampleDefinition((d) => {
    d.form.code = 'PB101';
    d.form.deadline = { daysAfterPeriodEnd: 366, time: '20:00' };
    d.version = opts.version ?? { ...d.version, from: '2020-01' };
    d.codeLists = [];
    d.indicators = Array.from({ length: 100 }, (_, k) => ({
      code: code(k + 1),
      name: { zh: `指标${k + 1}`, en: `Indicator ${k + 1}` },
      type: 'decimal',
      decimals: 1,
      required: (k + 1) % 10 === 1,
    }));
    d.computed = [];
    d.rules = rules;
  });
}
// 10 totals + 20 parts + 10 ratios + 5 if…then + 5 between + 5 lastyear growth + 5 prev growth = 60

/** All 100 values of a unit for a period: parts grow slowly, totals are their exact sum. */
export function valuesFor(unit: number, periodIndex: number): Record<string, string> {
  const v: Record<string, string> = {};
  for (let g = 0; g < 10; g++) {
    let total = 0;
    for (let p = 2; p <= 10; p++) {
      const tenths = (1000 + (unit % 17) * 10 + p * 37 + g) * (100 + periodIndex); // grows ~1 %/month
      const x = Math.round(tenths / 100);
      total += x;
      v[cell(g * 10 + p)] = (x / 10).toFixed(1);
    }
    v[cell(g * 10 + 1)] = (total / 10).toFixed(1);
  }
  return v;
}
