import { type Kysely, sql } from 'kysely';

/**
 * Cells as one row per form × period × cut × cell with the items' totals and unit counts as
 * arrays (instead of one row per item): an approval then upserts ~22 rows instead of ~2,200, and
 * a full recompute writes a hundredth of the rows into the primary key, which was most of its
 * time (see domain/README.md). Positions come from `form_items`, a per-form dictionary that only
 * grows (an item keeps its position for good), so arrays of different lengths still line up.
 *
 * Existing cells are converted in place; `totals[i]` is null and `units[i]` 0 where no unit
 * reported item i in the cell.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table aggregation.form_items (
      form_id uuid not null,
      item text not null,
      ord integer not null check (ord > 0),
      primary key (form_id, item),
      unique (form_id, ord)
    )`.execute(db);
  await sql`
    insert into aggregation.form_items (form_id, item, ord)
    select form_id, item, row_number() over (partition by form_id order by item)::int
      from (select distinct form_id, unnest(items) as item from aggregation.reports
            union select distinct form_id, item from aggregation.cells) t`.execute(db);

  // Elementwise sums of two arrays of different lengths (unnest pads the shorter with nulls).
  await sql`
    create function aggregation.add_totals(a numeric[], b numeric[]) returns numeric[]
      language sql immutable parallel safe as $$
        select array_agg(case when x is null and y is null then null else coalesce(x, 0) + coalesce(y, 0) end
                         order by i)
          from unnest(a, b) with ordinality as t(x, y, i) $$`.execute(db);
  await sql`
    create function aggregation.add_units(a integer[], b integer[]) returns integer[]
      language sql immutable parallel safe as $$
        select array_agg(coalesce(x, 0) + coalesce(y, 0) order by i)
          from unnest(a, b) with ordinality as t(x, y, i) $$`.execute(db);
  // Sparse (position, value) pairs to a dense array of n positions.
  await sql`
    create function aggregation.dense_totals(ords integer[], vals numeric[], n integer) returns numeric[]
      language sql immutable parallel safe as $$
        select array_agg(u.v order by i.i)
          from generate_series(1, n) as i(i) left join unnest(ords, vals) as u(o, v) on u.o = i.i $$`.execute(
    db,
  );
  await sql`
    create function aggregation.dense_units(ords integer[], vals integer[], n integer) returns integer[]
      language sql immutable parallel safe as $$
        select array_agg(coalesce(u.v, 0) order by i.i)
          from generate_series(1, n) as i(i) left join unnest(ords, vals) as u(o, v) on u.o = i.i $$`.execute(
    db,
  );

  await sql`alter table aggregation.cells rename to cells_by_item`.execute(db);
  await sql`
    create table aggregation.cells (
      form_id uuid not null,
      period text not null,
      cut text not null,
      cell text not null,
      totals numeric[] not null,
      units integer[] not null,
      primary key (form_id, period, cut, cell),
      check (cardinality(totals) = cardinality(units))
    )`.execute(db);
  await sql`
    insert into aggregation.cells (form_id, period, cut, cell, totals, units)
    select c.form_id, c.period, c.cut, c.cell,
           aggregation.dense_totals(array_agg(f.ord), array_agg(c.total), max(n.n)),
           aggregation.dense_units(array_agg(f.ord), array_agg(c.units), max(n.n))
      from aggregation.cells_by_item c
      join aggregation.form_items f on f.form_id = c.form_id and f.item = c.item
      join (select form_id, max(ord) as n from aggregation.form_items group by form_id) n on n.form_id = c.form_id
     group by c.form_id, c.period, c.cut, c.cell`.execute(db);
  await sql`drop table aggregation.cells_by_item`.execute(db);
}
