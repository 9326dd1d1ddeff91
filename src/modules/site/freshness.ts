/**
 * How long what the public sees stays the same. A window starts at the first instant asked about
 * and ends at the next release or publish minute of publication and cms (or after five minutes,
 * whichever comes first); any `onChanged` from either module ends it at once. Page caches and the
 * search index are valid for one window only, so nothing outlives an embargo.
 */
import type { SitePorts } from './ports.ts';

/** Even with nothing scheduled, a window is re-checked this often. */
const MAX_WINDOW_MS = 5 * 60_000;

export interface Freshness {
  /**
   * The window `at` falls in: its id (a new one whenever what is visible may have changed) and
   * when it ends.
   */
  windowOf(at: Date): Promise<{ id: number; until: Date }>;
  /** Ends the current window (a module told us something changed). */
  invalidate(): void;
}

export function createFreshness(ports: SitePorts): Freshness {
  let generation = 0;
  let nextId = 0;
  let current: { id: number; generation: number; from: number; until: number } | null = null;
  let pending: Promise<void> | null = null;

  const open = async (at: Date): Promise<void> => {
    const startedIn = generation;
    const [a, b] = await Promise.all([
      ports.publication().nextChangeAfter(at),
      ports.cms().nextChangeAfter(at),
    ]);
    const until = Math.min(
      a?.getTime() ?? Number.POSITIVE_INFINITY,
      b?.getTime() ?? Number.POSITIVE_INFINITY,
      at.getTime() + MAX_WINDOW_MS,
    );
    current = { id: ++nextId, generation: startedIn, from: at.getTime(), until };
  };

  const inside = (at: Date) =>
    current !== null &&
    current.generation === generation &&
    at.getTime() >= current.from &&
    at.getTime() < current.until;

  return {
    async windowOf(at) {
      while (!inside(at)) {
        pending ??= open(at).finally(() => {
          pending = null;
        });
        // A window opened for another caller's instant may not hold this one: the loop checks again.
        await pending;
      }
      return { id: current!.id, until: new Date(current!.until) };
    },
    invalidate() {
      generation++;
    },
  };
}
