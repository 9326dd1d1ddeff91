/**
 * Pure helpers of the review pages: which period to start on, which levels a reviewer may
 * return to, what a submission's review state reads as, and the filters kept in the page URL.
 * No I/O, so they are unit-tested.
 */
import type { MessageKey } from '../../i18n/i18n.tsx';
import type { Tone } from '../../ui/ui.tsx';

export const LEVELS = ['township', 'county', 'city'] as const;
export type ReviewLevel = (typeof LEVELS)[number];
type Role = 'township_statistician' | 'county_statistician' | 'city_statistician' | string;

/** The level a statistician reviews at; null for other roles. */
export function levelOfRole(role: Role): ReviewLevel | null {
  if (role === 'township_statistician') return 'township';
  if (role === 'county_statistician') return 'county';
  if (role === 'city_statistician') return 'city';
  return null;
}

export const levelLabel = (l: string): MessageKey => `review.level.${l}` as MessageKey;

/**
 * The period a reviewer most likely wants: the latest one that has ended (so reporting is open
 * or over) and has a form version in force; else the latest with a version.
 */
export function defaultPeriod(
  items: readonly { period: string; end: string; versionId: string | null }[],
  today: string,
): string | undefined {
  const withVersion = items.filter((p) => p.versionId);
  const ended = withVersion.filter((p) => p.end < today);
  return (ended.at(-1) ?? withVersion.at(-1))?.period;
}

/** Levels below the current one that a return may name (configured levels only). */
export function lowerLevels(levels: readonly string[], current: string): ReviewLevel[] {
  const rank = (l: string) => LEVELS.indexOf(l as ReviewLevel);
  return levels.filter((l): l is ReviewLevel => rank(l) >= 0 && rank(l) < rank(current));
}

export interface ReviewState {
  level: string;
  status: 'pending' | 'returned' | 'approved';
}

/** A submission's review state as a person reads it: the message key and the tag's tone. */
export function stateLabel(s: ReviewState): { key: MessageKey; tone: Tone } {
  if (s.status === 'approved') return { key: 'review.state.approved', tone: 'success' };
  if (s.status === 'returned') return { key: 'review.state.returned', tone: 'danger' };
  return { key: `review.state.pending.${s.level}` as MessageKey, tone: 'info' };
}

/** What the signed-in reviewer may do now with a submission. */
export function allowedActions(
  actorLevel: ReviewLevel | null,
  isAdmin: boolean,
  levels: readonly string[],
  s: ReviewState,
): { decide: boolean; reopen: boolean; returnTo: ReviewLevel[] } {
  const top = levels.at(-1);
  const decide = s.status === 'pending' && (isAdmin || actorLevel === s.level);
  return {
    decide,
    reopen: s.status === 'approved' && (isAdmin || actorLevel === top),
    returnTo: decide ? lowerLevels(levels, s.level) : [],
  };
}

/** Whether a level list is valid: 1–3 distinct levels, lowest first (as the server requires). */
export function validLevels(levels: readonly string[]): boolean {
  if (!levels.length || levels.length > 3) return false;
  const ranks = levels.map((l) => LEVELS.indexOf(l as ReviewLevel));
  return ranks.every((r, i) => r >= 0 && (i === 0 || r > ranks[i - 1]));
}

/** Sorts chosen levels into the lowest-first order the server wants. */
export const orderLevels = (levels: readonly string[]): ReviewLevel[] =>
  LEVELS.filter((l) => levels.includes(l));

/** Reads a positive integer from the URL, else the default. */
export function positive(v: string | null, d: number): number {
  const n = Number(v);
  return Number.isInteger(n) && n > 0 ? n : d;
}

/** URL search parameters without empty values and without defaults. */
export function compactParams(
  values: Record<string, string | number | undefined | null>,
  defaults: Record<string, string | number> = {},
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined || v === null || v === '') continue;
    if (defaults[k] !== undefined && String(defaults[k]) === String(v)) continue;
    out[k] = String(v);
  }
  return out;
}

/** The cells a rule read, as `cell = value` pairs (missing shown as a dash). */
export function ruleValues(values: Record<string, string | null>): { cell: string; value: string }[] {
  return Object.entries(values)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([cell, value]) => ({ cell, value: value ?? '—' }));
}
