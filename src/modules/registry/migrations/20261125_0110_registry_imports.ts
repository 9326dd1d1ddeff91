import { type Kysely, sql } from 'kysely';

/**
 * Register imports (名录导入): an uploaded file's checked rows wait here, with every bad row and
 * its reason, until the person confirms — then they are written in one transaction.
 * Plus indexes the register search needs at 100,000 units: industry prefixes (`like '13%'`)
 * and the default sort by name.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table registry.import_batches (
      id uuid primary key default gen_random_uuid(),
      account_id text not null,
      file_name text,
      format text not null check (format in ('csv','xlsx')),
      mode text not null check (mode in ('upsert','insert')),
      status text not null default 'previewed' check (status in ('previewed','confirmed','discarded')),
      total_rows integer not null,
      rows jsonb not null,
      errors jsonb not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      confirmed_at timestamptz
    )`.execute(db);
  await sql`create index import_batches_account_idx on registry.import_batches (account_id, created_at)`.execute(
    db,
  );
  await sql`create index units_industry_prefix_idx on registry.units (industry_code text_pattern_ops)`.execute(
    db,
  );
  await sql`create index units_name_idx on registry.units (name, id)`.execute(db);
  await sql`create index units_size_idx on registry.units (size_class)`.execute(db);
}
