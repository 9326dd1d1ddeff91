/**
 * Reminder schedules (催报计划): steps relative to a period's deadline, in days (-3 = three days
 * before, 0 = on the day, 1 = the day after). Pure: which steps are due at an instant.
 */
import { periods } from '../../surveys/index.ts';

export const DEFAULT_OFFSETS = [-3, 0, 1];
const DAY = 86_400_000;
/**
 * A step is sent when its moment has come and not more than this long ago: a scheduler that was
 * down catches up on recent steps but never floods units with reminders for long-past periods.
 */
export const CATCH_UP_MS = 2 * DAY;

/** The name of a step, the last part of its idempotency key (`D-3`, `D+0`, `D+1`). */
export const stepName = (offset: number) => `D${offset < 0 ? '-' : '+'}${Math.abs(offset)}`;

const HOUR = 3_600_000;
/** Reminders go out at 09:00 Beijing time, when offices open — not at the deadline's own hour. */
export const SEND_HOUR = 9;

/**
 * The moment a step is due: 09:00 Beijing time on the deadline's day moved by `offset` days — so
 * "on the day" (0) arrives the morning of the deadline, while there is still time to report.
 */
export function stepAt(deadline: Date, offset: number): Date {
  const bj = deadline.getTime() + 8 * HOUR;
  const day = bj - (bj % DAY); // midnight of the deadline's Beijing date, as if UTC
  return new Date(day + offset * DAY + SEND_HOUR * HOUR - 8 * HOUR);
}

export interface DueStep {
  period: string;
  deadline: Date;
  offset: number;
  step: string;
}

/** Periods that may have a step due now: the current one and enough before it for any deadline rule. */
export function candidatePeriods(frequency: periods.Frequency, current: periods.Period): periods.Period[] {
  const back = frequency === 'monthly' ? 14 : frequency === 'quarterly' ? 6 : 3;
  return Array.from({ length: back + 1 }, (_, k) => periods.shiftPeriod(current, -k));
}

/**
 * Steps due at `now`: those whose moment has come within the catch-up window, for periods that
 * are over (reporting has opened). `deadlines` pairs each candidate period with its deadline.
 */
export function dueSteps(
  deadlines: { period: periods.Period; deadline: Date }[],
  offsets: number[],
  now: Date,
): DueStep[] {
  const out: DueStep[] = [];
  const t = now.getTime();
  for (const { period: p, deadline } of deadlines) {
    // Nothing to remind of before the period is over and reporting opens (midnight Beijing time).
    const [y, m, d] = periods.periodEnd(p).split('-').map(Number);
    const opensAt = Date.UTC(y, m - 1, d) + DAY - 8 * HOUR;
    if (t < opensAt) continue;
    for (const offset of offsets) {
      const at = stepAt(deadline, offset).getTime();
      if (at <= t && t - at <= CATCH_UP_MS) {
        out.push({ period: periods.formatPeriod(p), deadline, offset, step: stepName(offset) });
      }
    }
  }
  return out;
}

/** The period containing an instant, in Beijing time. */
export function currentPeriodAt(frequency: periods.Frequency, now: Date): periods.Period {
  const bj = new Date(now.getTime() + 8 * 3_600_000);
  const [y, m] = [bj.getUTCFullYear(), bj.getUTCMonth() + 1];
  if (frequency === 'monthly') return { frequency, year: y, index: m };
  if (frequency === 'quarterly') return { frequency, year: y, index: Math.ceil(m / 3) };
  return { frequency, year: y, index: 1 };
}
