import { type Kysely, sql } from 'kysely';

/**
 * The register (名录库): divisions, industries, statistical offices and reporting units.
 * Units carry their township, county and city codes so scope filters and aggregations are plain
 * equality lookups; at province scale `registry.units` is distributed by `id` (Citus).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);
  await sql`create schema if not exists registry`.execute(db);
  await sql`
    create table registry.divisions (
      code text primary key,
      name text not null,
      level text not null check (level in ('province','city','county','township')),
      parent_code text,
      source text
    )`.execute(db);
  await sql`create index divisions_parent_idx on registry.divisions (parent_code)`.execute(db);
  await sql`
    create table registry.industries (
      code text primary key,
      level text not null check (level in ('section','division','group','class')),
      parent_code text references registry.industries (code),
      section text not null,
      name text not null
    )`.execute(db);
  await sql`create index industries_parent_idx on registry.industries (parent_code)`.execute(db);
  await sql`
    create table registry.industry_groupings (
      id text primary key,
      name text not null,
      name_en text,
      source text,
      codes text[] not null
    )`.execute(db);
  await sql`
    create table registry.offices (
      id text primary key,
      name text not null,
      level text not null check (level in ('city','county','township')),
      division_code text not null unique references registry.divisions (code)
    )`.execute(db);
  await sql`
    create table registry.units (
      id uuid primary key default gen_random_uuid(),
      credit_code text not null,
      name text not null,
      township_code text not null references registry.divisions (code),
      county_code text not null,
      city_code text not null,
      industry_code text not null references registry.industries (code),
      section_code text not null,
      registration_type text not null,
      employees integer check (employees >= 0),
      revenue_thousand_yuan numeric(18, 1) check (revenue_thousand_yuan >= 0),
      size_class text check (size_class in ('large','medium','small','micro')),
      status text not null default 'active' check (status in ('active','suspended','exited')),
      entry_date date not null,
      exit_date date,
      address text,
      contact_name text,
      contact_phone text,
      contact_email text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      version integer not null default 1
    )`.execute(db);
  await sql`create unique index units_credit_code_key on registry.units (credit_code)`.execute(db);
  await sql`create index units_township_idx on registry.units (township_code)`.execute(db);
  await sql`create index units_county_idx on registry.units (county_code)`.execute(db);
  await sql`create index units_city_idx on registry.units (city_code)`.execute(db);
  await sql`create index units_industry_idx on registry.units (industry_code)`.execute(db);
  await sql`create index units_section_idx on registry.units (section_code)`.execute(db);
  await sql`create index units_name_trgm on registry.units using gin (name gin_trgm_ops)`.execute(db);
  await sql`create index units_credit_code_trgm on registry.units using gin (credit_code gin_trgm_ops)`.execute(
    db,
  );
}
