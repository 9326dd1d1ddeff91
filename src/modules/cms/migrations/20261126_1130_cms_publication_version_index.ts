import { type Kysely, sql } from 'kysely';

/** The foreign key from a publication to its version gets its index (the schema test asks for one per key). */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index publications_version_idx on cms.publications (article_id, version)`.execute(db);
}
