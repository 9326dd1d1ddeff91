import { type Kysely, sql } from 'kysely';

/**
 * Online direct reporting (联网直报). Every table that grows with data carries `unit_id` first in
 * its primary key: under Citus they are distributed by `unit_id`, so one unit's report (its
 * submission, cells, versions, rule results and explanations) is co-located and a submission is
 * a single-shard transaction. No foreign keys to other modules (they would cross schemas and,
 * under Citus, shards); integrity across modules is the service's job.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create schema if not exists collection`.execute(db);

  // One row per (unit, form, period) once the unit has saved anything; absence = not started.
  await sql`
    create table collection.submissions (
      unit_id uuid not null,
      form_id uuid not null,
      period text not null,
      status text not null check (status in ('draft','submitted','returned','approved')),
      form_version_id uuid not null,
      form_version_number integer not null,
      -- optimistic concurrency: every write increments it and may require the value it read
      version integer not null default 1,
      -- number of the latest saved version in collection.submission_versions
      last_seq integer not null default 0,
      late boolean not null default false,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      updated_by text,
      submitted_at timestamptz,
      submitted_by text,
      submitted_via text check (submitted_via in ('session','token')),
      primary key (unit_id, form_id, period)
    )`.execute(db);
  await sql`create index submissions_form_period_idx on collection.submissions (form_id, period, status)`.execute(
    db,
  );

  // The current value of each non-blank cell (entered and computed). Numbers are kept in an exact
  // numeric column so aggregation can sum in SQL without floating point; text and codes in their
  // own column. A blank cell has no row.
  await sql`
    create table collection.cell_values (
      unit_id uuid not null,
      form_id uuid not null,
      period text not null,
      indicator text not null,
      column_code text not null,
      num numeric,
      txt text,
      computed boolean not null default false,
      primary key (unit_id, form_id, period, indicator, column_code),
      check ((num is null) <> (txt is null))
    )`.execute(db);

  // Every saved version, never changed: a snapshot of all values and explanations.
  await sql`
    create table collection.submission_versions (
      unit_id uuid not null,
      form_id uuid not null,
      period text not null,
      seq integer not null,
      reason text not null check (reason in ('autosave','save','submit','api')),
      status text not null,
      form_version_id uuid not null,
      cell_values jsonb not null,
      explanations jsonb not null,
      actor_id text,
      actor_name text,
      created_at timestamptz not null default now(),
      primary key (unit_id, form_id, period, seq)
    )`.execute(db);

  // The results of the last check of each rule (server-side, authoritative).
  await sql`
    create table collection.rule_results (
      unit_id uuid not null,
      form_id uuid not null,
      period text not null,
      rule_id text not null,
      severity text not null check (severity in ('fatal','verify','hint')),
      outcome text not null check (outcome in ('pass','fail','na')),
      used_values jsonb not null,
      message jsonb,
      na_reason jsonb,
      checked_at timestamptz not null default now(),
      primary key (unit_id, form_id, period, rule_id)
    )`.execute(db);

  // 说明: the unit's explanation of a verify failure, one per rule; travels with the submission.
  await sql`
    create table collection.explanations (
      unit_id uuid not null,
      form_id uuid not null,
      period text not null,
      rule_id text not null,
      body text not null,
      written_by text,
      written_at timestamptz not null default now(),
      primary key (unit_id, form_id, period, rule_id)
    )`.execute(db);

  // Client-supplied idempotency keys of API submissions, with the first answer.
  await sql`
    create table collection.idempotency_keys (
      unit_id uuid not null,
      key text not null,
      request_hash text not null,
      form_id uuid not null,
      period text not null,
      status_code integer not null,
      response jsonb not null,
      account_id text,
      created_at timestamptz not null default now(),
      primary key (unit_id, key)
    )`.execute(db);

  // Periods closed by hand before their grace ends (small: a Citus reference table).
  await sql`
    create table collection.period_closures (
      form_id uuid not null,
      period text not null,
      reason text not null,
      closed_by text,
      closed_at timestamptz not null default now(),
      primary key (form_id, period)
    )`.execute(db);
}
