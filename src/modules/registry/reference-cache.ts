/**
 * In-memory copies of the small reference tables (≈170 divisions, ≈1,900 industry codes): the
 * register resolves a township to its county and city, and checks industry classes, thousands of
 * times per import without a query each. Reloaded whenever reference data is loaded.
 */
import type { RegistryDb } from './repo.ts';

export interface DivisionRef {
  code: string;
  name: string;
  level: string;
  parentCode: string | null;
}
export interface IndustryRef {
  code: string;
  name: string;
  level: string;
  parentCode: string | null;
  section: string;
}

export interface ReferenceCache {
  divisions: Map<string, DivisionRef>;
  industries: Map<string, IndustryRef>;
}

export function createReferenceCache(db: RegistryDb) {
  let cached: Promise<ReferenceCache> | null = null;
  async function load(): Promise<ReferenceCache> {
    const [divisions, industries] = await Promise.all([
      db.selectFrom('registry.divisions').selectAll().execute(),
      db.selectFrom('registry.industries').selectAll().execute(),
    ]);
    return {
      divisions: new Map(
        divisions.map((d) => [
          d.code,
          { code: d.code, name: d.name, level: d.level, parentCode: d.parent_code },
        ]),
      ),
      industries: new Map(
        industries.map((i) => [
          i.code,
          { code: i.code, name: i.name, level: i.level, parentCode: i.parent_code, section: i.section },
        ]),
      ),
    };
  }
  return {
    /** The cache (loaded on first use; an empty load is retried next time). */
    async get(): Promise<ReferenceCache> {
      if (!cached) cached = load();
      const c = await cached.catch((e) => {
        cached = null;
        throw e;
      });
      if (!c.divisions.size) cached = null;
      return c;
    },
    reset() {
      cached = null;
    },
  };
}

/** A township's county and city codes, or null when the code is not a known township. */
export function placeOf(refs: ReferenceCache, townshipCode: string) {
  const t = refs.divisions.get(townshipCode);
  if (t?.level !== 'township' || !t.parentCode) return null;
  const county = refs.divisions.get(t.parentCode);
  const cityCode = county?.parentCode ?? townshipCode.slice(0, 4).padEnd(6, '0');
  return { townshipCode, countyCode: t.parentCode, cityCode };
}
