import { type Kysely, sql } from 'kysely';

/**
 * Content management (内容管理) and public questions (互动交流).
 *
 * Every save of an article is a row of `article_versions`; the article row carries the workflow
 * status of its newest version. What the public sees is `publications`: one row per published
 * version with `visible_from` (the publish minute, a scheduled minute, or a release's minute)
 * and `visible_to` (set when a newer version replaces it or the article is withdrawn), so a public
 * read at any instant is `visible_from <= at < coalesce(visible_to, ∞)` and nothing has to be
 * copied by a job when a minute comes.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create schema if not exists cms`.execute(db);

  // Uploaded files: metadata here, the bytes under the data folder by SHA-256 (deduplicated).
  await sql`
    create table cms.files (
      id text primary key,
      sha256 text not null,
      name text not null,
      mime text not null,
      size bigint not null,
      uploaded_by text not null,
      uploaded_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index files_sha256_idx on cms.files (sha256)`.execute(db);

  await sql`
    create table cms.articles (
      id text primary key,
      slug text not null unique,
      status text not null check (status in ('draft', 'in_review', 'approved', 'published', 'withdrawn')),
      version int not null,
      review_comment text,
      created_by text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index articles_status_idx on cms.articles (status, updated_at)`.execute(db);

  await sql`
    create table cms.article_versions (
      article_id text not null references cms.articles (id),
      version int not null,
      channel text not null,
      category text,
      title text not null,
      summary text not null,
      body_html text not null,
      attachments text[] not null default '{}',
      saved_by text not null,
      saved_at timestamptz not null default now(),
      primary key (article_id, version)
    )`.execute(db);

  await sql`
    create table cms.publications (
      id bigserial primary key,
      article_id text not null references cms.articles (id),
      version int not null,
      visible_from timestamptz not null,
      visible_to timestamptz,
      release_id text,
      file_ids text[] not null default '{}',
      published_by text not null,
      recorded_at timestamptz not null default now(),
      foreign key (article_id, version) references cms.article_versions (article_id, version),
      check (visible_to is null or visible_to >= visible_from)
    )`.execute(db);
  await sql`create index publications_article_idx on cms.publications (article_id, visible_from)`.execute(db);
  // The newest publication of an article is the one still open; there is at most one.
  await sql`create unique index publications_open_idx on cms.publications (article_id) where visible_to is null`.execute(
    db,
  );
  await sql`create index publications_visible_idx on cms.publications (visible_from, visible_to)`.execute(db);
  await sql`create index publications_release_idx on cms.publications (release_id) where release_id is not null`.execute(
    db,
  );

  // Questions from the public (互动交流): plain text as asked; the asker's contact is never public,
  // the address only as a keyed hash for the rate limit.
  await sql`
    create table cms.questions (
      id text primary key,
      title text not null,
      body text not null,
      asker_name text,
      contact text,
      asker_key text not null,
      asked_at timestamptz not null default now(),
      status text not null check (status in ('pending', 'answered', 'published', 'rejected')),
      answer text,
      answered_by text,
      answered_at timestamptz,
      published_at timestamptz,
      published_by text,
      moderation_note text
    )`.execute(db);
  await sql`create index questions_asker_idx on cms.questions (asker_key, asked_at)`.execute(db);
  await sql`create index questions_status_idx on cms.questions (status, published_at)`.execute(db);
}
