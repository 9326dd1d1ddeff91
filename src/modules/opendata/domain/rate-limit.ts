/**
 * Per-client rate limiting (限流): a token bucket per key (the client's IP). Each request takes a
 * token; tokens come back at `refillPerSecond` up to `capacity`, so a client may burst to
 * `capacity` and then keeps the steady rate. In memory: one process, one set of buckets — fine
 * for a public API in front of which a proxy can add a shared limit.
 */

export interface RateLimitSettings {
  /** false: every request passes (benchmarks). */
  enabled: boolean;
  /** Largest burst. */
  capacity: number;
  /** Tokens given back per second. */
  refillPerSecond: number;
}

/** A public client may burst to 120 requests and then keep 20 a second. */
export const DEFAULT_RATE_LIMIT: RateLimitSettings = { enabled: true, capacity: 120, refillPerSecond: 20 };

/** Buckets kept before full (idle) ones are dropped. */
const MAX_BUCKETS = 50_000;

export type TakeResult = { ok: true; remaining: number } | { ok: false; retryAfterSeconds: number };

/** A token-bucket limiter; `now` in milliseconds (the system's, not the public clock: this is load, not embargo). */
export function createRateLimiter(initial: RateLimitSettings, now: () => number = Date.now) {
  let settings = { ...initial };
  const buckets = new Map<string, { tokens: number; at: number }>();

  const refill = (b: { tokens: number; at: number }, t: number) => {
    b.tokens = Math.min(settings.capacity, b.tokens + ((t - b.at) / 1000) * settings.refillPerSecond);
    b.at = t;
  };

  const sweep = (t: number) => {
    for (const [key, b] of buckets) {
      refill(b, t);
      if (b.tokens >= settings.capacity) buckets.delete(key);
    }
  };

  return {
    /** Takes a token for `key`, or says how many seconds until one is back. */
    take(key: string): TakeResult {
      if (!settings.enabled) return { ok: true, remaining: settings.capacity };
      const t = now();
      let b = buckets.get(key);
      if (!b) {
        if (buckets.size >= MAX_BUCKETS) sweep(t);
        b = { tokens: settings.capacity, at: t };
        buckets.set(key, b);
      } else refill(b, t);
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return { ok: true, remaining: Math.floor(b.tokens) };
      }
      return {
        ok: false,
        retryAfterSeconds: Math.max(1, Math.ceil((1 - b.tokens) / settings.refillPerSecond)),
      };
    },
    /** Changes the settings (tests, benchmarks); buckets start full again. */
    configure(next: Partial<RateLimitSettings>) {
      settings = { ...settings, ...next };
      buckets.clear();
    },
    get settings(): RateLimitSettings {
      return { ...settings };
    },
  };
}
export type RateLimiter = ReturnType<typeof createRateLimiter>;
