import { describe, expect, it } from 'vitest';
import {
  comparePeriods,
  deadlineOf,
  formatPeriod,
  isFirstOfYear,
  nextPeriod,
  parsePeriod,
  parsePeriodOf,
  periodEnd,
  periodRange,
  periodStart,
  previousPeriod,
  samePeriodLastYear,
} from './periods.ts';

const p = (text: string) => {
  const v = parsePeriod(text);
  if (!v) throw new Error(`bad period ${text}`);
  return v;
};

describe('periods', () => {
  it('parses and formats the three formats', () => {
    expect(parsePeriod('2026-10')).toEqual({ frequency: 'monthly', year: 2026, index: 10 });
    expect(parsePeriod('2026Q3')).toEqual({ frequency: 'quarterly', year: 2026, index: 3 });
    expect(parsePeriod('2026')).toEqual({ frequency: 'annual', year: 2026, index: 1 });
    for (const t of ['2026-10', '2026Q3', '2026', '2024-01', '1999Q4']) expect(formatPeriod(p(t))).toBe(t);
  });

  it('rejects malformed periods', () => {
    for (const t of [
      '2026-13',
      '2026-00',
      '2026-1',
      '2026Q0',
      '2026Q5',
      '26',
      '2026q3',
      '2026-10-01',
      '',
      '0999',
    ])
      expect(parsePeriod(t), t).toBeNull();
    expect(parsePeriodOf('2026Q3', 'monthly')).toBeNull();
    expect(parsePeriodOf('2026-03', 'monthly')).not.toBeNull();
  });

  it('steps back and forward across year ends', () => {
    expect(formatPeriod(previousPeriod(p('2026-01')))).toBe('2025-12');
    expect(formatPeriod(previousPeriod(p('2026Q1')))).toBe('2025Q4');
    expect(formatPeriod(previousPeriod(p('2026')))).toBe('2025');
    expect(formatPeriod(nextPeriod(p('2025-12')))).toBe('2026-01');
    expect(formatPeriod(nextPeriod(p('2025Q4')))).toBe('2026Q1');
    expect(formatPeriod(samePeriodLastYear(p('2026-03')))).toBe('2025-03');
    expect(formatPeriod(samePeriodLastYear(p('2026Q2')))).toBe('2025Q2');
  });

  it('previous then next is the identity for every month of several years', () => {
    for (const q of periodRange(p('2020-01'), p('2030-12'))) {
      expect(nextPeriod(previousPeriod(q))).toEqual(q);
      expect(comparePeriods(previousPeriod(q), q)).toBe(-1);
    }
  });

  it('knows the first period of a year', () => {
    expect(isFirstOfYear(p('2026-01'))).toBe(true);
    expect(isFirstOfYear(p('2026-02'))).toBe(false);
    expect(isFirstOfYear(p('2026Q1'))).toBe(true);
    expect(isFirstOfYear(p('2026'))).toBe(true);
  });

  it('gives start and end dates, leap years included', () => {
    expect([periodStart(p('2024-02')), periodEnd(p('2024-02'))]).toEqual(['2024-02-01', '2024-02-29']);
    expect(periodEnd(p('2026-02'))).toBe('2026-02-28');
    expect([periodStart(p('2026Q3')), periodEnd(p('2026Q3'))]).toEqual(['2026-07-01', '2026-09-30']);
    expect([periodStart(p('2026')), periodEnd(p('2026'))]).toEqual(['2026-01-01', '2026-12-31']);
  });

  it('lists ranges inclusively', () => {
    expect(periodRange(p('2025Q3'), p('2026Q2')).map(formatPeriod)).toEqual([
      '2025Q3',
      '2025Q4',
      '2026Q1',
      '2026Q2',
    ]);
    expect(periodRange(p('2026'), p('2025'))).toEqual([]);
  });
});

describe('deadlines in Beijing time', () => {
  it('N days after the period ends, at a time of day', () => {
    // 2026-11-05 20:00 in Beijing is 12:00 UTC.
    expect(deadlineOf(p('2026-10'), { daysAfterPeriodEnd: 5, time: '20:00' }).toISOString()).toBe(
      '2026-11-05T12:00:00.000Z',
    );
    // Crossing a year end.
    expect(deadlineOf(p('2026-12'), { daysAfterPeriodEnd: 5, time: '20:00' }).toISOString()).toBe(
      '2027-01-05T12:00:00.000Z',
    );
    // Early morning in Beijing is still the previous day in UTC.
    expect(deadlineOf(p('2026Q1'), { daysAfterPeriodEnd: 10, time: '06:30' }).toISOString()).toBe(
      '2026-04-09T22:30:00.000Z',
    );
  });

  it('day N of a month after the period ends, clamped to the month end', () => {
    expect(deadlineOf(p('2026Q3'), { monthsAfterPeriodEnd: 1, day: 15, time: '18:00' }).toISOString()).toBe(
      '2026-10-15T10:00:00.000Z',
    );
    expect(deadlineOf(p('2026-01'), { monthsAfterPeriodEnd: 1, day: 31, time: '18:00' }).toISOString()).toBe(
      '2026-02-28T10:00:00.000Z',
    );
    expect(deadlineOf(p('2026'), { monthsAfterPeriodEnd: 3, day: 31, time: '18:00' }).toISOString()).toBe(
      '2027-03-31T10:00:00.000Z',
    );
    expect(deadlineOf(p('2026-11'), { monthsAfterPeriodEnd: 2, day: 1, time: '00:00' }).toISOString()).toBe(
      '2026-12-31T16:00:00.000Z',
    );
  });

  it('a deadline always falls after the period ends', () => {
    for (const q of periodRange(p('2024-01'), p('2027-12'))) {
      const d = deadlineOf(q, { daysAfterPeriodEnd: 0, time: '00:00' });
      expect(d.getTime()).toBeGreaterThan(new Date(`${periodEnd(q)}T00:00:00+08:00`).getTime() - 1);
    }
  });
});
