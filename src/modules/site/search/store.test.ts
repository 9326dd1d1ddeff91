/**
 * The search index over documents inserted directly: jieba words, partial titles through the
 * trigram indexes, the embargo inside SQL, and hostile queries that must answer, not fail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/support/test-app.ts';
import { queryWords } from './segment.ts';
import { snippet } from './snippet.ts';
import { replaceDocuments, type SearchDocument, searchDocuments } from './store.ts';

let t: TestApp;
const RELEASE = new Date('2026-02-28T01:30:00Z'); // 09:30 Beijing time
const before = new Date(RELEASE.getTime() - 1000);
const after = new Date(RELEASE.getTime() + 1000);
const past = new Date('2025-01-01T00:00:00Z');

const doc = (key: string, title: string, body: string, visibleFrom = past): SearchDocument => ({
  key,
  kind: 'article',
  url: `/site/articles/${key}`,
  title: { zh: title, en: title },
  body,
  visibleFrom,
  visibleTo: null,
});

beforeAll(async () => {
  t = await buildTestApp();
  await replaceDocuments(t.database.db, [
    doc(
      'bulletin-2025',
      '2025年宁波市国民经济和社会发展统计公报',
      '全年全市地区生产总值增长，社会消费品零售总额稳步增长。',
    ),
    doc('retail', '社会消费品零售总额', '一至十月，全市实现社会消费品零售总额。'),
    doc('news', '市统计局召开工作会议', '会议部署年度统计调查工作。'),
    doc('embargoed', '2026年1月居民消费价格指数', '居民消费价格同比上涨。', RELEASE),
    { ...doc('withdrawn', '已撤回的统计分析', '旧的分析'), visibleTo: new Date('2025-06-01T00:00:00Z') },
  ]);
}, 300_000);
afterAll(async () => t?.close());

const find = (text: string, at = after, all = true) =>
  searchDocuments(t.database.db, { text, words: queryWords(text), all, at, limit: 10, offset: 0 });

describe('site search index', () => {
  it('finds the bulletin for 统计公报, ranked first', async () => {
    const r = await find('统计公报');
    expect(r.hits[0]?.key).toBe('bulletin-2025');
  });

  it('finds a word inside a longer title (零售 in 社会消费品零售总额) by segment and trigram', async () => {
    const r = await find('零售');
    expect(r.hits.map((h) => h.key)).toEqual(expect.arrayContaining(['retail', 'bulletin-2025']));
    expect(r.hits[0].key).toBe('retail'); // a title hit ranks first
  });

  it('finds a 2-character fragment that is no word (售总) in a title', async () => {
    expect(queryWords('售总')).not.toContain('零售');
    const r = await find('售总');
    expect(r.hits.map((h) => h.key)).toContain('retail');
  });

  it('keeps the embargo: not found one second before its minute, found one second after', async () => {
    expect((await find('居民消费价格', before)).hits.map((h) => h.key)).not.toContain('embargoed');
    expect((await find('居民消费价格', after)).hits.map((h) => h.key)).toContain('embargoed');
  });

  it('does not find a document past its visible_to', async () => {
    expect((await find('统计分析', past)).hits.map((h) => h.key)).toContain('withdrawn');
    expect((await find('统计分析', after)).hits.map((h) => h.key)).not.toContain('withdrawn');
  });

  it('answers hostile queries with results or none, never an error', async () => {
    for (const q of [
      "'",
      '&|!',
      "'); drop table site.documents; --",
      '%_\\',
      '统'.repeat(1000),
      ':*',
      '!!!统计',
    ]) {
      const r = await find(q);
      expect(Array.isArray(r.hits)).toBe(true);
    }
    expect((await find('!!!统计')).total).toBeGreaterThan(0);
  });

  it('any-word search finds what every-word search does not', async () => {
    expect((await find('零售 会议', after, true)).total).toBe(0);
    expect((await find('零售 会议', after, false)).total).toBe(3);
  });

  it('centres the snippet on the whole query where the text has it', () => {
    const text = `${'统计'.repeat(100)}年度统计公报${'数据'.repeat(100)}`;
    expect(snippet(text, ['统计', '公报', '统计公报']).toString()).toContain('<mark>统计公报</mark>');
  });

  it('cuts an escaped snippet with the words marked', () => {
    const s = snippet('<b>社会消费品零售总额</b> & more', ['零售']).toString();
    expect(s).toBe('&lt;b&gt;社会消费品<mark>零售</mark>总额&lt;/b&gt; &amp; more');
  });
});
