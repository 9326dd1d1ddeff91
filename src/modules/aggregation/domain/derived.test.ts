import { describe, expect, it } from 'vitest';
import { add, type Dec, decToText } from '../../../platform/decimal.ts';
import {
  comparableGrowth,
  contributionRate,
  growthRate,
  pull,
  share,
  yearToDate,
  yearToDateSeries,
} from './derived.ts';

const t = (d: Dec | null) => (d === null ? null : decToText(d, d.s));

describe('derived indicators', () => {
  it('growth on the published base, to 0.1 rounded half away from zero', () => {
    expect(t(growthRate('1080', '1000'))).toBe('8.0');
    expect(t(growthRate('1234.5', '1111.1'))).toBe('11.1'); // 11.1061…
    expect(t(growthRate('100.05', '100'))).toBe('0.1'); // 0.05 → 0.1 (四舍五入)
    expect(t(growthRate('99.95', '100'))).toBe('-0.1');
    expect(t(growthRate('1234.5', '1111.1', 4))).toBe('11.1061');
    expect(growthRate(null, '100')).toBeNull();
    expect(growthRate('5', '0')).toBeNull();
    expect(growthRate('5', '-3')).toBeNull(); // over a loss: 减亏, not a rate
  });

  it('growth on a comparable base (同口径) counts only units in both periods', () => {
    const current = new Map([
      ['a', '110'],
      ['b', '50'], // new this year
      ['d', null],
    ]);
    const previous = new Map([
      ['a', '100'],
      ['c', '30'], // closed
      ['d', '7'],
    ]);
    const g = comparableGrowth(current, previous);
    expect(g.units).toBe(1);
    expect(decToText(g.current)).toBe('110');
    expect(decToText(g.previous)).toBe('100');
    expect(t(g.rate)).toBe('10.0');
    // The published base would say 160 over 130.
    expect(t(growthRate('160', '130'))).toBe('23.1');
    expect(comparableGrowth(new Map(), previous).rate).toBeNull();
  });

  it('year to date sums months exactly and refuses a gap', () => {
    const months = ['10.1', '12.2', '0.7', null, '5'];
    expect(decToText(yearToDate(months, 3)!)).toBe('23');
    expect(yearToDate(months, 4)).toBeNull();
    expect(yearToDateSeries(months).map((d) => (d ? decToText(d) : null))).toEqual([
      '10.1',
      '22.3',
      '23',
      null,
      null,
    ]);
    expect(() => yearToDate(months, 13)).toThrow();
  });

  it('shares, contributions and pulls as a release prints them', () => {
    // 规上工业增加值 1000 → 1080 (+8.0%); 制造业 800 → 870, 电力 150 → 155, 采矿 50 → 55.
    const total = { totalPrevious: '1000', totalCurrent: '1080' };
    const parts = [
      ['870', '800'],
      ['155', '150'],
      ['55', '50'],
    ];
    const rates = parts.map(([c, p]) => t(contributionRate({ partCurrent: c, partPrevious: p, ...total })));
    const pulls = parts.map(([c, p]) => t(pull({ partCurrent: c, partPrevious: p, totalPrevious: '1000' })));
    expect(rates).toEqual(['87.5', '6.3', '6.3']); // 6.25 → 6.3
    expect(pulls).toEqual(['7.0', '0.5', '0.5']);
    expect(t(share('870', '1080'))).toBe('80.6');
    // Unrounded, pulls sum to the total's growth and contributions to 100.
    const exact = parts.map(([c, p]) => pull({ partCurrent: c, partPrevious: p, totalPrevious: '1000' }, 6)!);
    expect(decToText(exact.reduce(add))).toBe(decToText(growthRate('1080', '1000', 6)!));
    const exactRates = parts.map(
      ([c, p]) => contributionRate({ partCurrent: c, partPrevious: p, ...total }, 6)!,
    );
    expect(decToText(exactRates.reduce(add))).toBe('100');
    // A falling part has a negative contribution; a flat total has none.
    expect(t(contributionRate({ partCurrent: '40', partPrevious: '50', ...total }))).toBe('-12.5');
    expect(
      contributionRate({ partCurrent: '1', partPrevious: '2', totalCurrent: '9', totalPrevious: '9' }),
    ).toBeNull();
    expect(share('1', '0')).toBeNull();
    expect(pull({ partCurrent: '1', partPrevious: null, totalPrevious: '9' })).toBeNull();
  });
});
