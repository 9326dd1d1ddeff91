/**
 * The in-process answer cache: encoded answers by the same key as their ETag (which carries
 * publication's version of what is visible). An entry also ends at the next release minute and
 * the whole cache is emptied when publication announces a change, so an answer made stale by a
 * release or a cancellation is never served.
 */

export interface CachedAnswer {
  body: string | Buffer;
  contentType: string;
  filename?: string;
  /** Epoch ms after which the entry is not served (the next release minute). */
  expiresAt: number;
}

/** Entries kept (least recently used dropped first) and the bytes they may hold. */
const MAX_ENTRIES = 2_000;
const MAX_BYTES = 64 * 1024 * 1024;

export function createAnswerCache() {
  const entries = new Map<string, CachedAnswer>();
  let bytes = 0;
  let enabled = true;
  const sizeOf = (a: CachedAnswer) => (typeof a.body === 'string' ? a.body.length * 2 : a.body.length);
  const drop = (key: string) => {
    const a = entries.get(key);
    if (!a) return;
    bytes -= sizeOf(a);
    entries.delete(key);
  };
  return {
    get(key: string, now: number): CachedAnswer | null {
      if (!enabled) return null;
      const a = entries.get(key);
      if (!a) return null;
      drop(key);
      if (a.expiresAt <= now) return null;
      entries.set(key, a); // most recently used last
      bytes += sizeOf(a);
      return a;
    },
    set(key: string, answer: CachedAnswer) {
      if (!enabled || sizeOf(answer) > MAX_BYTES / 8) return;
      drop(key);
      entries.set(key, answer);
      bytes += sizeOf(answer);
      for (const oldest of entries.keys()) {
        if (entries.size <= MAX_ENTRIES && bytes <= MAX_BYTES) break;
        drop(oldest);
      }
    },
    clear() {
      entries.clear();
      bytes = 0;
    },
    /** Benchmarks measure the uncached path with the cache off. */
    setEnabled(on: boolean) {
      enabled = on;
      if (!on) this.clear();
    },
    get enabled() {
      return enabled;
    },
    get size() {
      return entries.size;
    },
  };
}
export type AnswerCache = ReturnType<typeof createAnswerCache>;
