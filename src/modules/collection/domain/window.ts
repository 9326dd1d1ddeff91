/**
 * The reporting window (报送时间窗) of a period: it opens when the period ends (midnight Beijing
 * time after its last day), reports are on time until the form's deadline, late until the grace
 * after it ends, and closed after that — or earlier, when an office closes the period by hand.
 */
import { periods } from '../../surveys/index.ts';

type Period = periods.Period;
type DeadlineRule = periods.DeadlineRule;

export interface ReportingWindow {
  opensAt: Date;
  deadline: Date;
  closesAt: Date;
}

const DAY = 86_400_000;
const SHANGHAI_OFFSET = 8 * 3_600_000;

/** Opening, deadline and closing instants of a period. */
export function windowOf(p: Period, rule: DeadlineRule, graceDays: number): ReportingWindow {
  const [y, m, d] = periods.periodEnd(p).split('-').map(Number);
  const opensAt = new Date(Date.UTC(y, m - 1, d) + DAY - SHANGHAI_OFFSET);
  const deadline = periods.deadlineOf(p, rule);
  return { opensAt, deadline, closesAt: new Date(deadline.getTime() + graceDays * DAY) };
}

export type WindowState =
  | { state: 'not_open' }
  | { state: 'open'; late: boolean }
  | { state: 'closed'; why: 'grace_ended' | 'closed_by_office' };

/** Where `now` falls in the window. */
export function windowState(w: ReportingWindow, now: Date, closedByOffice: boolean): WindowState {
  if (now < w.opensAt) return { state: 'not_open' };
  if (closedByOffice) return { state: 'closed', why: 'closed_by_office' };
  if (now > w.closesAt) return { state: 'closed', why: 'grace_ended' };
  return { state: 'open', late: now > w.deadline };
}

/** The period containing an instant, in Beijing time. */
export function currentPeriod(frequency: periods.Frequency, now: Date): Period {
  const bj = new Date(now.getTime() + SHANGHAI_OFFSET);
  const [y, m] = [bj.getUTCFullYear(), bj.getUTCMonth() + 1];
  if (frequency === 'monthly') return { frequency, year: y, index: m };
  if (frequency === 'quarterly') return { frequency, year: y, index: Math.ceil(m / 3) };
  return { frequency, year: y, index: 1 };
}

/** An instant as Beijing wall-clock text, `2026-11-05 20:00`, for messages people read. */
export function beijingText(d: Date): string {
  return new Date(d.getTime() + SHANGHAI_OFFSET).toISOString().slice(0, 16).replace('T', ' ');
}
