/**
 * The search index's SQL (schema `site`, its own table only): replace the documents, and search
 * them at an instant. Works the same on PGlite and PostgreSQL.
 */
import { sql } from 'kysely';
import type { Db } from '../../../platform/db.ts';
import { containsPattern } from '../../../platform/sql-helpers.ts';
import { indexTerms } from './segment.ts';

export type DocumentKind = 'article' | 'dataset' | 'release' | 'question';

/** A public document as the index keeps it. */
export interface SearchDocument {
  key: string;
  kind: DocumentKind;
  url: string;
  title: { zh: string; en: string };
  /** Plain text (summary, body, answer …), also what snippets are cut from. */
  body: string;
  visibleFrom: Date;
  visibleTo: Date | null;
}

export interface SearchHit {
  key: string;
  kind: DocumentKind;
  url: string;
  title: { zh: string; en: string };
  body: string;
  visibleFrom: Date;
}

/** Replaces every document in one transaction (the corpus is small: a rebuild is simpler than a diff). */
export async function replaceDocuments(db: Db, docs: SearchDocument[]): Promise<void> {
  const rows = docs.map((d) => ({
    ...d,
    titleTerms: indexTerms(`${d.title.zh} ${d.title.en}`),
    bodyTerms: indexTerms(d.body),
  }));
  await db.transaction().execute(async (trx) => {
    await sql`delete from site.documents`.execute(trx);
    for (let i = 0; i < rows.length; i += 200) {
      const batch = rows.slice(i, i + 200);
      await sql`
        insert into site.documents (key, kind, url, title_zh, title_en, body, terms, visible_from, visible_to)
        values ${sql.join(
          batch.map(
            (r) => sql`(${r.key}, ${r.kind}, ${r.url}, ${r.title.zh}, ${r.title.en}, ${r.body},
              setweight(to_tsvector('simple', ${r.titleTerms}), 'A') ||
              setweight(to_tsvector('simple', ${r.bodyTerms}), 'B'),
              ${r.visibleFrom}, ${r.visibleTo})`,
          ),
        )}
        on conflict (key) do nothing`.execute(trx);
    }
  });
}

/**
 * Documents visible at `at` that match: every query word (`all`) or any of them, or whose title
 * contains the query as typed (the trigram indexes). Ranked by text rank, a title hit first.
 */
export async function searchDocuments(
  db: Db,
  q: { text: string; words: string[]; all: boolean; at: Date; limit: number; offset: number },
): Promise<{ hits: SearchHit[]; total: number }> {
  // Words are letters and digits only (segment.ts), so quoting them makes a valid tsquery.
  const tsquery = q.words.length ? q.words.map((w) => `'${w}'`).join(q.all ? ' & ' : ' | ') : null;
  const pattern = containsPattern(q.text);
  const rows = await sql<{
    key: string;
    kind: DocumentKind;
    url: string;
    title_zh: string;
    title_en: string;
    body: string;
    visible_from: Date;
    total: number;
  }>`
    select key, kind, url, title_zh, title_en, body, visible_from, count(*) over () :: int as total
    from site.documents
    where visible_from <= ${q.at} and (visible_to is null or visible_to > ${q.at})
      and (${tsquery === null ? sql`false` : sql`terms @@ to_tsquery('simple', ${tsquery})`}
           or title_zh ilike ${pattern} or title_en ilike ${pattern})
    order by
      (case when title_zh ilike ${pattern} or title_en ilike ${pattern} then 1 else 0 end) desc,
      ${tsquery === null ? sql`` : sql`ts_rank(terms, to_tsquery('simple', ${tsquery})) desc,`}
      similarity(title_zh, ${q.text}) desc,
      visible_from desc, key
    limit ${q.limit} offset ${q.offset}`.execute(db);
  return {
    total: rows.rows[0]?.total ?? 0,
    hits: rows.rows.map((r) => ({
      key: r.key,
      kind: r.kind,
      url: r.url,
      title: { zh: r.title_zh, en: r.title_en },
      body: r.body,
      visibleFrom: r.visible_from,
    })),
  };
}
