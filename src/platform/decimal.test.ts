import { describe, expect, it } from 'vitest';
import {
  add,
  compare,
  type Dec,
  div,
  mul,
  parseDec as parseDecimal,
  round,
  sub,
  decToText as toText,
} from './decimal.ts';

const dec = (text: string): Dec => parseDecimal(text)!;
const t = (d: Dec | null) => (d ? toText(d) : null);

describe('decimal', () => {
  it('parses canonical decimals only', () => {
    expect(t(parseDecimal('1250.50'))).toBe('1250.5');
    expect(t(parseDecimal('-0.05'))).toBe('-0.05');
    expect(t(parseDecimal('+7'))).toBe('7');
    for (const bad of ['1e3', '1,250', '', '.5', '5.', 'abc', '1.2.3'])
      expect(parseDecimal(bad), bad).toBeNull();
  });

  it('adds exactly where binary floating point does not', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(t(add(dec('0.1'), dec('0.2')))).toBe('0.3');
    let sum = dec('0');
    for (let i = 0; i < 1000; i++) sum = add(sum, dec('0.1'));
    expect(t(sum)).toBe('100');
    expect(t(sub(dec('1000000000000000.1'), dec('0.1')))).toBe('1000000000000000');
  });

  it('multiplies and divides, rounding half away from zero', () => {
    expect(t(mul(dec('1.5'), dec('-2.25')))).toBe('-3.375');
    expect(t(round(div(dec('2'), dec('3'))!, 1))).toBe('0.7');
    expect(t(round(div(dec('1'), dec('8'))!, 2))).toBe('0.13');
    expect(t(round(dec('-0.125'), 2))).toBe('-0.13');
    expect(t(round(dec('2.45'), 1))).toBe('2.5');
    expect(div(dec('1'), dec('0'))).toBeNull();
    expect(t(div(dec('9876.5'), dec('0.5')))).toBe('19753');
  });

  it('formats with fixed digits and compares', () => {
    expect(toText(dec('3'), 2)).toBe('3.00');
    expect(toText(dec('-0.004'), 2)).toBe('0.00');
    expect(compare(dec('1.10'), dec('1.1'))).toBe(0);
    expect(compare(dec('-1'), dec('0.5'))).toBe(-1);
  });

  it('addition is associative and commutative on random values (property)', () => {
    let seed = 42;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    for (let i = 0; i < 500; i++) {
      const [a, b, c] = [0, 1, 2].map(() => dec(`${rand() % 100000}.${rand() % 1000}`));
      expect(compare(add(add(a, b), c), add(a, add(b, c)))).toBe(0);
      expect(compare(add(a, b), add(b, a))).toBe(0);
      expect(compare(sub(add(a, b), b), a)).toBe(0);
    }
  });
});
