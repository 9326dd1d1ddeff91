import { describe, expect, it } from 'vitest';
import * as D from '../../../platform/decimal.ts';
import { compileRuleSet, evaluateRuleSet } from './engine.ts';
import { compileTemplate, formatDecimal, renderTemplate } from './template.ts';
import { SCHEMA } from './testing.ts';

const sem = { tolerance: D.ZERO };
const render = (
  text: string,
  values: Record<string, string | null>,
  lang: 'zh-CN' | 'en-US' = 'zh-CN',
  extra = {},
) => {
  const t = compileTemplate(text, {
    ...SCHEMA,
    indicators: [...SCHEMA.indicators, { code: 'G01', type: 'integer' as const }],
  });
  if (!t.ok) throw new Error(t.problems[0].message['en-US']);
  return renderTemplate(t.template, { values, ...extra }, sem, lang);
};

describe('message templates', () => {
  it('renders the example from the issue', () => {
    const text =
      '本期工业总产值 {B01.current|0} 万元，比上年同期增长 {growth(B01.current, lastyear(B01.current))}%，超过 50%，请核实';
    expect(render(text, { 'B01.current': '1250' }, 'zh-CN', { lastYear: { 'B01.current': '675.7' } })).toBe(
      '本期工业总产值 1,250 万元，比上年同期增长 85.0%，超过 50%，请核实',
    );
  });

  it('formats by the indicator’s decimals, or as asked', () => {
    expect(render('{B01.current}', { 'B01.current': '1234567.2' })).toBe('1,234,567.2');
    expect(render('{G01.current}', { 'G01.current': '1250' })).toBe('1,250');
    // More digits than the indicator allows: the value is invalid, hence missing.
    expect(render('{B01.current}', { 'B01.current': '1234567.25' })).toBe('—');
    expect(render('{B05.current}', { 'B05.current': '-1234.5' })).toBe('-1,234.50');
    expect(render('{B05.current|0}', { 'B05.current': '-1234.5' })).toBe('-1,235');
    expect(render('{ratio(B01.current, B05.current)}', { 'B01.current': '1', 'B05.current': '3' })).toBe(
      '0.33',
    );
    expect(render('{B01.current / B05.current | 4}', { 'B01.current': '1', 'B05.current': '3' })).toBe(
      '0.3333',
    );
    expect(formatDecimal(D.parseDec('999.995')!, 2)).toBe('1,000.00');
    expect(formatDecimal(D.parseDec('-0.004')!, 2)).toBe('0.00');
  });

  it('shows missing values, text, codes and conditions', () => {
    expect(render('[{B01.current}]', {})).toBe('[—]');
    expect(render('{N01.current}/{C01.current}', { 'N01.current': '机电', 'C01.current': '2' })).toBe(
      '机电/2',
    );
    expect(render('{B01.current > 0}', { 'B01.current': '1' }, 'zh-CN')).toBe('是');
    expect(render('{B01.current > 0}', { 'B01.current': '1' }, 'en-US')).toBe('yes');
    expect(render('{{literal}} {{B01}}', {})).toBe('{literal} {B01}');
    expect(render("{coalesce(N01.current, '未填')}", {})).toBe('未填');
  });

  it('rejects placeholders that do not check, with positions in the template', () => {
    const t = compileTemplate('值为 {B99.current}，\n增速 {foo(1)}', SCHEMA);
    expect(t.ok).toBe(false);
    if (t.ok) return;
    expect(t.problems.map((p) => [p.code, p.line, p.column])).toEqual([
      ['unknown_cell', 1, 5],
      ['unknown_function', 2, 5],
    ]);
    expect(compileTemplate('a {B01.current', SCHEMA).ok).toBe(false);
    expect(compileTemplate('a } b', SCHEMA).ok).toBe(false);
  });

  it('fills messages in results, in both languages, for fail and na', () => {
    const { ruleSet, problems } = compileRuleSet(
      [
        {
          id: 'V01',
          expr: 'B01.current <= 100',
          severity: 'verify',
          message: { zh: '产值 {B01.current} 万元超过 100', en: 'output {B01.current} exceeds 100' },
        },
      ],
      SCHEMA,
    );
    expect(problems).toEqual([]);
    const [fail] = evaluateRuleSet(ruleSet, { values: { 'B01.current': '1250' } });
    expect(fail.message).toEqual({
      'zh-CN': '产值 1,250.0 万元超过 100',
      'en-US': 'output 1,250.0 exceeds 100',
    });
    const [pass] = evaluateRuleSet(ruleSet, { values: { 'B01.current': '12' } });
    expect(pass.message).toBeNull();
    const [passRendered] = evaluateRuleSet(
      ruleSet,
      { values: { 'B01.current': '12' } },
      { renderPassing: true },
    );
    expect(passRendered.message?.['en-US']).toBe('output 12.0 exceeds 100');
    const [na] = evaluateRuleSet(ruleSet, { values: {} });
    expect(na).toMatchObject({
      outcome: 'na',
      message: { 'zh-CN': '产值 — 万元超过 100' },
      reason: { 'zh-CN': 'B01.current 为空', 'en-US': 'B01.current is blank' },
    });
  });
});
