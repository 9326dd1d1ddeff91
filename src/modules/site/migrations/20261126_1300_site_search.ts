import { type Kysely, sql } from 'kysely';

/**
 * The site's search index (站内搜索): one row per public document — article, dataset, released
 * calendar entry, published question. `terms` is jieba's segmentation in a `simple` tsvector
 * (title weighted A, the rest B); trigram indexes on the titles serve partial matches (零售 in
 * 社会消费品零售总额); `visible_from`/`visible_to` keep the embargo inside every query.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);
  await sql`create schema if not exists site`.execute(db);
  await sql`
    create table site.documents (
      key text primary key,
      kind text not null check (kind in ('article', 'dataset', 'release', 'question')),
      url text not null,
      title_zh text not null,
      title_en text not null,
      body text not null,
      terms tsvector not null,
      visible_from timestamptz not null,
      visible_to timestamptz,
      check (visible_to is null or visible_to > visible_from)
    )`.execute(db);
  await sql`create index documents_terms on site.documents using gin (terms)`.execute(db);
  await sql`create index documents_title_zh_trgm on site.documents using gin (title_zh gin_trgm_ops)`.execute(
    db,
  );
  await sql`create index documents_title_en_trgm on site.documents using gin (title_en gin_trgm_ops)`.execute(
    db,
  );
  await sql`create index documents_visible on site.documents (visible_from)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop schema site cascade`.execute(db);
}
