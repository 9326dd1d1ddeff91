import { type Kysely, sql } from 'kysely';

/** Idempotency keys are pruned by age (housekeeping.ts): an index on it keeps the daily delete cheap. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index idempotency_keys_created_idx on collection.idempotency_keys (created_at)`.execute(
    db,
  );
}
