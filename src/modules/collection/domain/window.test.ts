import { describe, expect, it } from 'vitest';
import { diffValues } from './diff.ts';
import { beijingText, windowOf, windowState } from './window.ts';

const oct = { frequency: 'monthly' as const, year: 2026, index: 10 };
const rule = { daysAfterPeriodEnd: 5, time: '20:00' };

describe('reporting window', () => {
  it('opens at Beijing midnight after the period, deadline from the rule, closes after the grace', () => {
    const w = windowOf(oct, rule, 10);
    expect(w.opensAt.toISOString()).toBe('2026-10-31T16:00:00.000Z');
    expect(w.deadline.toISOString()).toBe('2026-11-05T12:00:00.000Z');
    expect(w.closesAt.toISOString()).toBe('2026-11-15T12:00:00.000Z');
    expect(beijingText(w.deadline)).toBe('2026-11-05 20:00');
  });

  it('is not open, open on time, open late, closed', () => {
    const w = windowOf(oct, rule, 10);
    expect(windowState(w, new Date('2026-10-31T15:59:59Z'), false)).toEqual({ state: 'not_open' });
    expect(windowState(w, new Date('2026-11-01T00:00:00Z'), false)).toEqual({ state: 'open', late: false });
    expect(windowState(w, new Date('2026-11-06T00:00:00Z'), false)).toEqual({ state: 'open', late: true });
    expect(windowState(w, new Date('2026-11-16T00:00:00Z'), false)).toEqual({
      state: 'closed',
      why: 'grace_ended',
    });
    expect(windowState(w, new Date('2026-11-02T00:00:00Z'), true)).toEqual({
      state: 'closed',
      why: 'closed_by_office',
    });
  });
});

describe('diffValues', () => {
  it('lists changed, added and cleared cells in form order', () => {
    expect(
      diffValues({ 'A.x': '1', 'B.x': '2', 'C.x': null }, { 'A.x': '1', 'B.x': '3', 'C.x': '4' }, [
        'C.x',
        'B.x',
        'A.x',
      ]),
    ).toEqual([
      { cell: 'C.x', before: null, after: '4' },
      { cell: 'B.x', before: '2', after: '3' },
    ]);
  });
});
