import { describe, expect, it } from 'vitest';
import { evaluate } from './testing.ts';

// Every case runs through the compiled evaluator and the reference interpreter (evaluate()
// throws when they differ). null = NA (not applicable).
const V = {
  'B01.current': '1250',
  'B02.current': '0.1',
  'B03.current': '0.2',
  'B04.current': 0,
  'B05.current': '-2.35',
  'N01.current': '制造业',
  'C01.current': '2',
  'B01.ytd': '5000.5',
};

describe('functions', () => {
  it.each([
    ['abs(B05.current)', '2.35'],
    ['abs(B01.current)', '1250'],
    ['abs(B09x.current)', 'error'],
    ['min(B01.current, B02.current, B05.current)', '-2.35'],
    ['max(B01.current, B02.current, B05.current)', '1250'],
    ['min(B01.current)', '1250'],
    ['min(B01.current, B03.ytd)', null],
    ['round(B05.current, 1)', '-2.4'],
    ['round(2.25, 1)', '2.3'],
    ['round(-2.25, 1)', '-2.3'],
    ['round(2.249, 1)', '2.2'],
    ['round(B01.current, 0)', '1250'],
    ['sum(B02.current:B03.current)', '0.3'],
    ['sum(B01.current:B05.current)', '1247.95'],
    ['sum(B02.ytd:B03.ytd)', null],
    ['sum(B01.ytd:B03.ytd)', '5000.5'],
    ['sum(B02.current, 1, B03.ytd)', '1.1'],
    ['between(B02.current, 0.1, 0.2)', true],
    ['between(B03.current, 0, 0.1)', false],
    ['between(B03.ytd, 0, 1)', null],
    ["in(C01.current, ['1', '2'])", true],
    ["in(C01.current, ['3'])", false],
    ["in(N01.current, ['制造业'])", true],
    ['in(B04.current, [0, 1])', true],
    ['in(B02.current, [0.10, 2])', true],
    ['in(B02.current, [0.15])', false],
    ['in(B03.ytd, [1, 2])', null],
    ['isnull(B03.ytd)', true],
    ['isnull(B01.current)', false],
    ['isnull(B01.current / B04.current)', true],
    ['isnull(null)', true],
    ['coalesce(B03.ytd, B02.current)', '0.1'],
    ['coalesce(B03.ytd, 0)', '0'],
    ['coalesce(B03.ytd, B02.ytd)', null],
    ["coalesce(N01.ytd, 'n/a')", 'n/a'],
    ['growth(B01.current, 675.7)', '84.99334'],
    ['growth(B01.current, B04.current)', null],
    ['growth(B05.current, -1)', '135'],
    ['growth(1, 3)', '-66.666667'],
    ['ratio(B01.current, 3)', '416.666667'],
    ['ratio(B01.current, B04.current)', null],
    ['ratio(B05.current, 8)', '-0.29375'],
    ["startswith(N01.current, '制造')", true],
    ["startswith(N01.current, '采矿')", false],
    ["startswith(N01.ytd, 'x')", null],
    ['B01.current / B04.current', null],
    ['-2 / 3', '-0.666667'],
    ['2 / -3', '-0.666667'],
    ['1 / 8', '0.125'],
    ['B02.current + B03.current', '0.3'],
    ['B02.current * B03.current', '0.02'],
    ['B01.current - B01.ytd', '-3750.5'],
    ['-B05.current', '2.35'],
  ])('%s = %j', (expr, want) => {
    if (want === 'error') {
      expect(() => evaluate(expr, V)).toThrow();
      return;
    }
    expect(evaluate(expr, V)).toBe(want);
  });

  it('reads previous period, last year, other forms and the register', () => {
    const data = {
      values: { 'B01.current': '110' },
      previous: { 'B01.current': '100' },
      lastYear: { 'B01.current': '88' },
      otherForms: { 'E205-1': { values: { 'E01.current': '3.25' }, lastYear: null } },
      unit: { industry: '1310', size: 'medium', employees: 320 },
    };
    expect(evaluate('growth(B01.current, prev(B01.current))', data)).toBe('10');
    expect(evaluate('growth(B01.current, lastyear(B01.current))', data)).toBe('25');
    expect(evaluate('[E205-1]E01.current * 2', data)).toBe('6.5');
    expect(evaluate('lastyear([E205-1]E01.current)', data)).toBe(null);
    expect(
      evaluate("startswith(unit.industry, '13') and unit.size = 'medium' and unit.employees >= 300", data),
    ).toBe(true);
    expect(evaluate('prev(B01.current)', { values: {} })).toBe(null);
  });

  it('treats invalid values and excess digits as missing', () => {
    expect(evaluate('isnull(B04.current)', { 'B04.current': '1.5' })).toBe(true);
    expect(evaluate('isnull(B04.current)', { 'B04.current': '1.0' })).toBe(false);
    expect(evaluate('isnull(B01.current)', { 'B01.current': 'abc' })).toBe(true);
    expect(evaluate('isnull(B01.current)', { 'B01.current': '' })).toBe(true);
    expect(evaluate('isnull(B01.current)', { 'B01.current': Number.NaN })).toBe(true);
    expect(evaluate('B01.current', { 'B01.current': ' 12.0 ' })).toBe('12');
  });
});
