/** What is visible "now", remembered: publication's version and its next release minute. */
import type { PublicData } from './ports.ts';

/**
 * How long (real time) the current version and next release minute are reused without asking
 * publication again. Within this process every change is announced (`onChanged` forgets them at
 * once); the second bounds how late a release scheduled by another process is seen.
 */
const VISIBILITY_TTL_MS = 1000;

/**
 * publication's version of what is visible and its next release minute, remembered for "now":
 * both stay the same until that minute unless something is staged, moved or cancelled, so the
 * remembered pair serves while the clock is before the minute and the pair is younger than
 * VISIBILITY_TTL_MS. Earlier instants (`asOf`) are always asked.
 */
export function createVisibility(pub: () => PublicData) {
  type Seen = { version: string; next: Date | null };
  let memo: { seen: Promise<Seen>; from: number; fetchedAt: number } | null = null;
  const read = async (at: Date, now: Date): Promise<Seen> => {
    const [version, next] = await Promise.all([pub().version(at), pub().nextChangeAfter(now)]);
    return { version, next };
  };
  return {
    read,
    async current(now: Date): Promise<Seen> {
      const t = now.getTime();
      if (memo && t >= memo.from && performance.now() - memo.fetchedAt < VISIBILITY_TTL_MS) {
        const seen = await memo.seen;
        if (!seen.next || t < seen.next.getTime()) return seen;
      }
      const seen = read(now, now);
      memo = { seen, from: t, fetchedAt: performance.now() };
      seen.catch(() => {
        memo = null;
      });
      return seen;
    },
    forget() {
      memo = null;
    },
  };
}
