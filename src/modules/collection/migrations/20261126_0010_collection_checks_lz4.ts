import { type Kysely, sql } from 'kysely';

/**
 * A check's results (some 7 KB of JSON for 60 rules) are compressed with lz4 where the server
 * has it, like the saved snapshots and idempotency answers: cheaper in CPU than the default pglz.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const lz4 = await sql<{ ok: boolean }>`
    select exists (
      select 1 from pg_settings where name = 'default_toast_compression' and 'lz4' = any(enumvals)
    ) as ok`.execute(db);
  if (lz4.rows[0]?.ok) {
    await sql`alter table collection.checks alter column results set compression lz4`.execute(db);
  }
}
