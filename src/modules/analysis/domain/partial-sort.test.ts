import { describe, expect, it } from 'vitest';
import { partialSort } from './partial-sort.ts';

/** A small deterministic generator so failures can be replayed. */
function lcg(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('partialSort (Singleton)', () => {
  it('places the order statistics asked for in ascending order, and keeps the values', () => {
    const rand = lcg(7);
    for (let r = 0; r < 300; r++) {
      const n = 2 + Math.floor(rand() * 400);
      const a = new Float64Array(n).map(() => Math.round(rand() * 50)); // ties included
      const sorted = Float64Array.from(a).sort();
      const ind = [1, n >> 1 || 1, n].filter((v, i, all) => all.indexOf(v) === i).sort((x, y) => x - y);
      partialSort(a, n, ind);
      for (const k of ind) expect(a[k - 1]).toBe(sorted[k - 1]);
      expect(Float64Array.from(a).sort()).toEqual(sorted);
    }
  });

  it('leaves tiny inputs alone', () => {
    const one = Float64Array.of(3);
    partialSort(one, 1, [1]);
    expect(Array.from(one)).toEqual([3]);
    const two = Float64Array.of(2, 1);
    partialSort(two, 2, [1, 2]);
    expect(Array.from(two)).toEqual([1, 2]);
  });
});
