import { type Kysely, sql } from 'kysely';

/**
 * The statistical database (综合数据库): indicator metadata and observations with vintages.
 *
 * A revision never overwrites: the row in force has `valid_to` null; a new value closes it
 * (`valid_to` = the instant of the revision) and inserts the next vintage, so the database as it
 * stood at any instant is `valid_from <= t < coalesce(valid_to, ∞)`. Observations carry `period`
 * first in their keys so that under Citus they distribute by period (a release writes one period
 * of many series on one shard); a series query fans out over the periods it asks for.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create schema if not exists statdb`.execute(db);

  await sql`
    create table statdb.indicators (
      code text primary key,
      name_zh text not null,
      name_en text not null,
      unit_zh text not null,
      unit_en text not null,
      definition_zh text not null,
      definition_en text not null,
      source text not null,
      frequency text not null check (frequency in ('M', 'Q', 'A')),
      kind text not null check (kind in ('flow', 'stock', 'index')),
      decimals int not null,
      footnotes jsonb not null default '[]',
      dimensions text[] not null,
      updated_by text not null,
      updated_at timestamptz not null default now()
    )`.execute(db);

  // The dimensions' code lists, copied from the register's reference data at every start (so
  // writes inside any transaction can check codes without reaching into another module).
  await sql`
    create table statdb.codes (
      dimension text not null,
      code text not null,
      name_zh text not null,
      name_en text not null,
      parent text,
      level text not null,
      ord int not null,
      primary key (dimension, code)
    )`.execute(db);

  await sql`
    create table statdb.observations (
      id bigserial not null,
      period text not null,
      indicator text not null,
      dims_key text not null,
      dims jsonb not null,
      period_ord int not null,
      value numeric,
      status text not null check (status in ('preliminary', 'revised', 'final')),
      note text,
      source text not null,
      recorded_by text not null,
      valid_from timestamptz not null,
      valid_to timestamptz,
      primary key (period, id),
      check (valid_to is null or valid_to >= valid_from)
    )`.execute(db);
  // One vintage in force per key: what makes concurrent publishes of one key conflict, not both win.
  await sql`
    create unique index observations_current_key on statdb.observations (period, indicator, dims_key)
    where valid_to is null`.execute(db);
  // Series reads (current and as of an instant) and vintage lists.
  await sql`
    create index observations_series_idx on statdb.observations (indicator, dims_key, period_ord, valid_from)`.execute(
    db,
  );
}
