/**
 * Search grams (检索词元): the distinct character pairs (bigrams) of a text, lower-cased; a
 * one-character text has none, and a one-character search scans instead.
 * A unit stores the grams of its name and credit code; a search for q looks for units whose
 * grams contain all of q's grams, then checks the exact substring. Works for Chinese names,
 * where trigrams do not (a two-character query has no trigram).
 */
export function searchGrams(text: string): string[] {
  const chars = Array.from(text.toLowerCase());
  const out = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i] + chars[i + 1]);
  return [...out];
}

/** The grams a unit stores for its name and credit code. */
export const unitSearchGrams = (name: string, creditCode: string) => searchGrams(`${name} ${creditCode}`);
