import { type Kysely, sql } from 'kysely';

/**
 * Batch re-checks (批量重新审核): which form version's rules produced a submission's stored rule
 * results, when that is not the version it was saved under (a re-check after a new version
 * changed the rules). Null means the version it was saved under.
 *
 * The big JSON documents written with every submission (saved snapshots, the answer kept for an
 * idempotency key) are compressed with lz4 where the server has it: several times cheaper in CPU
 * than the default pglz, for the same durability.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table collection.submissions add column checked_version_id uuid`.execute(db);
  const lz4 = await sql<{ ok: boolean }>`
    select exists (
      select 1 from pg_settings where name = 'default_toast_compression' and 'lz4' = any(enumvals)
    ) as ok`.execute(db);
  if (lz4.rows[0]?.ok) {
    await sql`alter table collection.submission_versions alter column cell_values set compression lz4`.execute(
      db,
    );
    await sql`alter table collection.idempotency_keys alter column response set compression lz4`.execute(db);
  }
}
