import { describe, expect, it } from 'vitest';
import { searchGrams } from './search-grams.ts';

describe('search grams', () => {
  it('are the distinct lower-cased character pairs', () => {
    expect(searchGrams('宁波机械')).toEqual(['宁波', '波机', '机械']);
    expect(searchGrams('AbAb')).toEqual(['ab', 'ba']);
    expect(searchGrams('机')).toEqual([]);
  });
  it('property: the grams of a substring are among the grams of the text', () => {
    const text = '宁波恒达机械有限公司 91330206MA2ABCDE1X';
    const all = new Set(searchGrams(text));
    for (let i = 0; i < text.length; i++) {
      for (let j = i + 1; j <= text.length; j++) {
        for (const g of searchGrams(text.slice(i, j))) expect(all.has(g)).toBe(true);
      }
    }
  });
});
