import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create schema if not exists identity`.execute(db);
  await sql`
    create table identity.accounts (
      id uuid primary key default gen_random_uuid(),
      username text not null,
      display_name text not null,
      role text not null check (role in ('enterprise','township_statistician','county_statistician','city_statistician','designer','admin')),
      office_id text,
      division_code text,
      unit_id uuid,
      password_hash text not null,
      password_changed_at timestamptz not null default now(),
      failed_attempts integer not null default 0,
      locked_until timestamptz,
      disabled boolean not null default false,
      email text,
      phone text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      version integer not null default 1,
      constraint accounts_binding check (
        (role = 'enterprise' and unit_id is not null and office_id is null)
        or (role like '%_statistician' and office_id is not null and division_code is not null and unit_id is null)
        or (role in ('designer','admin') and unit_id is null)
      )
    )`.execute(db);
  await sql`create unique index accounts_username_key on identity.accounts (lower(username))`.execute(db);
  await sql`create index accounts_unit_idx on identity.accounts (unit_id)`.execute(db);
  await sql`create index accounts_office_idx on identity.accounts (office_id)`.execute(db);
  await sql`
    create table identity.sessions (
      id text primary key,
      account_id uuid not null references identity.accounts (id) on delete cascade,
      csrf_token text not null,
      created_at timestamptz not null default now(),
      last_seen_at timestamptz not null default now(),
      expires_at timestamptz not null,
      ip text,
      user_agent text,
      revoked_at timestamptz
    )`.execute(db);
  await sql`create index sessions_account_idx on identity.sessions (account_id)`.execute(db);
  await sql`
    create table identity.api_tokens (
      id uuid primary key default gen_random_uuid(),
      account_id uuid not null references identity.accounts (id) on delete cascade,
      name text not null,
      token_hash text not null unique,
      prefix text not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz,
      last_used_at timestamptz,
      revoked_at timestamptz
    )`.execute(db);
  await sql`create index api_tokens_account_idx on identity.api_tokens (account_id)`.execute(db);
}
