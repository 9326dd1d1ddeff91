import { type Kysely, sql } from 'kysely';

/**
 * Multi-level review (审核). Tables that grow with data carry `unit_id` first in their key: under
 * Citus they are distributed by `unit_id` and co-located with collection's submissions, so a
 * decision (review state, history, collection's status, audit) is a single-shard transaction.
 * Level configurations are small (a Citus reference table). No foreign keys to other modules.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create schema if not exists review`.execute(db);

  // Review levels per form, lowest first; absent = township → county → city.
  await sql`
    create table review.level_configs (
      form_id uuid primary key,
      levels jsonb not null,
      updated_by text,
      updated_at timestamptz not null default now()
    )`.execute(db);

  // Where each handed-in submission stands; absent = waiting at the first level, never decided.
  await sql`
    create table review.states (
      unit_id uuid not null,
      form_id uuid not null,
      period text not null,
      level text not null check (level in ('township','county','city')),
      status text not null check (status in ('pending','returned','approved')),
      -- a round starts with each submission to review (the first, or after a return to the unit)
      round integer not null default 1,
      -- optimistic concurrency: every decision increments it and requires the value it read
      version integer not null default 1,
      reason text,
      updated_by text,
      updated_at timestamptz not null default now(),
      primary key (unit_id, form_id, period)
    )`.execute(db);
  await sql`create index states_form_period_idx on review.states (period, form_id)`.execute(db);

  // Every decision, never changed.
  await sql`
    create table review.decisions (
      unit_id uuid not null,
      form_id uuid not null,
      period text not null,
      seq integer not null,
      round integer not null,
      level text not null,
      decision text not null check (decision in ('approve','return_to_unit','return_to_level','reopen')),
      to_level text,
      reason text,
      actor_id text,
      actor_name text,
      actor_role text,
      decided_at timestamptz not null default now(),
      primary key (unit_id, form_id, period, seq)
    )`.execute(db);

  // 查询: a reviewer's question about one cell, and the thread that answers it.
  await sql`
    create table review.queries (
      unit_id uuid not null,
      id uuid not null,
      form_id uuid not null,
      period text not null,
      cell text not null,
      level text not null,
      status text not null check (status in ('open','closed')),
      opened_by text,
      opened_at timestamptz not null default now(),
      closed_by text,
      closed_at timestamptz,
      primary key (unit_id, id)
    )`.execute(db);
  await sql`create index queries_submission_idx on review.queries (unit_id, form_id, period)`.execute(db);
  await sql`create index queries_period_idx on review.queries (period, form_id, status)`.execute(db);
  await sql`
    create table review.query_messages (
      unit_id uuid not null,
      query_id uuid not null,
      seq integer not null,
      author_id text,
      author_name text,
      author_role text not null,
      body text not null,
      written_at timestamptz not null default now(),
      primary key (unit_id, query_id, seq),
      foreign key (unit_id, query_id) references review.queries (unit_id, id)
    )`.execute(db);

  // A reviewer's verdict on the unit's explanation (说明) of a failing verify rule. The judged
  // text is kept: once the unit rewrites its explanation, the verdict no longer applies.
  await sql`
    create table review.explanation_reviews (
      unit_id uuid not null,
      form_id uuid not null,
      period text not null,
      rule_id text not null,
      verdict text not null check (verdict in ('accepted','rejected')),
      note text,
      explanation text not null,
      level text,
      reviewer_id text,
      reviewer_name text,
      reviewed_at timestamptz not null default now(),
      primary key (unit_id, form_id, period, rule_id)
    )`.execute(db);
  await sql`create index explanation_reviews_period_idx on review.explanation_reviews (period, form_id)`.execute(
    db,
  );

  // Every rule failure review has seen (at each decision and verdict): a failure seen here that
  // no longer fails is "corrected" in the violations list.
  await sql`
    create table review.violations (
      unit_id uuid not null,
      form_id uuid not null,
      period text not null,
      rule_id text not null,
      severity text not null check (severity in ('fatal','verify','hint')),
      message jsonb,
      first_seen_at timestamptz not null default now(),
      last_seen_at timestamptz not null default now(),
      primary key (unit_id, form_id, period, rule_id)
    )`.execute(db);
  await sql`create index violations_period_idx on review.violations (period, form_id)`.execute(db);
}
