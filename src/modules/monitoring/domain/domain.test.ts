import { describe, expect, it } from 'vitest';
import { periods } from '../../surveys/index.ts';
import { formatEmail, formatSms, type OutgoingMessage } from '../channels.ts';
import { reminderText } from './messages.ts';
import { byChild, figures, type Tally } from './rates.ts';
import { CATCH_UP_MS, candidatePeriods, currentPeriodAt, dueSteps, stepAt, stepName } from './schedule.ts';

const DAY = 86_400_000;
const month = (year: number, index: number): periods.Period => ({ frequency: 'monthly', year, index });

describe('figures', () => {
  const tallies: Tally[] = [
    { townshipCode: '330203001', status: 'approved', late: false, n: 3 },
    { townshipCode: '330203001', status: 'submitted', late: true, n: 2 },
    { townshipCode: '330203002', status: 'draft', late: false, n: 4 },
    { townshipCode: '330206001', status: 'returned', late: false, n: 1 },
    { townshipCode: '330206001', status: 'not_started', late: false, n: 10 },
  ];

  it('adds up expected, reported, approved, on time and late, with rates to four places', () => {
    expect(figures(tallies, true)).toEqual({
      expected: 20,
      reported: 5,
      approved: 3,
      onTime: 3,
      late: 2,
      notReported: 15,
      overdue: 15,
      notStarted: 10,
      draft: 4,
      returned: 1,
      reportingRate: 0.25,
      timelyRate: 0.15,
      approvalRate: 0.15,
    });
    expect(figures(tallies, false).overdue).toBe(0);
    expect(figures([], true).reportingRate).toBeNull();
  });

  it('groups townships under counties for a city, and under themselves for a county', () => {
    const city = byChild({ code: '330200', level: 'city' }, tallies);
    expect([...city.keys()].sort()).toEqual(['330203', '330206']);
    expect(figures(city.get('330203')!, false).expected).toBe(9);
    const county = byChild({ code: '330203', level: 'county' }, tallies);
    expect([...county.keys()].sort()).toEqual(['330203001', '330203002']);
    expect(byChild({ code: '330203001', level: 'township' }, tallies).size).toBe(0);
  });
});

describe('reminder schedule', () => {
  // 2026-10 is due 2026-11-05 20:00 Beijing time (12:00 UTC) under "5 days after".
  const deadline = periods.deadlineOf(month(2026, 10), { daysAfterPeriodEnd: 5, time: '20:00' });
  const list = [{ period: month(2026, 10), deadline }];

  it('names steps by their offset', () => {
    expect([-3, 0, 1].map(stepName)).toEqual(['D-3', 'D+0', 'D+1']);
  });

  it('is due at 09:00 Beijing time on its day, until the catch-up window ends', () => {
    expect(deadline.toISOString()).toBe('2026-11-05T12:00:00.000Z');
    expect(stepAt(deadline, -3).toISOString()).toBe('2026-11-02T01:00:00.000Z');
    expect(stepAt(deadline, 0).toISOString()).toBe('2026-11-05T01:00:00.000Z');
    const at = (iso: string) => dueSteps(list, [-3, 0, 1], new Date(iso)).map((s) => s.step);
    expect(at('2026-11-02T00:59:59Z')).toEqual([]);
    expect(at('2026-11-02T01:00:00Z')).toEqual(['D-3']);
    expect(at('2026-11-04T01:00:00Z')).toEqual(['D-3']);
    expect(at('2026-11-04T01:00:01Z')).toEqual([]);
    // The morning of the deadline: still before it, so the text asks for the report by 20:00.
    expect(at('2026-11-05T01:00:00Z')).toEqual(['D+0']);
    expect(at('2026-11-06T02:00:00Z')).toEqual(['D+0', 'D+1']);
    expect(CATCH_UP_MS).toBe(2 * DAY);
  });

  it('words the reminder by whether the deadline has passed', () => {
    const form = { code: 'M101', name: { zh: '月报', en: 'Monthly' } };
    expect(reminderText(form, '2026-10', deadline, stepAt(deadline, 0)).text.zh).toContain(
      '请于 2026-11-05 20:00',
    );
    expect(reminderText(form, '2026-10', deadline, stepAt(deadline, 1)).text.en).toContain(
      'was due at 2026-11-05 20:00',
    );
  });

  it('never reminds before the period is over', () => {
    const early = dueSteps(list, [-10], new Date(deadline.getTime() - 10 * DAY));
    expect(early).toEqual([]); // 2026-10-26: October is not over yet
  });

  it('looks back over enough periods, from the period containing the instant in Beijing time', () => {
    // 2026-10-31 17:00 UTC is already November 1st in Beijing.
    expect(currentPeriodAt('monthly', new Date('2026-10-31T17:00:00Z'))).toEqual(month(2026, 11));
    expect(candidatePeriods('monthly', month(2026, 11)).at(-1)).toEqual(month(2025, 9));
    expect(candidatePeriods('annual', { frequency: 'annual', year: 2026, index: 1 })).toHaveLength(4);
  });
});

describe('channel formats', () => {
  const m: OutgoingMessage = {
    notificationId: 'n1',
    unitId: 'u1',
    accountId: null,
    subject: { zh: '催报：M101', en: 'Reminder: M101' },
    text: { zh: '请于 2026-11-05 20:00（北京时间）前报送。'.repeat(3), en: 'Please submit by 2026-11-05.' },
  };

  it('email carries both languages', () => {
    const e = formatEmail(m);
    expect(e.subject).toBe('催报：M101 / Reminder: M101');
    expect(e.text).toContain('Please submit');
    expect(e.to).toEqual({ unitId: 'u1', accountId: null });
  });

  it('SMS fits one 70-character segment with the signature', () => {
    const s = formatSms(m);
    expect(s.text.length).toBeLessThanOrEqual(70);
    expect(s.text.startsWith('【宁波统计】')).toBe(true);
  });
});
