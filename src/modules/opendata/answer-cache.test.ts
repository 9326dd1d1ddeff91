import { describe, expect, it } from 'vitest';
import { createAnswerCache } from './answer-cache.ts';

const answer = (body: string, expiresAt = Number.POSITIVE_INFINITY) => ({
  body,
  contentType: 'text/csv',
  expiresAt,
});

describe('the answer cache', () => {
  it('serves an entry until its release minute, then forgets it', () => {
    const cache = createAnswerCache();
    cache.set('k', answer('a', 1000));
    expect(cache.get('k', 999)?.body).toBe('a');
    expect(cache.get('k', 1000)).toBeNull();
    expect(cache.get('k', 0)).toBeNull();
  });

  it('empties on clear (publication changed) and keeps nothing while off', () => {
    const cache = createAnswerCache();
    cache.set('k', answer('a'));
    cache.clear();
    expect(cache.get('k', 0)).toBeNull();
    cache.setEnabled(false);
    cache.set('k', answer('a'));
    expect(cache.size).toBe(0);
    cache.setEnabled(true);
    cache.set('k', answer('a'));
    expect(cache.get('k', 0)?.body).toBe('a');
  });

  it('drops the least recently used entries beyond its size', () => {
    const cache = createAnswerCache();
    for (let i = 0; i < 2_000; i++) cache.set(`k${i}`, answer(String(i)));
    expect(cache.get('k0', 0)?.body).toBe('0'); // k0 is now the most recently used
    cache.set('new', answer('n'));
    expect(cache.size).toBe(2_000);
    expect(cache.get('k1', 0)).toBeNull();
    expect(cache.get('k0', 0)?.body).toBe('0');
    expect(cache.get('new', 0)?.body).toBe('n');
  });
});
