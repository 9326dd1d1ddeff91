import { describe, expect, it } from 'vitest';
import {
  decompositionCsv,
  displayDecimals,
  exampleSeries,
  parseSeries,
  parseStart,
  periodLabel,
} from './parse.ts';

describe('a pasted series', () => {
  it('reads a column pasted from Excel (CRLF, trailing line break), blanks as missing values', () => {
    expect(parseSeries('1.5\r\n2\r\n\r\n-4e1\r\n')).toEqual({
      values: [1.5, 2, null, -40],
      bad: [],
      missing: 1,
    });
  });

  it('reads values separated by commas, tabs, spaces or Chinese punctuation', () => {
    expect(parseSeries('1,2,,4').values).toEqual([1, 2, null, 4]);
    expect(parseSeries('1\t2\t\t4').values).toEqual([1, 2, null, 4]);
    expect(parseSeries('1  2 3\n4').values).toEqual([1, 2, 3, 4]);
    expect(parseSeries('1，2、3；4').values).toEqual([1, 2, 3, 4]);
    expect(parseSeries('1, 2, 3').values).toEqual([1, 2, 3]);
  });

  it('reads a row pasted from Excel (tab-separated) over several lines', () => {
    expect(parseSeries('1\t2\t3\n4\t5\t6\n').values).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('takes NA, "-", "." and #N/A as missing values', () => {
    const p = parseSeries('1\nNA\n-\n.\n#N/A\n6');
    expect(p.values).toEqual([1, null, null, null, null, 6]);
    expect(p.missing).toBe(4);
  });

  it('keeps thousands separators in a column, but splits on commas within a line', () => {
    expect(parseSeries('12,345.6\n1,000\n999').values).toEqual([12345.6, 1000, 999]);
    expect(parseSeries('1,234').values).toEqual([1, 234]);
    expect(parseSeries('12,345.6\t7').values).toEqual([12345.6, 7]);
  });

  it('keeps blank lines at the start (so the start period stays right)', () => {
    expect(parseSeries('\n\n3\n4').values).toEqual([null, null, 3, 4]);
  });

  it('lists what is not a number with its position', () => {
    const p = parseSeries('1\n2015-03\nabc\n0x10\nInfinity\n5');
    expect(p.bad).toEqual([
      { position: 2, text: '2015-03' },
      { position: 3, text: 'abc' },
      { position: 4, text: '0x10' },
      { position: 5, text: 'Infinity' },
    ]);
    expect(p.missing).toBe(0);
    expect(p.values).toHaveLength(6);
  });

  it('is empty for nothing pasted', () => {
    expect(parseSeries('  \n \n')).toEqual({ values: [], bad: [], missing: 0 });
  });
});

describe('the start period', () => {
  it('reads months', () => {
    for (const s of ['2015-01', '2015-1', '2015M01', '2015/01', '2015年1月', '2015 m1'])
      expect(parseStart(s, 12), s).toEqual({ year: 2015, period: 1 });
    expect(parseStart('2015-12', 12)).toEqual({ year: 2015, period: 12 });
  });

  it('reads quarters', () => {
    for (const s of ['2015Q3', '2015-Q3', '2015q3', '2015年第3季度', '2015年3季', '2015-3'])
      expect(parseStart(s, 4), s).toEqual({ year: 2015, period: 3 });
  });

  it('reads other frequencies and a bare year', () => {
    expect(parseStart('2020-5', 7)).toEqual({ year: 2020, period: 5 });
    expect(parseStart('2020', 7)).toEqual({ year: 2020, period: 1 });
  });

  it('is undefined when empty, null when wrong', () => {
    expect(parseStart(' ', 12)).toBeUndefined();
    expect(parseStart('2015-13', 12)).toBeNull();
    expect(parseStart('2015Q5', 4)).toBeNull();
    expect(parseStart('2015Q1', 12)).toBeNull();
    expect(parseStart('2015M01', 4)).toBeNull();
    expect(parseStart('Jan 2015', 12)).toBeNull();
    expect(parseStart('2015-0', 12)).toBeNull();
  });
});

describe('period labels', () => {
  it('count on from the start, across years', () => {
    expect(periodLabel({ year: 2015, period: 11 }, 2, 12)).toBe('2016-01');
    expect(periodLabel({ year: 2015, period: 4 }, 1, 4)).toBe('2016Q1');
    expect(periodLabel({ year: 2015, period: 7 }, 1, 7)).toBe('2016-1');
    expect(periodLabel(undefined, 0, 12)).toBe('1');
  });
});

describe('display decimals', () => {
  it('give five significant digits of the largest value, between 2 and 6', () => {
    expect(displayDecimals([1, 150.2, null])).toBe(2);
    expect(displayDecimals([12_345_678])).toBe(2);
    expect(displayDecimals([0.0123])).toBe(6);
    expect(displayDecimals([0.5])).toBe(5);
    expect(displayDecimals([])).toBe(2);
  });
});

describe('the example series', () => {
  it('is ten years of monthly values from 2015-01, the same every time', () => {
    const e = exampleSeries();
    expect(e.values).toHaveLength(120);
    expect(e.frequency).toBe(12);
    expect(e.start).toBe('2015-01');
    expect(exampleSeries().values).toEqual(e.values);
    expect(e.values.every((v) => Number.isFinite(v))).toBe(true);
    // February dips below January every year (the Spring Festival).
    for (let y = 0; y < 10; y++) expect(e.values[12 * y + 1]).toBeLessThan(e.values[12 * y]);
  });
});

describe('the CSV', () => {
  it('has a BOM, a header, one line per observation and empty cells for missing values', () => {
    const csv = decompositionCsv(['期间', 'original', 'seasonal', 'trend', 'remainder', 'adjusted, SA'], {
      labels: ['2015-01', '2015-02'],
      original: [10, null],
      seasonal: [1, -1],
      trend: [8.5, 9.25],
      remainder: [0.5, 0.75],
      adjusted: [9, 10],
    });
    expect(csv).toBe(
      '\uFEFF期间,original,seasonal,trend,remainder,"adjusted, SA"\r\n2015-01,10,1,8.5,0.5,9\r\n2015-02,,-1,9.25,0.75,10\r\n',
    );
  });

  it('carries the robustness weights as a last column when given', () => {
    const csv = decompositionCsv(['p', 'o', 's', 't', 'r', 'a', 'w'], {
      labels: ['1'],
      original: [10],
      seasonal: [1],
      trend: [8.5],
      remainder: [0.5],
      adjusted: [9],
      weights: [0.25],
    });
    expect(csv).toBe('\uFEFFp,o,s,t,r,a,w\r\n1,10,1,8.5,0.5,9,0.25\r\n');
  });
});
