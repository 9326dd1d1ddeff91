/**
 * The full recompute's SQL (全量重算): the plan of `domain/rollup.ts` run as one temporary table per
 * cut — summed from the current reports, or rolled up from the finer cut the plan names — and then
 * every cut's cells written as one row each, the items as arrays by the form's item positions.
 *
 * A temporary table per cut keeps each statement a plain GROUP BY over a small input: the
 * single-statement alternatives (all cuts from the reports; GROUPING SETS over them) push every
 * unit's values through the hash aggregate once per cell it belongs to, which was most of the
 * time (domain/README.md has the measurements).
 */
import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../platform/db.ts';
import {
  type Cut,
  type IndustryLevel,
  type RegionLevel,
  STANDARD_CUTS,
  sectionOf,
  UNKNOWN,
} from './domain/cuts.ts';
import { planRollup } from './domain/rollup.ts';

/** Where a step reads from: the reports (one row per unit and item) or an earlier step's table. */
interface Input {
  from: RawBuilder<unknown>;
  region: { expr: string; level: RegionLevel } | null;
  industry: { expr: string; level: IndustryLevel } | null;
  size: string | null;
  registration: string | null;
  item: string;
  total: string;
  units: string;
}

function regionExpr(col: string, from: RegionLevel, to: RegionLevel): string {
  if (from === to) return col;
  return to === 'county' ? `substr(${col}, 1, 6)` : `substr(${col}, 1, 4) || '00'`;
}

/** The industry code at the target level, and the join it needs (sections and groupings are looked up). */
function industryExpr(col: string, from: IndustryLevel, to: IndustryLevel): { expr: string; join: string } {
  if (from === to) return { expr: col, join: '' };
  if (to === 'grouping') return { expr: 'g.grouping', join: `join agg_groupings g on g.class = ${col}` };
  // The 门类 by array lookup on the 大类's number: a join here went after the unnest and cost
  // 20 s of a 100,000-unit pass.
  if (to === 'section') return { expr: `${SECTION_BY_DIVISION}[substr(${col}, 1, 2)::int]`, join: '' };
  return { expr: `substr(${col}, 1, ${to === 'group' ? 3 : 2})`, join: '' };
}

/** `('{A,A,…}'::text[])`: the 门类 letter of 大类 01…97 at its number (NULL where there is none). */
const SECTION_BY_DIVISION = `('{${Array.from({ length: 97 }, (_, i) => {
  try {
    return sectionOf(String(i + 1).padStart(2, '0'));
  } catch {
    return 'NULL';
  }
}).join(',')}}'::text[])`;

/**
 * Rebuilds the cells of one form × period inside the caller's transaction (the cells already
 * deleted). `items` is the number of item positions the form has.
 */
export async function rollUp(
  trx: Db,
  k: { formId: string; period: string },
  reports: number,
  items: number,
  groupings: readonly { id: string; codes: readonly string[] }[],
  cuts: readonly Cut[] = STANDARD_CUTS,
): Promise<void> {
  const current = sql`r.form_id = ${k.formId} and r.period = ${k.period} and r.withdrawn_at is null`;
  // The named groupings of each class present, as a small lookup table.
  const pairs = groupings.flatMap((g) => g.codes.map((code) => [g.id, code] as const));
  await sql`
    create temporary table agg_groupings on commit drop as
    select distinct c.class, p.grouping
      from (select distinct industry_class as class from aggregation.reports r where ${current}) c
      join unnest(${pairs.map((p) => p[0])}::text[], ${pairs.map((p) => p[1])}::text[]) as p(grouping, code)
        on p.code in (c.class, substr(c.class, 1, 3), substr(c.class, 1, 2))`.execute(trx);

  const reportsInput: Input = {
    from: sql`aggregation.reports r cross join unnest(r.items, r.vals) as v(item, val)`,
    region: { expr: 'r.township', level: 'township' },
    industry: { expr: 'r.industry_class', level: 'class' },
    size: `coalesce(r.size_class, '${UNKNOWN}')`,
    registration: `coalesce(r.registration_type, '${UNKNOWN}')`,
    item: 'v.item',
    total: 'sum(v.val)',
    units: 'count(*)::int',
  };
  const tables = new Map<string, { name: string; cut: Cut }>();
  const steps = planRollup(cuts, reports);
  for (const [i, step] of steps.entries()) {
    const name = `agg_cut_${i}`;
    const source = step.from.kind === 'cut' ? tables.get(step.from.id)! : null;
    const input: Input = source
      ? {
          from: sql.raw(`${source.name} x`),
          region: source.cut.region ? { expr: 'x.region', level: source.cut.region } : null,
          industry: source.cut.industry ? { expr: 'x.industry', level: source.cut.industry } : null,
          size: source.cut.size ? 'x.size' : null,
          registration: source.cut.registration ? 'x.registration' : null,
          item: 'x.item',
          total: 'sum(x.total)',
          units: 'sum(x.units)::int',
        }
      : reportsInput;
    const { cut } = step;
    const region = cut.region
      ? regionExpr(input.region!.expr, input.region!.level, cut.region)
      : 'null::text';
    const industry = cut.industry
      ? industryExpr(input.industry!.expr, input.industry!.level, cut.industry)
      : { expr: 'null::text', join: '' };
    const size = cut.size ? input.size! : 'null::text';
    const registration = cut.registration ? input.registration! : 'null::text';
    await sql`
      create temporary table ${sql.raw(name)} on commit drop as
      select ${sql.raw(region)} as region, ${sql.raw(industry.expr)} as industry, ${sql.raw(size)} as size,
             ${sql.raw(registration)} as registration, ${sql.raw(input.item)} as item,
             ${sql.raw(input.total)} as total, ${sql.raw(input.units)} as units
        from ${input.from} ${sql.raw(industry.join)}
       ${source ? sql`` : sql`where ${current}`}
       group by 1, 2, 3, 4, 5`.execute(trx);
    tables.set(cut.id, { name, cut });
  }
  for (const { name, cut } of tables.values()) {
    await sql`
      insert into aggregation.cells (form_id, period, cut, cell, totals, units)
      select ${k.formId}::uuid, ${k.period}, ${cut.id},
             concat_ws('/', x.region, x.industry, x.size, x.registration),
             -- Most cells have every item: then the ordered arrays are already dense.
             case when count(*) = ${items}::int then array_agg(x.total order by f.ord)
                  else aggregation.dense_totals(array_agg(f.ord), array_agg(x.total), ${items}::int) end,
             case when count(*) = ${items}::int then array_agg(x.units order by f.ord)
                  else aggregation.dense_units(array_agg(f.ord), array_agg(x.units), ${items}::int) end
        from ${sql.raw(name)} x
        join aggregation.form_items f on f.form_id = ${k.formId} and f.item = x.item
       group by x.region, x.industry, x.size, x.registration`.execute(trx);
  }
  for (const name of ['agg_groupings', ...[...tables.values()].map((t) => t.name)]) {
    await sql`drop table ${sql.raw(name)}`.execute(trx);
  }
}
