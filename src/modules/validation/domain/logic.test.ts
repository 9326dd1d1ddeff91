import { describe, expect, it } from 'vitest';
import { evaluate } from './testing.ts';

// Full three-valued truth tables (Kleene), as validate's test_poc.R and Trevas' Boolean.ts:
// T, F and NA as `B01.current > 0` on 1, -1 and a blank cell, so every operand is a real
// comparison the compiler cannot fold away.
const CELL = { T: '1', F: '-1', N: null } as const;
type V = keyof typeof CELL;
const want = (v: V) => (v === 'T' ? true : v === 'F' ? false : null);

function data(p: V, q: V) {
  return { 'B01.current': CELL[p], 'B02.current': CELL[q] };
}

const P = 'B01.current > 0';
const Q = 'B02.current > 0';

describe('three-valued logic', () => {
  it.each([
    ['T', 'T'],
    ['T', 'F'],
    ['T', 'N'],
    ['F', 'T'],
    ['F', 'F'],
    ['F', 'N'],
    ['N', 'T'],
    ['N', 'F'],
    ['N', 'N'],
  ] as [V, V][])('p=%s q=%s', (p, q) => {
    const AND: Record<string, V> = {
      TT: 'T',
      TF: 'F',
      TN: 'N',
      FT: 'F',
      FF: 'F',
      FN: 'F',
      NT: 'N',
      NF: 'F',
      NN: 'N',
    };
    const OR: Record<string, V> = {
      TT: 'T',
      TF: 'T',
      TN: 'T',
      FT: 'T',
      FF: 'F',
      FN: 'N',
      NT: 'T',
      NF: 'N',
      NN: 'N',
    };
    const IMPLIES: Record<string, V> = {
      TT: 'T',
      TF: 'F',
      TN: 'N',
      FT: 'T',
      FF: 'T',
      FN: 'T',
      NT: 'T',
      NF: 'N',
      NN: 'N',
    };
    const key = p + q;
    expect(evaluate(`${P} and ${Q}`, data(p, q))).toBe(want(AND[key]));
    expect(evaluate(`${P} or ${Q}`, data(p, q))).toBe(want(OR[key]));
    expect(evaluate(`if ${P} then ${Q}`, data(p, q))).toBe(want(IMPLIES[key]));
    // Commutativity of and/or, including the order NA is met in.
    expect(evaluate(`${Q} and ${P}`, data(p, q))).toBe(want(AND[key]));
    expect(evaluate(`${Q} or ${P}`, data(p, q))).toBe(want(OR[key]));
    // = and != between booleans are strict: NA in, NA out.
    const eq = p === 'N' || q === 'N' ? null : p === q;
    expect(evaluate(`(${P}) = (${Q})`, data(p, q))).toBe(eq);
    expect(evaluate(`(${P}) != (${Q})`, data(p, q))).toBe(eq === null ? null : !eq);
  });

  it.each([
    ['T', 'F'],
    ['F', 'T'],
    ['N', 'N'],
  ] as [V, V][])('not %s = %s', (p, r) => {
    expect(evaluate(`not ${P}`, data(p, 'T'))).toBe(want(r));
    expect(evaluate(`not not ${P}`, data(p, 'T'))).toBe(want(p));
  });

  it('folds constants with the same tables', () => {
    expect(evaluate(`false and ${P}`, data('N', 'N'))).toBe(false);
    expect(evaluate(`${P} and false`, data('N', 'N'))).toBe(false);
    expect(evaluate(`true or ${P}`, data('N', 'N'))).toBe(true);
    expect(evaluate(`true and ${P}`, data('N', 'N'))).toBe(null);
    expect(evaluate(`if false then ${P}`, data('N', 'N'))).toBe(true);
    expect(evaluate('1 / 0 > 1 or true', {})).toBe(true);
    expect(evaluate('1 / 0 > 1 and true', {})).toBe(null);
  });

  it('comparisons and arithmetic on a missing operand are NA', () => {
    for (const expr of [
      'B01.current = 0',
      'B01.current + 1 > 0',
      'abs(B01.current) >= 0',
      'between(B01.current, 0, 1)',
    ]) {
      expect(evaluate(expr, {})).toBe(null);
    }
  });
});
