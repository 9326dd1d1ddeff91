/**
 * The full recompute by roll-up (全量重算), for maintenance.recomputeCells. The plain recompute
 * multiplies every report's values by its ~22 cell keys (100,000 units × 100 items × 22 keys =
 * 220 million rows into one hash aggregate of millions of groups). Here each cut is summed at its
 * own grain — the columns its key depends on: the division at the cut's level, the industry code
 * at its level (section and division cuts share the 2-digit division, a grouping cut the class's
 * grouping membership), size class, registration type. The finest grains are summed from the
 * values in one pass (GROUPING SETS), the coarser ones from those (county × division from
 * township × division …), so the values are read once and every hash table stays small. Each
 * grain row then goes to the keys the project's own compileCuts gives for it, sent as arrays
 * (a few tens of thousands of entries). Sums stay numeric: exact.
 *
 * Only valid when every current report's stored cell keys are what compileCuts gives for its
 * stored classification today (same cuts, same groupings): `plan` checks that with one digest
 * per distinct classification and answers null otherwise, and the caller then multiplies out
 * the stored keys.
 */
import { createHash } from 'node:crypto';
import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../platform/db.ts';
import { type CellKeysOf, type Cut, regionCode } from './domain/cuts.ts';

/** Grain columns, in the order of the GROUPING() bit mask (first = most significant bit). */
const COLUMNS = ['township', 'county', 'city', 'cls', 'grp', 'div', 'gset', 'size', 'reg'] as const;
type Column = (typeof COLUMNS)[number];

/** Columns that are functions of a column (a township lies in one county …), added to every grain. */
const IMPLIED: Partial<Record<Column, Column[]>> = {
  township: ['county', 'city'],
  county: ['city'],
  cls: ['grp', 'div', 'gset'],
  grp: ['div'],
};
const INDUSTRY_COLUMN = { section: 'div', division: 'div', group: 'grp', class: 'cls', grouping: 'gset' } as const;

interface Grain {
  columns: Set<Column>;
  /** GROUPING(township, …, reg) of its rows. */
  mask: number;
  cuts: Set<string>;
  /** The finer grain it is summed from (null: from the values). */
  parent: Grain | null;
}

function closure(columns: Column[]): Set<Column> {
  const out = new Set<Column>();
  const add = (c: Column) => {
    if (out.has(c)) return;
    out.add(c);
    for (const d of IMPLIED[c] ?? []) add(d);
  };
  columns.forEach(add);
  return out;
}

const within = (a: Set<Column>, b: Set<Column>) => [...a].every((c) => b.has(c));

/** Each cut's grain; grains inside a finer one are summed from it. */
export function grainsOf(cuts: readonly Cut[]): Grain[] {
  const grains = new Map<string, Grain>();
  for (const cut of cuts) {
    const columns = closure([
      ...(cut.region ? [cut.region] : []),
      ...(cut.industry ? [INDUSTRY_COLUMN[cut.industry]] : []),
      ...(cut.size ? (['size'] as const) : []),
      ...(cut.registration ? (['reg'] as const) : []),
    ]);
    const name = COLUMNS.filter((c) => columns.has(c)).join();
    let grain = grains.get(name);
    if (!grain) {
      let mask = 0;
      COLUMNS.forEach((c, i) => {
        if (!columns.has(c)) mask |= 1 << (COLUMNS.length - 1 - i);
      });
      grain = { columns, mask, cuts: new Set(), parent: null };
      grains.set(name, grain);
    }
    grain.cuts.add(cut.id);
  }
  const all = [...grains.values()];
  const top = all.filter((g) => !all.some((h) => h !== g && within(g.columns, h.columns)));
  for (const g of all) {
    if (top.includes(g)) continue;
    // The smallest finest grain it lies in (fewest columns: usually the fewest rows).
    g.parent = top
      .filter((h) => within(g.columns, h.columns))
      .sort((a, b) => a.columns.size - b.columns.size)[0]!;
  }
  return all;
}

const digest = (keys: string[]) => createHash('md5').update(keys.join('\u001f')).digest('hex');

/** What the roll-up needs (grains, grouping membership, the grain → key map), or null if it does not apply. */
export async function plan(
  db: Db,
  t: { form_id: string; period: string },
  cuts: readonly Cut[],
  keysOf: CellKeysOf,
) {
  // One row per distinct classification, with the digests of the key lists stored under it.
  const classes = (
    await sql<{ township: string; cls: string; size: string; reg: string; digests: string[] }>`
      select township, industry_class as cls, coalesce(size_class, '') as size,
             coalesce(registration_type, '') as reg,
             array_agg(distinct md5(array_to_string(cell_keys, chr(31)))) as digests
        from aggregation.reports
       where form_id = ${t.form_id} and period = ${t.period} and withdrawn_at is null
       group by 1, 2, 3, 4`.execute(db)
  ).rows;
  if (!classes.length) return null;
  const grains = grainsOf(cuts);
  const groupingCuts = new Set(cuts.filter((c) => c.industry === 'grouping').map((c) => c.id));
  const cutOf = (key: string) => key.slice(0, key.indexOf(':'));
  // Grouping membership (gset) of each class: classes with the same groupings share a number.
  const anywhere = classes[0]!.township;
  const gsetOf = new Map<string, number>();
  const signatures = new Map<string, number>([['', 0]]);
  const map = {
    grain: [] as number[],
    region: [] as string[],
    ind: [] as string[],
    size: [] as string[],
    reg: [] as string[],
    key: [] as string[],
  };
  const seen = new Set<string>();
  try {
    for (const c of classes) {
      const unit = {
        township: c.township,
        industryClass: c.cls,
        sizeClass: c.size || null,
        registrationType: c.reg || null,
      };
      const keys = keysOf(unit);
      if (c.digests.length !== 1 || c.digests[0] !== digest(keys)) return null;
      let gset = gsetOf.get(c.cls);
      if (gset === undefined) {
        const sig = keysOf({ township: anywhere, industryClass: c.cls, sizeClass: null, registrationType: null })
          .filter((k) => groupingCuts.has(cutOf(k)))
          .join('\u001f');
        gset = signatures.get(sig) ?? signatures.size;
        signatures.set(sig, gset);
        gsetOf.set(c.cls, gset);
      }
      const value: Record<Column, string> = {
        township: c.township,
        county: regionCode(c.township, 'county'),
        city: regionCode(c.township, 'city'),
        cls: c.cls,
        grp: c.cls.slice(0, 3),
        div: c.cls.slice(0, 2),
        gset: String(gset),
        size: c.size,
        reg: c.reg,
      };
      for (const g of grains) {
        const pick = (cols: Column[]) => {
          const col = cols.find((x) => g.columns.has(x));
          return col ? value[col] : '';
        };
        const region = pick(['township', 'county', 'city']);
        const ind = pick(['cls', 'grp', 'div', 'gset']);
        const size = g.columns.has('size') ? c.size : '';
        const reg = g.columns.has('reg') ? c.reg : '';
        const id = `${g.mask}|${region}|${ind}|${size}|${reg}`;
        if (seen.has(id)) continue;
        seen.add(id);
        // Every unit with this grain value has these keys in the grain's cuts; this one stands for all.
        for (const key of keys) {
          if (!g.cuts.has(cutOf(key))) continue;
          map.grain.push(g.mask);
          map.region.push(region);
          map.ind.push(ind);
          map.size.push(size);
          map.reg.push(reg);
          map.key.push(key);
        }
      }
    }
  } catch {
    return null; // a code compileCuts refuses: only the stored keys can say where it went
  }
  const gsets = [...gsetOf].filter(([, g]) => g !== 0);
  return { grains, map, gclasses: gsets.map(([c]) => c), gids: gsets.map(([, g]) => g) };
}

const setOf = (g: Grain): RawBuilder<unknown> => sql.raw(`(${COLUMNS.filter((c) => g.columns.has(c)).join(', ')})`);

/** The grain columns of rows grouped by some of `grains` (a column none of them has is null). */
const columnsOf = (grains: Grain[]) =>
  sql.raw(
    COLUMNS.map((c) =>
      grains.some((g) => g.columns.has(c)) ? c : `null::${c === 'gset' ? 'int' : 'text'} as ${c}`,
    ).join(', '),
  );

/** A row's grain mask: no grain column is ever null in the values, so null means "not grouped by". */
const MASK = sql.raw(
  COLUMNS.map((c, i) => `(case when ${c} is null then ${1 << (COLUMNS.length - 1 - i)} else 0 end)`).join(' + '),
);

/** Inserts the cells of a form × period from the grains (after `plan` said it applies). */
export async function insertRolledUp(
  db: Db,
  t: { form_id: string; period: string },
  p: NonNullable<Awaited<ReturnType<typeof plan>>>,
): Promise<void> {
  const top = p.grains.filter((g) => !g.parent);
  const derived = top
    .map((parent) => ({ parent, children: p.grains.filter((g) => g.parent === parent) }))
    .filter((d) => d.children.length);
  // A grain row's identity for the join: its finest region and industry value, size, registration.
  const region = sql.raw(`coalesce(g.township, g.county, g.city, '')`);
  const ind = sql.raw(`coalesce(g.cls, g.grp, g.div, g.gset::text, '')`);
  // The row estimates of unnest and grouping sets are far off (hundreds for millions): without
  // this the planner sorts millions of rows where hashing them is several times faster.
  await sql`set local enable_sort = off`.execute(db);
  await sql`
    with l1 as (
      select ${columnsOf(top)}, item, sum(val) as total, count(*) as units
        from (select r.township, left(r.township, 6) as county, left(r.township, 4) || '00' as city,
                     r.industry_class as cls, left(r.industry_class, 3) as grp, left(r.industry_class, 2) as div,
                     coalesce((${p.gids}::int[])[array_position(${p.gclasses}::text[], r.industry_class)], 0) as gset,
                     coalesce(r.size_class, '') as size, coalesce(r.registration_type, '') as reg,
                     v.item, v.val
                from aggregation.reports r
               cross join unnest(r.items, r.vals) as v(item, val)
               where r.form_id = ${t.form_id} and r.period = ${t.period} and r.withdrawn_at is null) u
       group by item, grouping sets (${sql.join(top.map(setOf))})),
    l1g as (select ${MASK} as grain, * from l1),
    g as (
      select * from l1g
      ${sql.join(
        derived.map(
          (d) => sql`
            union all
            select ${MASK} as grain, * from (
              select ${columnsOf(d.children)}, item, sum(total) as total, sum(units) as units
                from l1g where grain = ${d.parent.mask}
               group by item, grouping sets (${sql.join(d.children.map(setOf))})) x`,
        ),
        sql``,
      )})
    insert into aggregation.cells (form_id, period, cut, item, cell, total, units)
    select ${t.form_id}::uuid, ${t.period}, split_part(m.key, ':', 1), g.item,
           substr(m.key, strpos(m.key, ':') + 1), sum(g.total), sum(g.units)::int
      from g
      join unnest(${p.map.grain}::int[], ${p.map.region}::text[], ${p.map.ind}::text[], ${p.map.size}::text[],
                  ${p.map.reg}::text[], ${p.map.key}::text[]) as m(grain, region, ind, size, reg, key)
        on m.grain = g.grain and m.region = ${region} and m.ind = ${ind}
       and m.size = coalesce(g.size, '') and m.reg = coalesce(g.reg, '')
     group by m.key, g.item`.execute(db);
}
