import { describe, expect, it } from 'vitest';
import { checkExpression, checkRule } from './check.ts';
import { parseRule } from './parser.ts';
import type { FormSchema } from './schema.ts';
import { SCHEMA } from './testing.ts';
import type { Node } from './typed.ts';

function typed(src: string, schema: FormSchema = SCHEMA): Node {
  const p = parseRule(src);
  if (!p.ok) throw new Error(p.problems[0].message['en-US']);
  const c = checkExpression(src, p.ast, schema);
  if (!c.ok) throw new Error(c.problems[0].message['en-US']);
  return c.node;
}

function problems(src: string, schema: FormSchema = SCHEMA) {
  const p = parseRule(src);
  if (!p.ok) throw new Error(p.problems[0].message['en-US']);
  const c = checkRule(src, p.ast, schema);
  if (c.ok) throw new Error(`expected problems for ${src}`);
  return c.problems.map((x) => ({
    code: x.code,
    line: x.line,
    column: x.column,
    en: x.reason['en-US'],
    zh: x.reason['zh-CN'],
  }));
}

describe('type checker: types come from the definition', () => {
  it.each([
    ['B01.current', { t: 'number', scale: 1, display: 1 }],
    ['B04.current', { t: 'number', scale: 0, display: 0 }],
    ['B01.current + B05.current', { t: 'number', scale: 2, display: 2 }],
    ['B01.current * B05.current', { t: 'number', scale: 3, display: 2 }],
    ['B01.current / B04.current', { t: 'number', scale: 6, display: 2 }],
    ['growth(B01.current, prev(B01.current))', { t: 'number', scale: 6, display: 1 }],
    ['ratio(B01.current, B02.current)', { t: 'number', scale: 6, display: 2 }],
    ['round(B05.current, 1)', { t: 'number', scale: 1, display: 1 }],
    ['round(B04.current, 2)', { t: 'number', scale: 0, display: 2 }],
    ['sum(B01.current:B05.current)', { t: 'number', scale: 2, display: 2 }],
    ['coalesce(B01.current, 0)', { t: 'number', scale: 1, display: 1 }],
    ['N01.current', { t: 'text' }],
    ['C01.current', { t: 'code', list: 'status' }],
    ['unit.employees', { t: 'number', scale: 0, display: 0 }],
    ['unit.size', { t: 'code', list: 'size' }],
    ['unit.industry', { t: 'text' }],
    ['B01.current > 0', { t: 'boolean' }],
    ['isnull(N01.current)', { t: 'boolean' }],
  ])('%s', (src, ty) => {
    expect(typed(src).ty).toEqual(ty);
  });

  it('resolves references with period, form and year to date', () => {
    const keys = (src: string) => {
      const n = typed(src);
      return n.k === 'ref'
        ? n.ref.key
        : n.k === 'sum'
          ? n.args.map((a) => (a.k === 'ref' ? a.ref.key : '?'))
          : '?';
    };
    expect(keys('prev(B01.current)')).toBe('prev(B01.current)');
    expect(keys('lastyear(B01.current)')).toBe('lastyear(B01.current)');
    expect(keys('ytd(B01.current)')).toBe('B01.ytd');
    expect(keys('lastyear(ytd(B01.current))')).toBe('lastyear(B01.ytd)');
    expect(keys('ytd(lastyear(B01.current))')).toBe('lastyear(B01.ytd)');
    expect(keys('[E205-1]E01.current')).toBe('[E205-1]E01.current');
    expect(keys('prev([E205-1]E01.current)')).toBe('prev([E205-1]E01.current)');
    expect(keys('[B204-1]B01.current')).toBe('B01.current');
    // B04 has no ytd column: ranges skip indicators without the column.
    expect(keys('sum(B01.ytd:B05.ytd)')).toEqual(['B01.ytd', 'B02.ytd', 'B03.ytd', 'B05.ytd']);
    expect(keys('prev(sum(B02.current:B03.current))')).toEqual(['prev(B02.current)', 'prev(B03.current)']);
  });

  it('accepts a rule and rejects a non-boolean one', () => {
    const p = parseRule('B01.current + 1');
    expect(p.ok && checkRule('B01.current + 1', p.ast, SCHEMA)).toMatchObject({
      ok: false,
      problems: [{ code: 'not_boolean', line: 1, column: 1 }],
    });
  });
});

describe('type checker: problems with position and reason', () => {
  it.each([
    ['foo(B01.current) > 1', 'unknown_function', 1, 1, 'unknown function foo'],
    ['B99.current > 1', 'unknown_cell', 1, 1, 'form B204-1 has no indicator B99'],
    ['B01.previous > 1', 'unknown_cell', 1, 1, 'indicator B01 has no column previous'],
    ['B04.ytd > 1', 'unknown_cell', 1, 1, 'indicator B04 has no column ytd'],
    ['[X1]B01.current > 1', 'unknown_form', 1, 1, 'unknown form X1'],
    ['[E205-1]B01.current > 1', 'unknown_cell', 1, 1, 'form E205-1 has no indicator B01'],
    ['unit.revenue > 1', 'unknown_attribute', 1, 1, 'unknown unit attribute unit.revenue'],
    ['abs(B01.current, 2) > 1', 'wrong_argument_count', 1, 1, 'abs takes 1 argument, got 2'],
    ['round(B01.current) > 1', 'wrong_argument_count', 1, 1, 'round takes 2 arguments, got 1'],
    ['coalesce(B01.current) > 1', 'wrong_argument_count', 1, 1, 'coalesce takes 2+ arguments, got 1'],
    ['between(B01.current, 1) ', 'wrong_argument_count', 1, 1, 'between takes 3 arguments'],
    ['B01.current + N01.current > 1', 'type_mismatch', 1, 15, 'expected a number, got text'],
    ['B01.current > N01.current', 'type_mismatch', 1, 1, 'cannot compare number with text'],
    ["N01.current < 'a'", 'type_mismatch', 1, 1, 'text and codes can only be compared with = or !='],
    ['B01.current and true', 'type_mismatch', 1, 1, 'expected a boolean'],
    ['if B01.current then true', 'type_mismatch', 1, 4, 'expected a boolean'],
    ['not B01.current', 'type_mismatch', 1, 5, 'expected a boolean'],
    ['-N01.current = 1', 'type_mismatch', 1, 2, 'expected a number'],
    ["coalesce(B01.current, 'x') > 1", 'type_mismatch', 1, 23, 'expected number, got text'],
    ['startswith(B01.current, 1)', 'type_mismatch', 1, 12, 'expected text or a code'],
    ['B01.current = null', 'null_comparison', 1, 1, 'use isnull(x)'],
    ['B01.current:B03.current > 1', 'invalid_range', 1, 1, 'only be used inside sum'],
    ['sum(B01.current:B02.ytd) > 1', 'invalid_range', 1, 5, 'same form and column'],
    ['sum(B03.current:B01.current) > 1', 'invalid_range', 1, 5, 'definition order'],
    ['sum(B01.current:N01.current) > 1', 'type_mismatch', 1, 5, 'N01.current in the range is not a number'],
    ['prev(lastyear(B01.current)) > 1', 'nested_period', 1, 6, 'cannot be nested'],
    ['ytd(ytd(B01.current)) > 1', 'nested_period', 1, 5, 'cannot be nested'],
    ['[E205-1]ytd(E01.current) > 1', 'unexpected_token', 1, 12, ''],
    ['ytd([E205-1]E01.current) > 1', 'no_ytd', 1, 5, 'no year-to-date column of current'],
    ["C01.current = '9'", 'invalid_argument', 1, 15, '"9" is not in code list status'],
    ["in(C01.current, ['1', '7'])", 'invalid_argument', 1, 23, '"7" is not in code list status'],
    ["unit.size = 'huge'", 'invalid_argument', 1, 13, 'not in code list size'],
    ['in(B01.current, B02.current)', 'invalid_argument', 1, 17, 'must be a list'],
    ["in(B01.current, ['1'])", 'type_mismatch', 1, 18, 'expected number, got text'],
    ['in(B01.current, [B02.current])', 'unexpected_token', 1, 17, ''],
    ['round(B01.current, B04.current) > 1', 'invalid_argument', 1, 20, 'whole number'],
    ['round(B01.current, 1.5) > 1', 'invalid_argument', 1, 20, 'whole number'],
    ['[1, 2] = 1', 'invalid_argument', 1, 1, 'list can only be'],
    ['B01.current >\n  foo(1)', 'unknown_function', 2, 3, 'unknown function foo'],
  ])('%j → %s at %i:%i', (src, code, line, column, text) => {
    const p = parseRule(src);
    if (!p.ok) {
      expect(p.problems[0]).toMatchObject({ code, line, column });
      return;
    }
    const ps = problems(src);
    expect(ps[0]).toMatchObject({ code, line, column });
    expect(ps[0].en).toContain(text);
    expect(ps[0].zh.length).toBeGreaterThan(0);
  });

  it('collects every problem of a rule at once', () => {
    const ps = problems('B99.current > 1 and foo(2) and B01.current > N01.current');
    expect(ps.map((p) => p.code)).toEqual(['unknown_cell', 'unknown_function', 'type_mismatch']);
  });

  it('reports in both languages', () => {
    const [p] = problems('B99.current > 1');
    expect(p.zh).toBe('单元格 B99.current 不存在：表 B204-1 没有指标 B99');
    expect(p.en).toBe('unknown cell B99.current: form B204-1 has no indicator B99');
  });

  it('honours custom unit attributes and code lists', () => {
    const schema: FormSchema = {
      ...SCHEMA,
      unitAttributes: { region: { type: 'code', codeList: 'regions' } },
      codeLists: { regions: ['N', 'S'] },
    };
    expect(typed("unit.region = 'N'", schema).ty).toEqual({ t: 'boolean' });
    expect(() => typed('unit.employees > 1', schema)).toThrow('unknown unit attribute');
  });
});

describe('schema from a surveys form definition', () => {
  it('keeps indicators, columns, code lists and other forms', async () => {
    const { schemaFromDefinition } = await import('./schema.ts');
    const def = {
      form: { code: 'B204-1', name: { zh: '工业', en: 'Industry' } },
      indicators: [
        { code: 'A01', type: 'decimal' as const, decimals: 1, name: { zh: '产值', en: 'Output' } },
        { code: 'A02', type: 'code' as const, codeList: 'yn', columns: ['current'] },
      ],
      columns: [
        { code: 'current', source: { kind: 'entered' } },
        { code: 'ytd', source: { kind: 'ytd', of: 'current' } },
      ],
      codeLists: [{ code: 'yn', items: [{ code: 'Y' }, { code: 'N' }] }],
    };
    const other = {
      form: { code: 'E205-1' },
      indicators: [{ code: 'E01', type: 'integer' as const }],
      columns: [{ code: 'current' }],
    };
    const schema = schemaFromDefinition(def, [other]);
    expect(typed('ytd(A01.current) > [E205-1]E01.current', schema).ty).toEqual({ t: 'boolean' });
    expect(() => typed("A02.current = 'X'", schema)).toThrow('"X" is not in code list yn');
  });
});
