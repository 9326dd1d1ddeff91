import { type Kysely, sql } from 'kysely';

/**
 * The codes of each dataset with the minute from which they have visible data (one row per
 * dataset, dimension and code; periods with their ordinal). A cell's chain of vintages never
 * ends once it began, so a code is visible at `at` exactly when its first row's minute is <= at:
 * the public metadata (code lists, period spans) reads this small table instead of scanning the
 * observations. Rebuilt for a dataset by every staging, unstaging, move and cancellation.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table publication.dataset_codes (
      dataset text not null,
      dimension text not null,
      code text not null,
      ord int not null,
      visible_from timestamptz not null,
      primary key (dataset, dimension, code)
    )`.execute(db);
}
