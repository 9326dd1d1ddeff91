import { type Kysely, sql } from 'kysely';

/**
 * The survey system (调查制度): surveys, their forms, versioned form definitions (kept both as
 * checked JSON and as the text the designer imported), reporting-scope rules per form and manual
 * scope overrides. Small tables: they grow with the number of forms, not with reported data,
 * so at scale they are Citus reference tables; overrides carry `unit_id` for co-location.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create schema if not exists surveys`.execute(db);
  await sql`
    create table surveys.surveys (
      id uuid primary key default gen_random_uuid(),
      code text not null unique,
      info jsonb not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`
    create table surveys.forms (
      id uuid primary key default gen_random_uuid(),
      survey_id uuid not null references surveys.surveys (id),
      code text not null,
      frequency text not null check (frequency in ('monthly','quarterly','annual')),
      info jsonb not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (survey_id, code)
    )`.execute(db);
  await sql`
    create table surveys.form_versions (
      id uuid primary key default gen_random_uuid(),
      form_id uuid not null references surveys.forms (id),
      number integer not null check (number >= 1),
      from_period text not null,
      until_period text,
      effective_until text,
      status text not null default 'draft' check (status in ('draft','active','retired')),
      definition jsonb not null,
      source_text text not null,
      source_format text not null check (source_format in ('yaml','json')),
      imported_by text,
      imported_at timestamptz not null default now(),
      activated_by text,
      activated_at timestamptz,
      retired_by text,
      retired_at timestamptz,
      unique (form_id, number)
    )`.execute(db);
  await sql`create index form_versions_status_idx on surveys.form_versions (form_id, status)`.execute(db);
  await sql`
    create table surveys.scope_rules (
      form_id uuid primary key references surveys.forms (id),
      rules jsonb not null,
      origin text not null check (origin in ('definition','manual')),
      set_by text,
      set_at timestamptz not null default now()
    )`.execute(db);
  await sql`
    create table surveys.scope_overrides (
      id uuid primary key default gen_random_uuid(),
      form_id uuid not null references surveys.forms (id),
      unit_id uuid not null,
      action text not null check (action in ('add','remove')),
      reason text not null,
      from_period text not null,
      until_period text,
      created_by text,
      created_at timestamptz not null default now(),
      revoked_by text,
      revoked_at timestamptz,
      revoke_reason text
    )`.execute(db);
  // At most one override in force per unit and form; a new one replaces it.
  await sql`create unique index scope_overrides_current_key on surveys.scope_overrides (form_id, unit_id) where revoked_at is null`.execute(
    db,
  );
  await sql`create index scope_overrides_form_idx on surveys.scope_overrides (form_id, created_at)`.execute(
    db,
  );
  await sql`create index scope_overrides_unit_idx on surveys.scope_overrides (unit_id)`.execute(db);
}
