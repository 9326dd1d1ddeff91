/**
 * Dimensions and their code lists (分组维度与代码表), and the canonical key of a combination of
 * codes: observations are stored and looked up by `industry=C;region=330200` — dimension names
 * sorted, so the same combination always has the same key whatever order a caller wrote it in.
 */
import type { Dimension, FrequencyCode } from '../contract.ts';
import { DIMENSIONS } from '../contract.ts';

export interface CodeEntry {
  code: string;
  name: { zh: string; en: string };
  parent: string | null;
  level: string;
}

export interface CodeList {
  dimension: Dimension;
  name: { zh: string; en: string };
  /** What a query means when it does not name the dimension: the whole (city, total). */
  defaultCode: string;
  codes: Map<string, CodeEntry>;
}

export type CodeLists = Record<Dimension, CodeList>;

export const isDimension = (d: string): d is Dimension => (DIMENSIONS as readonly string[]).includes(d);

/** The canonical key of a combination of codes (names sorted; '' with no dimensions). */
export function dimsKey(dims: Readonly<Record<string, string>>): string {
  return Object.keys(dims)
    .sort()
    .map((d) => `${d}=${dims[d]}`)
    .join(';');
}

/** Back from a canonical key to the combination. */
export function parseDimsKey(key: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!key) return out;
  for (const part of key.split(';')) {
    const i = part.indexOf('=');
    out[part.slice(0, i)] = part.slice(i + 1);
  }
  return out;
}

/** The periods module's frequency of an indicator's frequency code. */
export const FREQUENCY_OF = { M: 'monthly', Q: 'quarterly', A: 'annual' } as const satisfies Record<
  FrequencyCode,
  string
>;
export const PERIODS_PER_YEAR: Record<FrequencyCode, number> = { M: 12, Q: 4, A: 1 };
