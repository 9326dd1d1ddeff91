import { describe, expect, it } from 'vitest';
import { decToText, parseDec } from '../../../platform/decimal.ts';
import { breach, lightOutcomes, planAlerts, thresholdOutcomes } from './alerts.ts';
import { transformSeries } from './transform.ts';

const d = (t: string) => parseDec(t)!;
const label = { zh: '宁波市 规上工业增加值', en: 'Ningbo, industrial value added' };

describe('threshold conditions', () => {
  it('fires strictly above or below its lines', () => {
    const c = { above: d('10'), below: d('0') };
    expect(breach(d('10'), c)).toBeNull();
    expect(breach(d('10.1'), c)).toBe('above');
    expect(breach(d('0'), c)).toBeNull();
    expect(breach(d('-0.1'), c)).toBe('below');
    expect(breach(d('-5'), { above: d('10'), below: null })).toBeNull();
  });

  it('explains each firing period in both languages', () => {
    const out = thresholdOutcomes(
      new Map([
        ['2026-09', d('8')],
        ['2026-10', d('12.3')],
        ['2026-11', null],
      ]),
      { above: d('10'), below: null },
      { label, transform: 'yoy', unit: { zh: '亿元', en: '100 million yuan' } },
    );
    expect(out.map((o) => o.state)).toEqual(['clear', 'firing', 'unknown']);
    const fired = out[1] as Extract<(typeof out)[number], { state: 'firing' }>;
    expect(fired.reason.zh).toBe('宁波市 规上工业增加值 2026-10 同比增长为 12.3%，高于预警线 10%');
    expect(fired.reason.en).toBe(
      'Ningbo, industrial value added: year-on-year growth 12.3% in 2026-10, above the alert line 10%',
    );
    const level = thresholdOutcomes(
      new Map([['2026-10', d('95')]]),
      { above: null, below: d('100') },
      { label, transform: 'level', unit: { zh: '亿元', en: '100 million yuan' } },
    );
    expect((level[0] as any).reason.zh).toBe(
      '宁波市 规上工业增加值 2026-10 水平值为 95 亿元，低于预警线 100 亿元',
    );
  });
});

describe('transforms', () => {
  const points = [
    { period: '2025-09', value: '100' },
    { period: '2025-10', value: '200' },
    { period: '2026-08', value: '110' },
    { period: '2026-09', value: '115.5' },
    { period: '2026-10', value: '0' },
    { period: '2026-11', value: null },
  ];

  it('computes 同比 and 环比 exactly, rounded to 0.1', () => {
    const yoy = transformSeries(points, 'yoy');
    expect(decToText(yoy.get('2026-09')!)).toBe('15.5');
    expect(decToText(yoy.get('2026-10')!)).toBe('-100');
    expect(yoy.get('2026-08')).toBeNull(); // no 2025-08
    expect(yoy.get('2026-11')).toBeNull();
    const mom = transformSeries(points, 'mom');
    expect(decToText(mom.get('2026-09')!)).toBe('5');
    expect(mom.get('2025-10')).not.toBeNull();
    expect(decToText(mom.get('2025-10')!)).toBe('100');
    expect(mom.get('2026-11')).toBeNull(); // base 0 and no value
    expect(decToText(transformSeries(points, 'level').get('2026-09')!)).toBe('115.5');
  });

  it('seasonally adjusts only the gapless run ending at the last value', () => {
    const monthly = Array.from({ length: 50 }, (_, i) => ({
      period: `${2023 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`,
      value: i === 5 ? null : String(100 + i),
    }));
    let seen: number[] = [];
    const adjusted = transformSeries(monthly, 'level', {
      adjust: (values, perYear) => {
        seen = values;
        expect(perYear).toBe(12);
        return values.map((v) => v - 1);
      },
    });
    // The run after the gap at index 5: indices 6…49 (44 values).
    expect(seen).toHaveLength(44);
    expect(adjusted.get('2023-03')).toBeNull();
    expect(decToText(adjusted.get('2023-07')!)).toBe('105');
    expect(decToText(adjusted.get('2027-02')!)).toBe('148');
    // Fewer than three years after the gap: nothing is adjusted (as the statistical database).
    const short = transformSeries(monthly.slice(0, 40), 'level', { adjust: (v) => v });
    expect([...short.values()].every((v) => v === null)).toBe(true);
  });
});

describe('light outcomes', () => {
  const lights = [
    { period: '2026-07', light: 'normal' as const },
    { period: '2026-08', light: 'warm' as const },
    { period: '2026-09', light: 'warm' as const },
    { period: '2026-10', light: null },
    { period: '2026-11', light: 'normal' as const },
  ];
  it('fires when the light changes from the previous period', () => {
    const out = lightOutcomes(lights, 'changes', { zh: '综合指数', en: 'Composite index' });
    expect(out.map((o) => o.state)).toEqual(['unknown', 'firing', 'clear', 'unknown', 'unknown']);
    expect((out[1] as any).reason).toEqual({
      zh: '综合指数 2026-08 由正常（绿灯）转为偏热（黄灯）',
      en: 'Composite index: from normal (green) to warm (yellow) in 2026-08',
    });
  });
  it('fires while the light is not green', () => {
    const out = lightOutcomes(lights, 'outside_normal', { zh: '综合指数', en: 'Composite index' });
    expect(out.map((o) => o.state)).toEqual(['clear', 'firing', 'firing', 'unknown', 'clear']);
  });
});

describe('alert plans', () => {
  const firing = (period: string) => ({
    period,
    state: 'firing' as const,
    value: '1',
    reason: { zh: '', en: '' },
  });
  it('fires only periods without an alert, so evaluating twice fires once', () => {
    const outcomes = [firing('2026-09'), firing('2026-10')];
    const first = planAlerts(outcomes, []);
    expect(first.fire.map((f) => f.period)).toEqual(['2026-09', '2026-10']);
    const again = planAlerts(
      outcomes,
      first.fire.map((f) => ({ period: f.period, state: 'firing' as const })),
    );
    expect(again.fire).toEqual([]);
    expect(again.recover).toEqual([]);
  });

  it('recovers firing alerts at the first later clear period, not at a gap', () => {
    const plan = planAlerts(
      [
        firing('2026-08'),
        { period: '2026-09', state: 'unknown' },
        { period: '2026-10', state: 'clear' },
        { period: '2026-11', state: 'clear' },
      ],
      [
        { period: '2026-08', state: 'firing' },
        { period: '2026-07', state: 'recovered' },
      ],
    );
    expect(plan.fire).toEqual([]);
    expect(plan.recover).toEqual([{ period: '2026-08', clearedIn: '2026-10' }]);
  });

  it('recovers an alert whose own period was revised clear; events never recover', () => {
    const outcomes = [{ period: '2026-10', state: 'clear' as const }];
    expect(planAlerts(outcomes, [{ period: '2026-10', state: 'firing' }]).recover).toEqual([
      { period: '2026-10', clearedIn: '2026-10' },
    ]);
    expect(planAlerts(outcomes, [{ period: '2026-10', state: 'firing' }], false).recover).toEqual([]);
  });
});
