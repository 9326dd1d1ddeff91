import { describe, expect, it } from 'vitest';
import { deriveSeries } from './derive.ts';

describe('deriveSeries', () => {
  const values = new Map<string, string | null>([
    ['2024-01', '100'],
    ['2024-02', '80'],
    ['2024-03', '120'],
    ['2025-01', '110'],
    ['2025-02', '84.5'],
    ['2025-03', null],
  ]);

  it('computes 同比, 环比, 累计 and 累计增长 of a monthly flow, rounded to 0.1', () => {
    const d = deriveSeries('M', 'flow', values, ['2025-01', '2025-02', '2025-03']);
    // 110/100 − 1 = 10.0 %; 84.5/80 − 1 = 5.625 % → 5.6; 84.5/110 − 1 = −23.18 % → −23.2
    expect(d.get('2025-01')).toEqual({ yoy: '10.0', pop: null, ytd: '110', ytdYoy: '10.0' });
    // ytd 194.5 over 180: 8.0555… % → 8.1
    expect(d.get('2025-02')).toEqual({ yoy: '5.6', pop: '-23.2', ytd: '194.5', ytdYoy: '8.1' });
    // a missing month leaves the year to date and every growth on it empty
    expect(d.get('2025-03')).toEqual({ yoy: null, pop: null, ytd: null, ytdYoy: null });
  });

  it('gives stocks no year to date and indices nothing', () => {
    expect(deriveSeries('M', 'stock', values, ['2025-02']).get('2025-02')).toEqual({
      yoy: '5.6',
      pop: '-23.2',
      ytd: null,
      ytdYoy: null,
    });
    expect(deriveSeries('M', 'index', values, ['2025-02']).get('2025-02')).toEqual({
      yoy: null,
      pop: null,
      ytd: null,
      ytdYoy: null,
    });
  });

  it('sums quarters for a quarterly year to date, and reports annual growth as 同比 only', () => {
    const q = new Map([
      ['2024Q1', '10'],
      ['2024Q2', '10'],
      ['2025Q1', '12'],
      ['2025Q2', '9'],
    ]);
    expect(deriveSeries('Q', 'flow', q, ['2025Q2']).get('2025Q2')).toEqual({
      yoy: '-10.0',
      pop: '-25.0',
      ytd: '21',
      ytdYoy: '5.0',
    });
    const a = new Map([
      ['2023', '3'],
      ['2024', '4'],
    ]);
    expect(deriveSeries('A', 'flow', a, ['2024']).get('2024')).toEqual({
      yoy: '33.3',
      pop: null,
      ytd: null,
      ytdYoy: null,
    });
  });
});
