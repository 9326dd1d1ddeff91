/**
 * Review levels (审核层级) and where a submission stands: pure rules, no I/O. A submission climbs
 * the configured levels (lowest first); the top level's approval is final.
 */
import type { Role } from '../../../platform/auth.ts';

export const LEVELS = ['township', 'county', 'city'] as const;
export type ReviewLevel = (typeof LEVELS)[number];
export const DEFAULT_LEVELS: readonly ReviewLevel[] = LEVELS;

const rank = (l: ReviewLevel) => LEVELS.indexOf(l);

/** Whether a configuration lists distinct levels from lowest to highest. */
export function validLevels(levels: readonly string[]): levels is readonly ReviewLevel[] {
  if (!levels.length) return false;
  for (let i = 0; i < levels.length; i++) {
    if (!LEVELS.includes(levels[i] as ReviewLevel)) return false;
    if (i > 0 && rank(levels[i] as ReviewLevel) <= rank(levels[i - 1] as ReviewLevel)) return false;
  }
  return true;
}

/** The level a statistician reviews at; null for other roles. */
export function levelOfRole(role: Role): ReviewLevel | null {
  switch (role) {
    case 'township_statistician':
      return 'township';
    case 'county_statistician':
      return 'county';
    case 'city_statistician':
      return 'city';
    default:
      return null;
  }
}

/**
 * A stored level under the current configuration: itself if configured, else the next configured
 * level above it (levels may be reconfigured while submissions are under review), else the top.
 */
export function configuredLevel(levels: readonly ReviewLevel[], level: ReviewLevel): ReviewLevel {
  return levels.find((l) => rank(l) >= rank(level)) ?? levels[levels.length - 1];
}

export const topLevel = (levels: readonly ReviewLevel[]) => levels[levels.length - 1];

/** The level above, or null at the top. */
export function nextLevel(levels: readonly ReviewLevel[], level: ReviewLevel): ReviewLevel | null {
  const i = levels.indexOf(level);
  return i >= 0 && i < levels.length - 1 ? levels[i + 1] : null;
}

export type CollectionStatus = 'draft' | 'submitted' | 'returned' | 'approved';
export type ReviewStatus = 'pending' | 'returned' | 'approved';

export interface StoredState {
  level: ReviewLevel;
  status: ReviewStatus;
  round: number;
  version: number;
}

export interface EffectiveState {
  level: ReviewLevel;
  status: ReviewStatus;
  round: number;
  /** The stored version (0 = never decided): a decision must send it back. */
  version: number;
}

/**
 * Where a handed-in submission stands, from collection's status and review's stored state. A
 * form returned to the unit and submitted again starts a new round at the first level.
 */
export function effectiveState(
  status: CollectionStatus,
  stored: StoredState | undefined,
  levels: readonly ReviewLevel[],
): EffectiveState {
  const version = stored?.version ?? 0;
  if (!stored) {
    return {
      level: status === 'approved' ? topLevel(levels) : levels[0],
      status: status === 'approved' ? 'approved' : status === 'returned' ? 'returned' : 'pending',
      round: 1,
      version,
    };
  }
  if (status === 'submitted' && stored.status === 'returned') {
    return { level: levels[0], status: 'pending', round: stored.round + 1, version };
  }
  if (status === 'returned') return { level: levels[0], status: 'returned', round: stored.round, version };
  if (status === 'approved')
    return { level: topLevel(levels), status: 'approved', round: stored.round, version };
  return { level: configuredLevel(levels, stored.level), status: 'pending', round: stored.round, version };
}

export type Decision =
  | { kind: 'approve' }
  | { kind: 'return_to_unit'; reason: string }
  | { kind: 'return_to_level'; level: ReviewLevel; reason: string };

export type Outcome =
  | { ok: true; next: { level: ReviewLevel; status: ReviewStatus }; final: boolean }
  | { ok: false; why: 'not_pending' | 'not_lower_level' };

/** What a decision at the submission's current level leads to. */
export function decide(levels: readonly ReviewLevel[], state: EffectiveState, d: Decision): Outcome {
  if (state.status !== 'pending') return { ok: false, why: 'not_pending' };
  switch (d.kind) {
    case 'approve': {
      const next = nextLevel(levels, state.level);
      return next
        ? { ok: true, next: { level: next, status: 'pending' }, final: false }
        : { ok: true, next: { level: state.level, status: 'approved' }, final: true };
    }
    case 'return_to_unit':
      return { ok: true, next: { level: levels[0], status: 'returned' }, final: false };
    case 'return_to_level':
      if (!levels.includes(d.level) || rank(d.level) >= rank(state.level)) {
        return { ok: false, why: 'not_lower_level' };
      }
      return { ok: true, next: { level: d.level, status: 'pending' }, final: false };
  }
}
