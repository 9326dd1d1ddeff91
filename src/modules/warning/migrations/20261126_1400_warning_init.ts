import { type Kysely, sql } from 'kysely';

/**
 * Early warning (预警): signal systems and their indicators, alert rules, subscriptions, fired
 * alerts and evaluation state. Series are named by the statistical database's indicator code and
 * dimension codes; no foreign keys leave the schema.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create schema if not exists warning`.execute(db);

  // A signal system (景气预警信号系统): the composite's four boundaries; its indicators below.
  await sql`
    create table warning.systems (
      id uuid primary key,
      code text not null unique,
      name_zh text not null,
      name_en text not null,
      frequency text not null check (frequency in ('monthly', 'quarterly', 'annual')),
      composite_boundaries jsonb not null,
      watch_from text not null,
      version integer not null default 1,
      created_by text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);

  // Each indicator of a system: the series (indicator × dims), its transform, four boundaries, weight.
  await sql`
    create table warning.system_indicators (
      system_id uuid not null references warning.systems (id) on delete cascade,
      position integer not null,
      key text not null,
      indicator text not null,
      dims jsonb not null,
      transform text not null check (transform in ('level', 'yoy', 'mom')),
      seasonally_adjusted boolean not null default false,
      boundaries jsonb not null,
      weight numeric not null check (weight > 0),
      primary key (system_id, position),
      unique (system_id, key)
    )`.execute(db);
  // Which systems a change of the statistical database touches.
  await sql`create index system_indicators_series_idx on warning.system_indicators (indicator)`.execute(db);

  // Alert rules: a threshold on any series, or a condition on a system's lights.
  await sql`
    create table warning.rules (
      id uuid primary key,
      name_zh text not null,
      name_en text not null,
      kind text not null check (kind in ('threshold', 'light')),
      indicator text,
      dims jsonb,
      transform text check (transform in ('level', 'yoy', 'mom')),
      seasonally_adjusted boolean not null default false,
      above numeric,
      below numeric,
      system_id uuid,
      target text,
      light_condition text check (light_condition in ('changes', 'outside_normal')),
      watch_from text not null,
      version integer not null default 1,
      created_by text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (kind <> 'threshold' or (indicator is not null and dims is not null and transform is not null
        and (above is not null or below is not null))),
      check (kind <> 'light' or (system_id is not null and target is not null and light_condition is not null))
    )`.execute(db);
  await sql`create index rules_indicator_idx on warning.rules (indicator)`.execute(db);
  await sql`create index rules_system_idx on warning.rules (system_id)`.execute(db);

  // Staff subscribed to a system (its composite light changing) or to a rule.
  await sql`
    create table warning.subscriptions (
      account_id text not null,
      source_kind text not null check (source_kind in ('system', 'rule')),
      source_id uuid not null,
      created_at timestamptz not null default now(),
      primary key (source_id, account_id)
    )`.execute(db);
  await sql`create index subscriptions_account_idx on warning.subscriptions (account_id)`.execute(db);

  // Fired alerts: the unique key makes each fire once per source × target × period, however often
  // or in how many processes evaluation runs.
  await sql`
    create table warning.alerts (
      id uuid primary key,
      source_kind text not null check (source_kind in ('system', 'rule')),
      source_id uuid not null,
      target text not null,
      period text not null,
      state text not null check (state in ('firing', 'recovered', 'event')),
      value text,
      reason_zh text not null,
      reason_en text not null,
      notified integer not null default 0,
      fired_at timestamptz not null default now(),
      recovered_in text,
      recovered_at timestamptz,
      unique (source_id, target, period)
    )`.execute(db);
  await sql`create index alerts_fired_idx on warning.alerts (fired_at)`.execute(db);

  // When each system or rule was last evaluated, and what came of it.
  await sql`
    create table warning.evaluations (
      source_id uuid primary key,
      source_kind text not null,
      evaluated_at timestamptz not null,
      latest_period text,
      fired integer not null,
      recovered integer not null
    )`.execute(db);
}
