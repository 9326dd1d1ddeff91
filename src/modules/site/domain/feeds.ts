/**
 * RSS 2.0 (the whole site and per channel) and the sitemap protocol's XML. Pure: the caller
 * passes only what is visible at its instant, with absolute URLs.
 */

/** Whether XML 1.0 allows the character (others are dropped rather than written). */
function xmlChar(ch: string): boolean {
  const c = ch.codePointAt(0)!;
  return (
    c === 0x9 ||
    c === 0xa ||
    c === 0xd ||
    (c >= 0x20 && c <= 0xd7ff) ||
    (c >= 0xe000 && c <= 0xfffd) ||
    c >= 0x10000
  );
}

/** Escapes text for XML element content and attributes. */
export function escapeXml(text: string): string {
  return [...text]
    .filter(xmlChar)
    .join('')
    .replace(
      /[&<>"']/g,
      (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!,
    );
}

export interface FeedItem {
  title: string;
  link: string;
  description: string;
  publishedAt: Date;
  category?: string;
}

export interface Feed {
  title: string;
  link: string;
  self: string;
  description: string;
  language: string;
  items: FeedItem[];
}

/** An RSS 2.0 document (with atom:link rel=self, as feed validators ask). */
export function rss(feed: Feed): string {
  const e = escapeXml;
  const newest = feed.items.reduce<Date | null>(
    (m, i) => (!m || i.publishedAt > m ? i.publishedAt : m),
    null,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>${e(feed.title)}</title>
<link>${e(feed.link)}</link>
<atom:link href="${e(feed.self)}" rel="self" type="application/rss+xml"/>
<description>${e(feed.description)}</description>
<language>${e(feed.language)}</language>
${newest ? `<lastBuildDate>${newest.toUTCString()}</lastBuildDate>\n` : ''}${feed.items
  .map(
    (i) => `<item>
<title>${e(i.title)}</title>
<link>${e(i.link)}</link>
<guid isPermaLink="true">${e(i.link)}</guid>
<pubDate>${i.publishedAt.toUTCString()}</pubDate>
${i.category ? `<category>${e(i.category)}</category>\n` : ''}<description>${e(i.description)}</description>
</item>
`,
  )
  .join('')}</channel>
</rss>
`;
}

export interface SitemapEntry {
  loc: string;
  lastmod?: Date;
}

/** A sitemap (sitemaps.org 0.9). */
export function sitemap(entries: SitemapEntry[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${entries
  .map(
    (u) =>
      `<url><loc>${escapeXml(u.loc)}</loc>${u.lastmod ? `<lastmod>${u.lastmod.toISOString()}</lastmod>` : ''}</url>`,
  )
  .join('\n')}
</urlset>
`;
}
