/**
 * The site search (站内搜索): documents gathered from publication's and cms's public faces at an
 * instant, kept in `site.documents`, rebuilt whenever the visibility window changes (a release or
 * publish minute passed, or either module said something changed) — lazily, before the first
 * search of the new window, so a search never answers from an index older than the embargo.
 */
import type { Db } from '../../../platform/db.ts';
import type { Logger } from '../../../platform/logging.ts';
import type { Freshness } from '../freshness.ts';
import { htmlToText } from '../html.ts';
import type { SitePorts } from '../ports.ts';
import { MAX_QUERY_CHARS, queryWords } from './segment.ts';
import { replaceDocuments, type SearchDocument, type SearchHit, searchDocuments } from './store.ts';

export interface SearchResult {
  /** The query as searched (trimmed, cut to MAX_QUERY_CHARS). */
  query: string;
  truncated: boolean;
  words: string[];
  hits: SearchHit[];
  total: number;
}

export interface SiteSearch {
  search(q: { text: string; page: number; pageSize: number }, at: Date): Promise<SearchResult>;
  /** Rebuilds the index from what is visible at `at`. */
  rebuild(at: Date): Promise<number>;
}

const EPOCH = new Date('2000-01-01T00:00:00Z');

/** Every public document visible at `at`, read through the two ports. */
export async function collectDocuments(ports: SitePorts, at: Date): Promise<SearchDocument[]> {
  const publication = ports.publication();
  const cms = ports.cms();
  const docs: SearchDocument[] = [];

  for (let page = 1; ; page++) {
    const { items, total } = await cms.articles({ page, pageSize: 100 }, at);
    for (const summary of items) {
      const article = await cms.article(summary.slug, at);
      if (!article) continue;
      docs.push({
        key: `article:${article.id}`,
        kind: 'article',
        url: `/site/articles/${encodeURIComponent(article.slug)}`,
        title: { zh: article.title, en: article.title },
        body: `${article.summary} ${htmlToText(article.bodyHtml)}`.trim(),
        visibleFrom: new Date(article.publishedAt),
        visibleTo: null,
      });
    }
    if (items.length === 0 || page * 100 >= total) break;
  }

  for (const summary of await publication.datasets(at)) {
    const meta = await publication.dataset(summary.code, at);
    const releases =
      meta?.releases.map((r) => Date.parse(r.releaseAt)).filter((t) => t <= at.getTime()) ?? [];
    docs.push({
      key: `dataset:${summary.code}`,
      kind: 'dataset',
      url: `/site/data/${encodeURIComponent(summary.code)}`,
      title: summary.title,
      body: [
        summary.description.zh,
        summary.description.en,
        ...(meta?.dimensions
          .find((d) => d.id === 'indicator')
          ?.codes.map((c) => `${c.label.zh} ${c.label.en}`) ?? []),
      ].join(' '),
      visibleFrom: new Date(releases.length ? Math.min(...releases) : Date.parse(summary.updatedAt)),
      visibleTo: null,
    });
  }

  for (const release of await publication.calendar({ from: EPOCH, to: at }, at)) {
    if (!release.released) continue;
    docs.push({
      key: `release:${release.id}`,
      kind: 'release',
      url: `/site/calendar?month=${release.releaseAt.slice(0, 7)}#release-${release.id}`,
      title: release.title,
      body: release.datasets.join(' '),
      visibleFrom: new Date(release.releaseAt),
      visibleTo: null,
    });
  }

  for (let page = 1; ; page++) {
    const { items, total } = await cms.questions({ page, pageSize: 100 }, at);
    for (const q of items) {
      docs.push({
        key: `question:${q.id}`,
        kind: 'question',
        url: `/site/interaction/${encodeURIComponent(q.id)}`,
        title: { zh: q.title, en: q.title },
        body: `${q.body} ${q.answer}`,
        visibleFrom: new Date(q.publishedAt),
        visibleTo: null,
      });
    }
    if (items.length === 0 || page * 100 >= total) break;
  }
  // A document whose stated minute lies after `at` cannot be visible; never let it claim so.
  return docs.map((d) => (d.visibleFrom > at ? { ...d, visibleFrom: at } : d));
}

export function createSiteSearch(deps: {
  db: Db;
  logger: Logger;
  ports: SitePorts;
  freshness: Freshness;
}): SiteSearch {
  let builtFor: number | null = null;
  let building: Promise<void> | null = null;

  const rebuild = async (at: Date) => {
    const docs = await collectDocuments(deps.ports, at);
    await replaceDocuments(deps.db, docs);
    return docs.length;
  };

  const ensure = async (at: Date) => {
    for (;;) {
      const { id: window } = await deps.freshness.windowOf(at);
      if (builtFor === window) return;
      building ??= rebuild(at)
        .then(() => {
          builtFor = window;
        })
        .finally(() => {
          building = null;
        });
      await building;
    }
  };

  return {
    rebuild,
    async search(q, at) {
      const trimmed = q.text.replace(/\s+/g, ' ').trim();
      const text = trimmed.slice(0, MAX_QUERY_CHARS);
      const words = queryWords(text);
      const base = { query: text, truncated: trimmed.length > MAX_QUERY_CHARS, words };
      if (!text) return { ...base, hits: [], total: 0 };
      await ensure(at);
      const page = { at, limit: q.pageSize, offset: (q.page - 1) * q.pageSize, text, words };
      // Every word first; when that finds nothing, any word.
      const strict = await searchDocuments(deps.db, { ...page, all: true });
      if (strict.total > 0 || words.length < 2) return { ...base, ...strict };
      return { ...base, ...(await searchDocuments(deps.db, { ...page, all: false })) };
    },
  };
}
