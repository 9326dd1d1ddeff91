/** The state of a rule failure in the violations list (§5): pure, no I/O. */

export const VIOLATION_STATES = ['open', 'explained', 'accepted', 'corrected'] as const;
export type ViolationState = (typeof VIOLATION_STATES)[number];

export interface Verdict {
  verdict: 'accepted' | 'rejected';
  /** The explanation text the verdict was given on. */
  explanation: string;
}

/**
 * open: failing and unexplained, or its explanation was rejected and not rewritten;
 * explained: failing with an explanation not (yet) judged; accepted: its explanation accepted;
 * corrected: failed once (as review saw it) and passes now.
 */
export function violationState(
  failing: boolean,
  explanation: string | null,
  verdict: Verdict | undefined,
): ViolationState {
  if (!failing) return 'corrected';
  if (!explanation) return 'open';
  const current = verdict && verdict.explanation === explanation ? verdict.verdict : null;
  if (current === 'accepted') return 'accepted';
  if (current === 'rejected') return 'open';
  return 'explained';
}

/** Whether a unit's township lies in a division of any level (city 330200, county 330203, township 330203001). */
export function inDivision(townshipCode: string, divisionCode: string): boolean {
  const prefix = /^\d{4}00$/.test(divisionCode) ? divisionCode.slice(0, 4) : divisionCode;
  return townshipCode.startsWith(prefix);
}
