import { describe, expect, it } from 'vitest';
import { compileRule, compileRuleSet } from './engine.ts';
import { SCHEMA } from './testing.ts';

const rule = (expr: string) => {
  const r = compileRule({ id: 'r', expr, severity: 'fatal', message: { zh: 'x', en: 'x' } }, SCHEMA);
  if (!r.ok) throw new Error(r.problems[0].message['en-US']);
  return r.rule;
};

describe('static analysis', () => {
  it('lists the values each rule reads', () => {
    expect(
      rule('B01.current >= sum(B02.current:B03.current) and B01.current > 0').dependsOn.map((r) => r.key),
    ).toEqual(['B01.current', 'B02.current', 'B03.current']);
    expect(
      rule("growth(ytd(B01.current), lastyear(ytd(B01.current))) < 50 or unit.size = 'large'").dependsOn.map(
        (r) => r.key,
      ),
    ).toEqual(['B01.ytd', 'lastyear(B01.ytd)', 'unit.size']);
  });

  it('says what must be loaded', () => {
    expect(rule('B01.current > 0').needs).toEqual({
      previous: false,
      lastYear: false,
      otherForms: {},
      unit: [],
    });
    expect(rule('prev(B01.current) < lastyear([E205-1]E01.current) + unit.employees').needs).toEqual({
      previous: true,
      lastYear: false,
      otherForms: { 'E205-1': { current: false, previous: false, lastYear: true } },
      unit: ['employees'],
    });
    const { ruleSet } = compileRuleSet(
      [
        { id: 'a', expr: 'prev(B01.current) > 0', severity: 'fatal', message: { zh: 'x', en: 'x' } },
        {
          id: 'b',
          expr: '[E205-1]E01.current > B01.current',
          severity: 'fatal',
          message: { zh: 'x', en: 'x' },
        },
      ],
      SCHEMA,
    );
    expect(ruleSet.needs).toMatchObject({
      previous: true,
      lastYear: false,
      otherForms: { 'E205-1': { current: true } },
    });
    expect(ruleSet.slots.map((s) => s.key)).toEqual([
      'prev(B01.current)',
      '[E205-1]E01.current',
      'B01.current',
    ]);
  });

  it('gives linear rules as coefficients', () => {
    expect(rule('B01.current = sum(B02.current:B03.current)').linear).toEqual({
      coefficients: { 'B01.current': '1', 'B02.current': '-1', 'B03.current': '-1' },
      constant: '0',
      operator: '=',
    });
    expect(rule('2 * B01.current - 0.5 >= B02.current * 3 + prev(B01.current) - B01.current').linear).toEqual(
      {
        coefficients: { 'B01.current': '3', 'B02.current': '-3', 'prev(B01.current)': '-1' },
        constant: '-0.5',
        operator: '>=',
      },
    );
    expect(rule('B01.current * B02.current > 0').linear).toBeNull();
    expect(rule('B01.current / 2 > 0').linear).toBeNull();
    expect(rule('B01.current > 0 and B02.current > 0').linear).toBeNull();
    expect(rule('abs(B01.current) > 0').linear).toBeNull();
  });

  it('compiles through ordered rewrites', () => {
    expect(rule('if B01.current > 0 then B02.current > 0').rewritten.k).toBe('or');
    expect(rule('B01.current > 2 * 3 + 1').rewritten).toMatchObject({ k: 'compare', r: { k: 'const' } });
    expect(rule("in(C01.current, ['1'])").rewritten.k).toBe('inSet');
    expect(rule('not not B01.current > 0').rewritten.k).toBe('compare');
    const tol = compileRule(
      { id: 't', expr: 'B01.current = B02.current', severity: 'fatal', message: { zh: 'x', en: 'x' } },
      SCHEMA,
      { tolerance: '0.1' },
    );
    expect(tol.ok && tol.rule.rewritten.k).toBe('near');
  });
});
