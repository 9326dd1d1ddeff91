import { type Kysely, sql } from 'kysely';

/**
 * Aggregation (汇总) and the original microdata database (统计原始数据库).
 *
 * `reports` is the microdata: one row per approved submission and vintage (版本), with the values
 * that aggregate (`items`/`vals`) and every other numeric value (`other_items`/`other_vals`:
 * ratios, last-year and previous-period columns) as parallel arrays (one row per approval instead of one per value keeps an approval one
 * insert and a period of 100,000 units 100,000 rows) and the classification and cell keys it was
 * added under, so a withdrawal subtracts exactly what was added even if the register changed since.
 * A vintage is never changed except to close it (`withdrawn_at`): "as known on date D" is
 * `approved_at <= D < withdrawn_at`. Under Citus it distributes by `unit_id`, like collection.
 *
 * `cells` holds the live sums and unit counts per form × period × cut × item × cell, maintained in
 * the approving transaction; it always equals a recomputation from the current reports. Under
 * Citus it distributes by `period`.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create schema if not exists aggregation`.execute(db);

  await sql`
    create table aggregation.reports (
      unit_id uuid not null,
      form_id uuid not null,
      period text not null,
      vintage integer not null,
      form_version integer not null,
      township text not null,
      industry_class text not null,
      size_class text,
      registration_type text,
      cell_keys text[] not null,
      items text[] not null,
      vals numeric[] not null,
      other_items text[] not null default '{}',
      other_vals numeric[] not null default '{}',
      approved_at timestamptz not null,
      approved_by text not null,
      withdrawn_at timestamptz,
      withdrawn_by text,
      primary key (unit_id, form_id, period, vintage),
      check (cardinality(items) = cardinality(vals)),
      check (cardinality(other_items) = cardinality(other_vals)),
      check (withdrawn_at is null or withdrawn_at >= approved_at)
    )`.execute(db);
  // At most one current vintage per submission; also the index of every current-state read.
  await sql`
    create unique index reports_current_idx on aggregation.reports (form_id, period, unit_id)
      where withdrawn_at is null`.execute(db);
  // "As known on date D" reads scan a form × period by approval time.
  await sql`create index reports_history_idx on aggregation.reports (form_id, period, approved_at)`.execute(
    db,
  );

  await sql`
    create table aggregation.cells (
      form_id uuid not null,
      period text not null,
      cut text not null,
      item text not null,
      cell text not null,
      total numeric not null,
      units integer not null,
      primary key (form_id, period, cut, item, cell)
    )`.execute(db);

  // Periods whose cells are not kept (history loaded in bulk, e.g. the demo's three years): their
  // tables are summed from the reports on demand and approvals there only write reports. A period
  // is cold from the start or never, so live maintenance never races a change of state.
  await sql`
    create table aggregation.cold_periods (
      form_id uuid not null,
      period text not null,
      primary key (form_id, period)
    )`.execute(db);

  // 数据封库 (sign-off): a period's aggregates as of that moment are the frozen release; later
  // corrections make new vintages and a later sign-off (seq 2, 3 …) publishes them as revised.
  await sql`
    create table aggregation.sign_offs (
      form_id uuid not null,
      period text not null,
      seq integer not null,
      signed_at timestamptz not null,
      signed_by text not null,
      note text,
      primary key (form_id, period, seq)
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop schema if exists aggregation cascade`.execute(db);
}
