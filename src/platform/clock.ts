/**
 * The platform's clock. Everything whose outcome depends on the time of day as the public sees
 * it — embargoes (发布日程: a release becomes visible at its minute, not before), scheduled
 * articles, caches that expire at the next release — asks this clock instead of `Date.now()`, so
 * tests can stand just before and just after a release minute without waiting for it.
 * Database `now()` stays the time of record (audit, created_at); the clock decides visibility.
 */
export interface Clock {
  now(): Date;
  /** Tests: stop the clock at an instant (null: follow the system clock again). */
  set(at: Date | null): void;
  /** Tests: move a stopped clock on (or start one stopped at now + ms). */
  advance(ms: number): void;
}

export function createClock(): Clock {
  let fixed: number | null = null;
  return {
    now: () => new Date(fixed ?? Date.now()),
    set(at) {
      fixed = at ? at.getTime() : null;
    },
    advance(ms) {
      fixed = (fixed ?? Date.now()) + ms;
    },
  };
}
