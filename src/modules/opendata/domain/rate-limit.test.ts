import { describe, expect, it } from 'vitest';
import { entityTag, MAX_AGE_SECONDS, maxAgeSeconds, noneMatch } from './caching.ts';
import { createRateLimiter } from './rate-limit.ts';

describe('the token bucket', () => {
  it('lets a client burst to capacity, then answers when a token is back; clients are apart', () => {
    let now = 0;
    const limiter = createRateLimiter({ enabled: true, capacity: 3, refillPerSecond: 0.5 }, () => now);
    expect([1, 2, 3].map(() => limiter.take('a').ok)).toEqual([true, true, true]);
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterSeconds: 2 });
    expect(limiter.take('b').ok).toBe(true);
    now = 1000;
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterSeconds: 1 });
    now = 2000;
    expect(limiter.take('a').ok).toBe(true);
    expect(limiter.take('a').ok).toBe(false);
  });

  it('passes everything when turned off', () => {
    const limiter = createRateLimiter({ enabled: true, capacity: 1, refillPerSecond: 1 }, () => 0);
    limiter.configure({ enabled: false });
    expect(Array.from({ length: 10 }, () => limiter.take('a').ok).every(Boolean)).toBe(true);
  });
});

describe('HTTP caching', () => {
  it('tags answers strongly and matches If-None-Match lists, weak forms and *', () => {
    const tag = entityTag('k');
    expect(tag).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
    expect(entityTag('k2')).not.toBe(tag);
    expect(noneMatch(tag, tag)).toBe(true);
    expect(noneMatch(`"x", W/${tag}`, tag)).toBe(true);
    expect(noneMatch('*', tag)).toBe(true);
    expect(noneMatch('"x"', tag)).toBe(false);
    expect(noneMatch(undefined, tag)).toBe(false);
  });

  it('never lets max-age reach past the next release minute', () => {
    const now = new Date('2026-11-01T01:59:00Z');
    expect(maxAgeSeconds(now, null)).toBe(MAX_AGE_SECONDS);
    expect(maxAgeSeconds(now, new Date('2026-11-01T02:00:00Z'))).toBe(60);
    expect(maxAgeSeconds(now, new Date('2026-11-01T01:59:00.500Z'))).toBe(0);
    expect(maxAgeSeconds(now, new Date('2026-11-02T00:00:00Z'))).toBe(MAX_AGE_SECONDS);
  });
});
