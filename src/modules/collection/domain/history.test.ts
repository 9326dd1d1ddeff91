import { describe, expect, it } from 'vitest';
import { periods } from '../../surveys/index.ts';
import {
  annualFinances,
  DEMO_GRACE_DAYS,
  historyPlan,
  industrialMonth,
  servicesQuarter,
  submittedAt,
} from './history.ts';
import { currentPeriod, windowOf } from './window.ts';

const B204_DEADLINE = { daysAfterPeriodEnd: 5, time: '20:00' } as const;
const F203_DEADLINE = { monthsAfterPeriodEnd: 1, day: 15, time: '18:00' } as const;
const units = Array.from({ length: 400 }, (_, i) => ({
  id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  industryCode: ['3411', '3822', '2922', '1811', '3670'][i % 5],
  sizeClass: ['medium', 'small', 'large', 'medium'][i % 4],
}));
const month = (year: number, index: number): periods.Period => ({ frequency: 'monthly', year, index });
const n = (v: string | undefined) => Number(v);

describe('demo history generator', () => {
  it('is deterministic: the same seed, unit and period give the same values; another seed others', () => {
    const u = units[3];
    expect(industrialMonth(u, month(2025, 7))).toEqual(industrialMonth(u, month(2025, 7)));
    expect(servicesQuarter(u, { frequency: 'quarterly', year: 2025, index: 2 })).toEqual(
      servicesQuarter(u, { frequency: 'quarterly', year: 2025, index: 2 }),
    );
    expect(industrialMonth(u, month(2025, 7), 1).entered).not.toEqual(
      industrialMonth(u, month(2025, 7), 2).entered,
    );
  });

  it('keeps each form consistent with its own fatal rules', () => {
    for (const u of units) {
      for (let m = 1; m <= 12; m++) {
        const e = industrialMonth(u, month(2025, m)).entered;
        expect(n(e['A03.current'])).toBeLessThanOrEqual(n(e['A02.current']));
        expect(n(e['A02.current'])).toBeLessThanOrEqual(n(e['A01.current']) * 1.5);
        if (e['P1_CODE.current']) expect(n(e['P1_QTY.current'])).toBeGreaterThanOrEqual(0);
      }
      const q = servicesQuarter(u, { frequency: 'quarterly', year: 2025, index: 3 }).entered;
      expect(n(q['B02.current'])).toBeLessThanOrEqual(n(q['B01.current']));
      expect(n(q['B13.current'])).toBeGreaterThan(0);
      const y = annualFinances(u, { frequency: 'annual', year: 2025, index: 1 }).entered;
      expect(n(y['C02.current'])).toBeLessThanOrEqual(n(y['C01.current']));
      expect(n(y['C07.current'])).toBeLessThanOrEqual(n(y['C06.current']) * 3);
    }
  });

  it('has seasonality: December above average, February (Spring Festival) below', () => {
    const mean = (m: number) =>
      units.reduce((s, u) => s + n(industrialMonth(u, month(2025, m)).entered['A01.current']), 0) /
      units.length;
    expect(mean(12)).toBeGreaterThan(mean(10) * 1.1);
    expect(mean(2)).toBeLessThan(mean(3) * 0.85);
  });

  it('has a few odd values, each with the reason the unit gives', () => {
    let odd = 0;
    for (const u of units) {
      for (let m = 1; m <= 36; m++) {
        const g = industrialMonth(u, month(2023 + Math.floor((m - 1) / 12), ((m - 1) % 12) + 1));
        if (g.note) odd++;
      }
    }
    const share = odd / (units.length * 36);
    expect(share).toBeGreaterThan(0.002);
    expect(share).toBeLessThan(0.05);
  });

  it('ties a unit’s annual revenue to its monthly sales', () => {
    const u = units[5];
    const sales = Array.from({ length: 12 }, (_, i) =>
      n(industrialMonth(u, month(2024, i + 1)).entered['A02.current']),
    );
    const revenue = n(
      annualFinances(u, { frequency: 'annual', year: 2024, index: 1 }).entered['C06.current'],
    );
    const total = sales.reduce((a, b) => a + b, 0);
    expect(revenue / total).toBeCloseTo(1.03, 2);
  });
});

describe('demo history periods', () => {
  it('always leaves a monthly period open with the demo grace, whatever the date', () => {
    const start = Date.UTC(2025, 0, 1);
    for (let h = 0; h < 24 * 800; h += 5) {
      const now = new Date(start + h * 3_600_000);
      const plan = historyPlan('monthly', now, B204_DEADLINE, DEMO_GRACE_DAYS, currentPeriod);
      expect(plan.open, now.toISOString()).not.toBeNull();
      expect(plan.history).toHaveLength(36);
      expect(periods.ordinal(plan.history[35]) + 1).toBe(periods.ordinal(plan.open!));
    }
  });

  it('ends history with the latest closed period when the period on the task list has closed', () => {
    const now = new Date('2026-11-25T04:00:00Z');
    const plan = historyPlan('quarterly', now, F203_DEADLINE, DEMO_GRACE_DAYS, currentPeriod);
    expect(plan.open).toBeNull();
    expect(plan.history.map(periods.formatPeriod).slice(-2)).toEqual(['2026Q2', '2026Q3']);
    expect(plan.history).toHaveLength(12);
    const annual = historyPlan(
      'annual',
      now,
      { monthsAfterPeriodEnd: 3, day: 31, time: '18:00' },
      30,
      currentPeriod,
    );
    expect(annual.history.map(periods.formatPeriod)).toEqual(['2023', '2024', '2025']);
  });

  it('hands reports in within the window, late ones after the deadline', () => {
    const w = windowOf(month(2025, 3), B204_DEADLINE, 10);
    for (let t = 0; t < 200; t++) {
      const on = submittedAt(w, 12345, t, false);
      expect(on >= w.opensAt && on <= w.deadline).toBe(true);
      const late = submittedAt(w, 12345, t, true);
      expect(late > w.deadline && late <= w.closesAt).toBe(true);
    }
  });
});
