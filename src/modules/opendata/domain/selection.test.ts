import { describe, expect, it } from 'vitest';
import { OpendataInputError } from './errors.ts';
import { cellCount, parseSelection, resolveSelection, splitItems } from './selection.ts';

const MONTHS = ['2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03'];
const REGIONS = ['330200', '330203', '330205', '330206', '330281'];

const resolve = (text: string, codes = REGIONS, isTime = false) =>
  resolveSelection('d', parseSelection('d', text), codes, isTime);
const failure = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    if (e instanceof OpendataInputError) return { reason: e.reason, ...e.params };
    throw e;
  }
  throw new Error('no error');
};

describe('the PxWeb selection language', () => {
  it('splits lists at commas outside parentheses', () => {
    expect(splitItems('d', 'a, top(3,1) ,range(x,y)')).toEqual(['a', 'top(3,1)', 'range(x,y)']);
    expect(failure(() => splitItems('d', 'top(3'))).toMatchObject({ reason: 'bad_expression' });
    expect(failure(() => splitItems('d', 'a)b('))).toMatchObject({ reason: 'bad_expression' });
  });

  it('selects codes, * and wildcard patterns in display order, each once', () => {
    expect(resolve('330205,330200,330205')).toEqual(['330200', '330205']);
    expect(resolve('*')).toEqual(REGIONS);
    expect(resolve('33020*')).toEqual(['330200', '330203', '330205', '330206']);
    expect(resolve('*6')).toEqual(['330206']);
    expect(resolve('*028*')).toEqual(['330281']);
    expect(resolve('2026-0?', MONTHS, true)).toEqual(['2026-01', '2026-02', '2026-03']);
  });

  it('counts top and bottom from the newest end of time and from the start of other dimensions', () => {
    expect(resolve('top(2)', MONTHS, true)).toEqual(['2026-02', '2026-03']);
    expect(resolve('TOP(2,1)', MONTHS, true)).toEqual(['2026-01', '2026-02']);
    expect(resolve('bottom(2)', MONTHS, true)).toEqual(['2025-10', '2025-11']);
    expect(resolve('bottom(1,1)', MONTHS, true)).toEqual(['2025-11']);
    expect(resolve('top(2)')).toEqual(['330200', '330203']);
    expect(resolve('bottom(2)')).toEqual(['330206', '330281']);
    expect(resolve('top(100)', MONTHS, true)).toEqual(MONTHS);
  });

  it('takes from, to and range in the list order, ends in either order', () => {
    expect(resolve('from(2026-02)', MONTHS, true)).toEqual(['2026-02', '2026-03']);
    expect(resolve('to(2025-11)', MONTHS, true)).toEqual(['2025-10', '2025-11']);
    expect(resolve('range(2026-01,2025-11)', MONTHS, true)).toEqual(['2025-11', '2025-12', '2026-01']);
    expect(resolve('Range(2025-12, 2026-01),2025-10', MONTHS, true)).toEqual([
      '2025-10',
      '2025-12',
      '2026-01',
    ]);
  });

  it('refuses malformed expressions, unknown codes and selections of nothing', () => {
    for (const bad of [
      'top(0)',
      'top(x)',
      'top(1,2,3)',
      'range(a)',
      'from()',
      'a b',
      '**',
      'a*b',
      '*a*b*',
      'top(-1)',
      '',
      'x,',
    ]) {
      expect(
        failure(() => resolve(bad)),
        bad,
      ).toMatchObject({ reason: 'bad_expression' });
    }
    expect(failure(() => resolve('999999'))).toEqual({
      reason: 'unknown_code',
      dimension: 'd',
      code: '999999',
    });
    expect(failure(() => resolve('from(2030-01)', MONTHS, true))).toMatchObject({
      reason: 'unknown_code',
      code: '2030-01',
    });
    expect(failure(() => resolve('9*'))).toEqual({ reason: 'empty_selection', dimension: 'd' });
    expect(failure(() => resolve('top(2,10)', MONTHS, true))).toMatchObject({ reason: 'empty_selection' });
  });

  it('matches codes ignoring case when no exact code exists', () => {
    expect(resolveSelection('i', parseSelection('i', 'gdp'), ['GDP', 'CPI'], false)).toEqual(['GDP']);
  });

  it('counts the cells of a cube as the product of its code lists', () => {
    expect(cellCount([['a'], REGIONS, MONTHS])).toBe(30);
    expect(cellCount([])).toBe(1);
  });
});
