/**
 * Conformance fixtures (after validate's inst/tinytest/test_poc.R): each rule with data that
 * passes, data that fails and data that leaves it undecided, run through the whole engine.
 */
import { describe, expect, it } from 'vitest';
import { compileRuleSet, evaluateRuleSet, type ValidationRule } from './engine.ts';
import type { RecordData } from './record.ts';
import { SCHEMA } from './testing.ts';

interface Fixture {
  expr: string;
  pass: RecordData;
  fail: RecordData;
  na: RecordData;
}

const v = (values: Record<string, string | number | null>, more: Partial<RecordData> = {}): RecordData => ({
  values,
  ...more,
});

const FIXTURES: Record<string, Fixture> = {
  total_equals_parts: {
    expr: 'B01.current = sum(B02.current:B03.current)',
    pass: v({ 'B01.current': '10.5', 'B02.current': '10.5' }),
    fail: v({ 'B01.current': '10.5', 'B02.current': '10', 'B03.current': '0.4' }),
    na: v({ 'B01.current': '10.5' }),
  },
  part_not_above_total: {
    expr: 'B02.current <= B01.current',
    pass: v({ 'B01.current': '10', 'B02.current': '10' }),
    fail: v({ 'B01.current': '10', 'B02.current': '10.1' }),
    na: v({ 'B01.current': '10' }),
  },
  non_negative: {
    expr: 'B05.current >= 0',
    pass: v({ 'B05.current': '0' }),
    fail: v({ 'B05.current': '-0.01' }),
    na: v({ 'B05.current': 'n/a' }),
  },
  growth_within_50: {
    expr: 'abs(growth(B01.current, lastyear(B01.current))) <= 50',
    pass: v({ 'B01.current': '150' }, { lastYear: { 'B01.current': '100' } }),
    fail: v({ 'B01.current': '150.1' }, { lastYear: { 'B01.current': '100' } }),
    na: v({ 'B01.current': '150' }, { lastYear: { 'B01.current': '0' } }),
  },
  ytd_not_below_month: {
    expr: 'ytd(B01.current) >= B01.current',
    pass: v({ 'B01.current': '5', 'B01.ytd': '5' }),
    fail: v({ 'B01.current': '5', 'B01.ytd': '4.9' }),
    na: v({ 'B01.current': '5' }),
  },
  ytd_grows: {
    expr: 'ytd(B01.current) >= prev(ytd(B01.current))',
    pass: v({ 'B01.ytd': '20' }, { previous: { 'B01.ytd': '15' } }),
    fail: v({ 'B01.ytd': '10' }, { previous: { 'B01.ytd': '15' } }),
    na: v({ 'B01.ytd': '10' }, { previous: null }),
  },
  implication: {
    expr: 'if B04.current > 0 then B01.current > 0',
    pass: v({ 'B04.current': 0 }),
    fail: v({ 'B04.current': 3, 'B01.current': '0' }),
    na: v({ 'B04.current': 3 }),
  },
  energy_needs_output: {
    expr: 'if [E205-1]E01.current > 0 then B01.current > 0',
    pass: v({ 'B01.current': '1' }, { otherForms: { 'E205-1': { values: { 'E01.current': '3' } } } }),
    fail: v({ 'B01.current': '0' }, { otherForms: { 'E205-1': { values: { 'E01.current': '3' } } } }),
    na: v({ 'B01.current': '0' }, { otherForms: {} }),
  },
  code_in_list: {
    expr: "in(C01.current, ['1', '2'])",
    pass: v({ 'C01.current': '2' }),
    fail: v({ 'C01.current': '3' }),
    na: v({ 'C01.current': null }),
  },
  required_when_large: {
    expr: "if unit.size = 'large' then not isnull(B01.current)",
    pass: v({ 'B01.current': '1' }, { unit: { size: 'large' } }),
    fail: v({}, { unit: { size: 'large' } }),
    na: v({}, { unit: {} }),
  },
  employees_vs_register: {
    expr: 'between(B04.current, unit.employees * 0.5, unit.employees * 2)',
    pass: v({ 'B04.current': 100 }, { unit: { employees: 100 } }),
    fail: v({ 'B04.current': 201 }, { unit: { employees: 100 } }),
    na: v({ 'B04.current': 100 }),
  },
  blank_counts_as_zero_when_said: {
    expr: 'coalesce(B02.current, 0) + coalesce(B03.current, 0) <= B01.current',
    pass: v({ 'B01.current': '1', 'B03.current': '1' }),
    fail: v({ 'B01.current': '1', 'B03.current': '1.1' }),
    na: v({ 'B03.current': '1' }),
  },
  ratio_bounds: {
    expr: 'ratio(B02.current, B01.current) < 0.5 or B01.current < 10',
    pass: v({ 'B01.current': '100', 'B02.current': '49.9' }),
    fail: v({ 'B01.current': '100', 'B02.current': '50' }),
    na: v({ 'B01.current': '100' }),
  },
  text_filled: {
    expr: 'if B01.current > 1000 then not isnull(N01.current)',
    pass: v({ 'B01.current': '1001', 'N01.current': '说明' }),
    fail: v({ 'B01.current': '1001', 'N01.current': '' }),
    na: v({ 'B01.current': null }),
  },
};

describe('conformance fixtures', () => {
  const rules: ValidationRule[] = Object.entries(FIXTURES).map(([id, f]) => ({
    id,
    expr: f.expr,
    severity: 'fatal',
    message: { zh: id, en: id },
  }));
  const { ruleSet, problems } = compileRuleSet(rules, SCHEMA);

  it('all compile', () => {
    expect(problems).toEqual([]);
    expect(ruleSet.rules).toHaveLength(rules.length);
  });

  for (const [id, f] of Object.entries(FIXTURES)) {
    it.each(['pass', 'fail', 'na'] as const)(`${id}: %s`, (outcome) => {
      const results = evaluateRuleSet(ruleSet, f[outcome]);
      expect(results.find((r) => r.ruleId === id)?.outcome).toBe(outcome);
    });
  }

  it('one result per rule, with the values used; a broken rule never stops the others', () => {
    const { ruleSet: set } = compileRuleSet(
      [
        { id: 'a', expr: 'B01.current > 0', severity: 'fatal', message: { zh: 'a', en: 'a' } },
        { id: 'b', expr: 'B02.current > 0', severity: 'hint', message: { zh: 'b', en: 'b' } },
      ],
      SCHEMA,
    );
    set.rules[0].run = () => {
      throw new Error('boom');
    };
    const results = evaluateRuleSet(set, { values: { 'B01.current': '1', 'B02.current': '2' } });
    expect(results.map((r) => [r.ruleId, r.severity, r.outcome])).toEqual([
      ['a', 'fatal', 'na'],
      ['b', 'hint', 'pass'],
    ]);
    expect(results[0].reason?.['en-US']).toContain('boom');
    expect(results[1].values).toEqual({ 'B02.current': '2' });
  });

  it('explains why a rule is not applicable', () => {
    const reasons = (id: string, data: RecordData) =>
      evaluateRuleSet(ruleSet, data).find((r) => r.ruleId === id)?.reason?.['zh-CN'];
    expect(reasons('growth_within_50', FIXTURES.growth_within_50.na)).toBe('增速的基期值为零');
    expect(reasons('ytd_grows', FIXTURES.ytd_grows.na)).toBe('上期未报送');
    expect(reasons('energy_needs_output', FIXTURES.energy_needs_output.na)).toBe('表 E205-1 本期未报送');
    expect(reasons('non_negative', FIXTURES.non_negative.na)).toBe('B05.current 不是有效数值');
  });

  it('rejects rules that do not compile, naming rule, field, line and column', () => {
    const { ruleSet: set, problems: ps } = compileRuleSet(
      [
        { id: 'ok', expr: 'B01.current > 0', severity: 'fatal', message: { zh: 'x', en: 'x' } },
        {
          id: 'bad',
          expr: 'B01.current >\n  B99.current',
          severity: 'fatal',
          message: { zh: '{foo()}', en: 'x' },
        },
      ],
      SCHEMA,
    );
    expect(set.rules.map((r) => r.id)).toEqual(['ok']);
    expect(ps.map((p) => [p.ruleId, p.field, p.code, p.line, p.column])).toEqual([
      ['bad', 'expr', 'unknown_cell', 2, 3],
      ['bad', 'message.zh', 'unknown_function', 1, 2],
    ]);
  });
});
