import { describe, expect, it } from 'vitest';
import { exactNumber, jsonNumberLiteral } from './number-text.ts';

describe('exact decimal text', () => {
  it('writes a decimal as a JSON number literal without changing a digit', () => {
    expect(jsonNumberLiteral('1234.50')).toBe('1234.50');
    expect(jsonNumberLiteral('+007.5')).toBe('7.5');
    expect(jsonNumberLiteral('-0.000001')).toBe('-0.000001');
    expect(jsonNumberLiteral('12345678901234567890.123456789')).toBe('12345678901234567890.123456789');
    expect(JSON.parse(`[${jsonNumberLiteral('0.1')}]`)[0]).toBe(0.1);
    expect(jsonNumberLiteral('1e5')).toBeNull();
    expect(jsonNumberLiteral('abc')).toBeNull();
  });

  it('gives a number only when a double holds the decimal exactly', () => {
    expect(exactNumber('1234.50')).toBe(1234.5);
    expect(exactNumber('0.1')).toBe(0.1);
    expect(exactNumber('-0.00000123')).toBe(-0.00000123);
    expect(exactNumber('123456789012345.67')).toBe(123456789012345.67);
    expect(exactNumber('1234567890123456.78')).toBeNull();
    expect(exactNumber('9007199254740993')).toBeNull();
    expect(exactNumber('1e21')).toBeNull();
    expect(exactNumber('100000000000000000000000')).toBe(1e23);
  });
});
