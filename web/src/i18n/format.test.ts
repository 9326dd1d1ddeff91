import { describe, expect, it } from 'vitest';
import { formatNumber, interpolate } from './format.ts';

describe('formatNumber', () => {
  it('groups thousands per locale and rounds half away from zero', () => {
    expect(formatNumber(1234567.125, 'zh-CN', 2)).toBe('1,234,567.13');
    expect(formatNumber(2.5, 'en-US')).toBe('3');
    expect(formatNumber(-2.5, 'en-US')).toBe('-3');
  });
  it('pads to the asked precision', () => {
    expect(formatNumber(12, 'en-US', 1)).toBe('12.0');
  });
  it('shows missing values as a dash and never -0', () => {
    expect(formatNumber(null, 'zh-CN')).toBe('—');
    expect(formatNumber(Number.NaN, 'zh-CN')).toBe('—');
    expect(formatNumber(-0.001, 'en-US', 2)).toBe('0.00');
  });
});

describe('interpolate', () => {
  it('fills placeholders and formats numbers', () => {
    expect(interpolate('{n} rows in {f}', { n: 12000, f: 'a.csv' }, 'en-US')).toBe('12,000 rows in a.csv');
    expect(interpolate('keep {missing}', {}, 'en-US')).toBe('keep {missing}');
  });
});
