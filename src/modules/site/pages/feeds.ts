/**
 * The machine-readable faces: RSS 2.0 of the latest articles (all channels, or one), the sitemap
 * of every public page, and robots.txt. All read at the request's instant, so an embargoed
 * article or dataset is in none of them before its minute.
 */
import { rss, type SitemapEntry, sitemap } from '../domain/feeds.ts';
import { labelsOf, type RenderContext, SITE } from '../layout.ts';
import { articleHref, CHANNELS, type PageDeps } from './common.ts';

const FEED_SIZE = 20;

export async function feedXml(
  ctx: RenderContext,
  deps: PageDeps,
  origin: string,
  channel?: string,
): Promise<string> {
  const l = labelsOf(ctx);
  const { items } = await deps.cms.articles(
    { ...(channel ? { channel } : {}), page: 1, pageSize: FEED_SIZE },
    ctx.at,
  );
  const title = channel ? `${l.bureau} — ${l.channels[channel] ?? channel}` : l.feedTitle;
  return rss({
    title,
    link: `${origin}${channel ? `${SITE}/articles/${channel}` : `${SITE}/`}`,
    self: `${origin}${channel ? `${SITE}/articles/${channel}/feed.xml` : `${SITE}/feed.xml`}`,
    description: title,
    language: ctx.locale,
    items: items.map((a) => ({
      title: a.title,
      link: `${origin}${articleHref(a)}`,
      description: a.summary,
      publishedAt: new Date(a.publishedAt),
      category: l.channels[a.channel] ?? a.channel,
    })),
  });
}

async function allPages<T>(read: (page: number) => Promise<{ items: T[]; total: number }>): Promise<T[]> {
  const out: T[] = [];
  for (let page = 1; ; page++) {
    const { items, total } = await read(page);
    out.push(...items);
    if (items.length === 0 || out.length >= total) return out;
  }
}

export async function sitemapXml(ctx: RenderContext, deps: PageDeps, origin: string): Promise<string> {
  const [articles, datasets, questions] = await Promise.all([
    allPages((page) => deps.cms.articles({ page, pageSize: 100 }, ctx.at)),
    deps.publication.datasets(ctx.at),
    allPages((page) => deps.cms.questions({ page, pageSize: 100 }, ctx.at)),
  ]);
  const abs = (path: string) => `${origin}${path}`;
  const entries: SitemapEntry[] = [
    ...['/', '/data', '/calendar', '/open-gov', '/interaction'].map((p) => ({ loc: abs(`${SITE}${p}`) })),
    ...CHANNELS.filter((c) => c !== 'open-gov').map((c) => ({ loc: abs(`${SITE}/articles/${c}`) })),
    ...articles.map((a) => ({ loc: abs(articleHref(a)), lastmod: new Date(a.publishedAt) })),
    ...datasets.map((d) => ({
      loc: abs(`${SITE}/data/${encodeURIComponent(d.code)}`),
      lastmod: new Date(d.updatedAt),
    })),
    ...questions.map((q) => ({
      loc: abs(`${SITE}/interaction/${encodeURIComponent(q.id)}`),
      lastmod: new Date(q.publishedAt),
    })),
  ];
  return sitemap(entries);
}

export function robotsTxt(origin: string): string {
  return `User-agent: *
Allow: ${SITE}/
Allow: /open/
Allow: /files/
Disallow: /

Sitemap: ${origin}${SITE}/sitemap.xml
`;
}
