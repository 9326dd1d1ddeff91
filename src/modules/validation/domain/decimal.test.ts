import { describe, expect, it } from 'vitest';
import * as D from '../../../platform/decimal.ts';
import { divRoundNumber } from './emit.ts';
import { evalBoth, evaluate } from './testing.ts';

const dec = (t: string) => D.parseDec(t)!;

describe('decimal arithmetic is exact', () => {
  it('parses and prints canonically', () => {
    expect(D.decToText(dec('0012.500'))).toBe('12.5');
    expect(D.decToText(dec('-0.0'))).toBe('0');
    expect(D.decToText(dec('+7'))).toBe('7');
    expect(D.parseDec('1e5')).toBeNull();
    expect(D.parseDec('1,250')).toBeNull();
    expect(D.parseDec('')).toBeNull();
    expect(D.decToText(D.decFromNumber(0.1)!)).toBe('0.1');
    expect(D.decToText(D.decFromNumber(1e21)!)).toBe('1000000000000000000000');
    expect(D.decToText(D.decFromNumber(1.5e-7)!)).toBe('0.00000015');
    expect(D.decToText(D.decFromNumber(-2.5e22)!)).toBe('-25000000000000000000000');
    expect(D.decFromNumber(Number.POSITIVE_INFINITY)).toBeNull();
    expect(D.decToText(dec('2.5'), 3)).toBe('2.500');
    expect(D.decToText(dec('-2.25'), 1)).toBe('-2.3');
  });

  it('0.1 + 0.2 = 0.3, in rules and in both evaluators', () => {
    expect(D.decToText(D.add(dec('0.1'), dec('0.2')))).toBe('0.3');
    expect(evaluate('B02.current + B03.current = 0.3', { 'B02.current': '0.1', 'B03.current': '0.2' })).toBe(
      true,
    );
    // Numbers from JS mean the decimal they print as, not their binary neighbour.
    expect(evaluate('B02.current + B03.current = 0.3', { 'B02.current': 0.1, 'B03.current': 0.2 })).toBe(
      true,
    );
    expect(evaluate('B01.current * 3 = 0.3', { 'B01.current': '0.1' })).toBe(true);
  });

  it('sums of many parts equal their total to the last digit', () => {
    const values: Record<string, string> = { 'B01.current': '0', 'B02.current': '0', 'B03.current': '0' };
    let total = 0n;
    for (const [i, k] of ['B01.current', 'B02.current', 'B03.current'].entries()) {
      values[k] = `${1234567 + i}.${i + 1}`;
      total += BigInt(1234567 + i) * 10n + BigInt(i + 1);
    }
    const sum = D.decToText({ c: total, s: 1 });
    expect(evaluate('sum(B01.current:B03.current)', values)).toBe(sum);
    expect(evaluate(`sum(B01.current:B03.current) = ${sum}`, values)).toBe(true);
  });

  it('stays exact beyond 2^53 by falling back to bigint', () => {
    const big = { 'B01.current': '9007199254740993.1', 'B02.current': '0.1' };
    const r = evalBoth('B01.current + B02.current', big);
    expect(r.reference).toBe('9007199254740993.2');
    expect(r.compiled).toBe('overflow');
    // Intermediate overflow (a product) also falls back rather than rounding.
    const m = evalBoth('B04.current * B04.current', { 'B04.current': 123456789012 });
    expect(m.reference).toBe('15241578753153483936144');
    expect(m.compiled).toBe('overflow');
  });

  it('divides to six digits, half away from zero (四舍五入)', () => {
    expect(D.decToText(D.div(dec('2'), dec('3'))!)).toBe('0.666667');
    expect(D.decToText(D.div(dec('-2'), dec('3'))!)).toBe('-0.666667');
    expect(D.decToText(D.div(dec('1'), dec('8'))!)).toBe('0.125');
    expect(D.decToText(D.div(dec('0.0000005'), dec('1'))!)).toBe('0.000001');
    expect(D.decToText(D.div(dec('-0.0000005'), dec('1'))!)).toBe('-0.000001');
    expect(D.div(dec('1'), dec('0'))).toBeNull();
    expect(D.decToText(D.round(dec('2.5'), 0))).toBe('3');
    expect(D.decToText(D.round(dec('-2.5'), 0))).toBe('-3');
  });

  it('rounds integer-valued doubles exactly like bigint', () => {
    for (const [n, d] of [
      [5, 10],
      [-5, 10],
      [15, -10],
      [4, 10],
      [-4, 10],
      [0, 7],
      [9007199254740991, 10],
      [-9007199254740991, 3],
    ]) {
      expect(BigInt(divRoundNumber(n, d))).toBe(D.divRound(BigInt(n), BigInt(d)));
    }
  });

  it('compares without binary artefacts, and with a tolerance when asked', () => {
    expect(evaluate('B01.current = 1.1', { 'B01.current': '1.10' })).toBe(true);
    expect(
      evaluate('B01.current = sum(B02.current:B03.current)', {
        'B01.current': '100.1',
        'B02.current': '50',
        'B03.current': '50',
      }),
    ).toBe(false);
    expect(
      evaluate(
        'B01.current = sum(B02.current:B03.current)',
        { 'B01.current': '100.1', 'B02.current': '50', 'B03.current': '50' },
        '0.1',
      ),
    ).toBe(true);
    expect(
      evaluate(
        'B01.current != sum(B02.current:B03.current)',
        { 'B01.current': '100.2', 'B02.current': '50', 'B03.current': '50' },
        '0.1',
      ),
    ).toBe(true);
    // Tolerance never applies between integers.
    expect(evaluate('B04.current = 3', { 'B04.current': '4' }, '1')).toBe(false);
  });
});
