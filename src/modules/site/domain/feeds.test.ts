import { describe, expect, it } from 'vitest';
import { escapeXml, rss, sitemap } from './feeds.ts';

describe('feeds', () => {
  it('writes RSS 2.0 with escaped text and RFC 822 dates', () => {
    const xml = rss({
      title: '宁波市统计局',
      link: 'https://example.org/site/',
      self: 'https://example.org/site/feed.xml',
      description: 'd',
      language: 'zh-CN',
      items: [
        {
          title: '<script>alert(1)</script> & 公报',
          link: 'https://example.org/site/articles/a?x=1&y=2',
          description: 'x\u0001y',
          publishedAt: new Date('2026-02-28T01:30:00Z'),
          category: '统计公报',
        },
      ],
    });
    expect(xml).toContain('<title>&lt;script&gt;alert(1)&lt;/script&gt; &amp; 公报</title>');
    expect(xml).toContain('<link>https://example.org/site/articles/a?x=1&amp;y=2</link>');
    expect(xml).toContain('<pubDate>Sat, 28 Feb 2026 01:30:00 GMT</pubDate>');
    expect(xml).toContain('<description>xy</description>');
    expect(xml).not.toContain('<script>');
  });

  it('writes a sitemap', () => {
    const xml = sitemap([{ loc: 'https://e.org/site/?a=1&b=2', lastmod: new Date('2026-01-01T00:00:00Z') }]);
    expect(xml).toContain(
      '<url><loc>https://e.org/site/?a=1&amp;b=2</loc><lastmod>2026-01-01T00:00:00.000Z</lastmod></url>',
    );
    expect(escapeXml('\'"')).toBe('&apos;&quot;');
  });
});
