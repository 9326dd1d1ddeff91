import { type Kysely, sql } from 'kysely';

/** Import previews keep their counts, so showing one does not re-read every stored row. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table registry.import_batches
      add column valid_rows integer not null default 0,
      add column inserts integer not null default 0,
      add column updates integer not null default 0`.execute(db);
}
