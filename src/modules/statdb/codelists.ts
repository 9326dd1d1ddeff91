/**
 * The code lists of the dimensions (代码表), built from the register's reference data — Ningbo's
 * divisions, GB/T 4754-2017 sections and divisions with the named groupings (高技术制造业 …),
 * registration types — plus size classes and `total`. Copied into `statdb.codes` when reference
 * data loads (a write inside a caller's transaction can then check codes through that
 * transaction: on PGlite, reaching for another connection there would wait forever) and held in
 * memory (≈ 400 codes).
 */
import { sql } from 'kysely';
import type { Db } from '../../platform/db.ts';
import type { Dimension } from './contract.ts';
import { DIMENSIONS } from './contract.ts';
import type { CodeEntry, CodeLists } from './domain/dims.ts';
import { statdbDb } from './repo.ts';

/** What statdb needs of the register (registry.api.service satisfies it). */
export interface StatdbRegister {
  listDivisions(q: {
    parent?: string;
    level?: string;
  }): Promise<{ code: string; name: string; level: string; parentCode: string | null }[]>;
  listIndustries(q: {
    level?: string;
  }): Promise<{ code: string; name: string; level: string; parentCode: string | null; section: string }[]>;
  listGroupings(): Promise<{ id: string; name: string; nameEn: string | null }[]>;
  registrationTypes(): { code: string; name: string; nameEn: string }[];
}

export const DIMENSION_NAMES: Record<Dimension, { zh: string; en: string }> = {
  region: { zh: '地区', en: 'Region' },
  industry: { zh: '行业', en: 'Industry' },
  size: { zh: '企业规模', en: 'Size class' },
  regtype: { zh: '登记注册类型', en: 'Registration type' },
};

const TOTAL: CodeEntry = { code: 'total', name: { zh: '合计', en: 'Total' }, parent: null, level: 'total' };

/** 企业规模 (统计上大中小微型企业划分办法（2017）). */
const SIZE_CODES: CodeEntry[] = [
  { code: 'large', name: { zh: '大型', en: 'Large' }, parent: 'total', level: 'class' },
  { code: 'medium', name: { zh: '中型', en: 'Medium' }, parent: 'total', level: 'class' },
  { code: 'small', name: { zh: '小型', en: 'Small' }, parent: 'total', level: 'class' },
  { code: 'micro', name: { zh: '微型', en: 'Micro' }, parent: 'total', level: 'class' },
];

/** The code lists as the register has them now. */
export async function codesFromRegister(register: StatdbRegister): Promise<Record<Dimension, CodeEntry[]>> {
  const [divisions, sections, industryDivisions, groupings] = await Promise.all([
    register.listDivisions({}),
    register.listIndustries({ level: 'section' }),
    register.listIndustries({ level: 'division' }),
    register.listGroupings(),
  ]);
  // The region total is the city itself (宁波市): a division code, not a synthetic `total`.
  const regions = divisions.filter(
    (d) => d.level === 'city' || d.level === 'county' || d.level === 'township',
  );
  return {
    region: regions.map((d) => ({
      code: d.code,
      name: { zh: d.name, en: d.name },
      parent: d.level === 'city' ? null : d.parentCode,
      level: d.level,
    })),
    industry: [
      TOTAL,
      ...sections.map((s) => ({
        code: s.code,
        name: { zh: s.name, en: s.name },
        parent: 'total',
        level: 'section',
      })),
      ...industryDivisions.map((d) => ({
        code: d.code,
        name: { zh: d.name, en: d.name },
        parent: d.section,
        level: 'division',
      })),
      ...groupings.map((g) => ({
        code: g.id,
        name: { zh: g.name, en: g.nameEn ?? g.name },
        parent: 'total',
        level: 'grouping',
      })),
    ],
    size: [TOTAL, ...SIZE_CODES],
    regtype: [
      TOTAL,
      ...register.registrationTypes().map((t) => ({
        code: t.code,
        name: { zh: t.name, en: t.nameEn },
        parent: 'total',
        level: 'type',
      })),
    ],
  };
}

/** Replaces `statdb.codes` with the register's lists (one transaction; skipped when unchanged). */
export async function storeCodes(db: Db, codes: Record<Dimension, CodeEntry[]>): Promise<boolean> {
  const rows = DIMENSIONS.flatMap((dimension) =>
    codes[dimension].map((c, ord) => ({
      dimension,
      code: c.code,
      name_zh: c.name.zh,
      name_en: c.name.en,
      parent: c.parent,
      level: c.level,
      ord,
    })),
  );
  const s = statdbDb(db);
  const old = await s.selectFrom('statdb.codes').selectAll().orderBy('dimension').orderBy('ord').execute();
  const sortKey = (r: { dimension: string; ord: number }) =>
    `${r.dimension}:${String(r.ord).padStart(6, '0')}`;
  const want = [...rows].sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
  if (JSON.stringify(old) === JSON.stringify(want)) return false;
  await db.transaction().execute(async (trx) => {
    await sql`delete from statdb.codes`.execute(trx);
    for (let i = 0; i < want.length; i += 1000)
      await statdbDb(trx)
        .insertInto('statdb.codes')
        .values(want.slice(i, i + 1000))
        .execute();
  });
  return true;
}

async function readLists(db: Db): Promise<CodeLists> {
  const rows = await statdbDb(db).selectFrom('statdb.codes').selectAll().orderBy('ord').execute();
  const out = {} as CodeLists;
  for (const dimension of DIMENSIONS) {
    const entries = rows.filter((r) => r.dimension === dimension);
    out[dimension] = {
      dimension,
      name: DIMENSION_NAMES[dimension],
      defaultCode: dimension === 'region' ? (entries.find((e) => e.level === 'city')?.code ?? '') : 'total',
      codes: new Map(
        entries.map((e) => [
          e.code,
          { code: e.code, name: { zh: e.name_zh, en: e.name_en }, parent: e.parent, level: e.level },
        ]),
      ),
    };
  }
  return out;
}

/** The code lists, read on first use through whatever connection the caller holds; `reset` after loads. */
export function createCodeLists() {
  let cached: CodeLists | null = null;
  return {
    async get(db: Db): Promise<CodeLists> {
      if (cached) return cached;
      const lists = await readLists(db);
      // An empty table (reference data not loaded yet) must not stick.
      if (lists.region.codes.size) cached = lists;
      return lists;
    },
    reset() {
      cached = null;
    },
  };
}
export type CodeListCache = ReturnType<typeof createCodeLists>;
