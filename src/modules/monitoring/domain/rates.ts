/**
 * Reporting rate and timeliness (报送率, 及时率): pure tallying of status counts into the figures
 * a statistician reads, and rolling township counts up to counties and the city.
 */

export type ReportStatus = 'not_started' | 'draft' | 'submitted' | 'returned' | 'approved';

export interface Tally {
  townshipCode: string;
  status: ReportStatus;
  late: boolean;
  n: number;
}

export interface Figures {
  /** 应报: expected reporters. */
  expected: number;
  /** 已报: handed in (submitted or approved). */
  reported: number;
  /** 审核通过: approved (a part of reported). */
  approved: number;
  /** Handed in by the deadline. */
  onTime: number;
  /** Handed in after the deadline. */
  late: number;
  /** 未报: not handed in (not started, draft or returned). */
  notReported: number;
  /** Not handed in and past the deadline. */
  overdue: number;
  notStarted: number;
  draft: number;
  returned: number;
  /** reported / expected, 0–1 (null when nothing is expected). */
  reportingRate: number | null;
  /** onTime / expected, 0–1. */
  timelyRate: number | null;
  /** approved / expected, 0–1. */
  approvalRate: number | null;
}

const rate = (n: number, d: number) => (d ? Math.round((n / d) * 10000) / 10000 : null);

/** The figures of a set of tallies (any mix of townships). */
export function figures(tallies: Tally[], pastDeadline: boolean): Figures {
  const f = {
    expected: 0,
    reported: 0,
    approved: 0,
    onTime: 0,
    late: 0,
    notStarted: 0,
    draft: 0,
    returned: 0,
  };
  for (const t of tallies) {
    f.expected += t.n;
    if (t.status === 'submitted' || t.status === 'approved') {
      f.reported += t.n;
      if (t.late) f.late += t.n;
      else f.onTime += t.n;
      if (t.status === 'approved') f.approved += t.n;
    } else if (t.status === 'not_started') f.notStarted += t.n;
    else if (t.status === 'draft') f.draft += t.n;
    else f.returned += t.n;
  }
  const notReported = f.expected - f.reported;
  return {
    ...f,
    notReported,
    overdue: pastDeadline ? notReported : 0,
    reportingRate: rate(f.reported, f.expected),
    timelyRate: rate(f.onTime, f.expected),
    approvalRate: rate(f.approved, f.expected),
  };
}

/**
 * Division codes: city `330200` (covers codes starting `3302`), county `330203`, township
 * `330203001`. The child of a division that contains a township.
 */
export function childOf(division: { code: string; level: 'city' | 'county' | 'township' }, township: string) {
  if (division.level === 'city') return township.slice(0, 6);
  if (division.level === 'county') return township;
  return null;
}

/** Whether a township lies in a division. */
export function townshipIn(division: { code: string; level: string }, township: string): boolean {
  if (division.level === 'city') return township.startsWith(division.code.slice(0, 4));
  return township.startsWith(division.code);
}

/** Tallies grouped by the division's children (counties of a city, townships of a county). */
export function byChild(
  division: { code: string; level: 'city' | 'county' | 'township' },
  tallies: Tally[],
): Map<string, Tally[]> {
  const out = new Map<string, Tally[]>();
  for (const t of tallies) {
    if (!townshipIn(division, t.townshipCode)) continue;
    const child = childOf(division, t.townshipCode);
    if (!child) continue;
    const list = out.get(child);
    if (list) list.push(t);
    else out.set(child, [t]);
  }
  return out;
}
