/**
 * The public site over the real modules' demo content: every page type renders server-side with
 * the security headers; the embargo holds on every channel (pages, search, feed, sitemap) one
 * second before a scheduled minute and everything appears one second after; search finds the
 * bulletin; hostile queries and hostile questions are answered safely.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';

let t: TestApp;
const BULLETIN = 'ningbo-statistical-bulletin-2025';
const NOTICE = 'statistics-law-enforcement-notice';

beforeAll(async () => {
  t = await buildTestApp();
  t.clock.set(new Date(Math.floor(Date.now() / 60_000) * 60_000 + 5_000));
  await t.modules.statdb.seedDemo();
  await t.modules.publication.seedDemo();
  await t.modules.cms.seedDemo();
}, 300_000);
afterAll(async () => t?.close());

const get = (url: string, headers?: Record<string, string>) => t.anonymous.get(url, headers);
const form = (fields: Record<string, string>) => ({
  method: 'POST' as const,
  url: '/site/interaction/ask',
  payload: new URLSearchParams(fields).toString(),
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
});

describe('site pages', () => {
  it('renders every page type as HTML with the security headers', async () => {
    const question = (await t.modules.cms.api.public.questions({ page: 1, pageSize: 1 }, t.clock.now()))
      .items[0];
    const pages = [
      '/site/',
      '/site/data',
      '/site/data/retail-sales?indicator=retail_sales&region=330200&from=2024-01&to=2024-12',
      '/site/articles/bulletin',
      `/site/articles/${BULLETIN}`,
      '/site/calendar',
      '/site/open-gov',
      '/site/open-gov?category=policy',
      '/site/interaction',
      `/site/interaction/${question.id}`,
      '/site/interaction/ask',
      '/site/search?q=统计公报',
    ];
    for (const url of pages) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBeTruthy();
      expect(res.body).toMatch(/^<!doctype html>/);
      expect(res.body).toContain('宁波市统计局');
    }
    // Released calendar entries link their datasets by title.
    const retail = (await t.modules.publication.api.public.dataset('retail-sales', t.clock.now()))!;
    expect((await get('/site/calendar')).body).toContain(
      `<a href="/site/data/retail-sales">${retail.title.zh}</a>`,
    );
    // Datasets grouped under their subjects' names (专题), in the page's language.
    expect((await get('/site/data')).body).toMatch(/<h2 id="subject-\d+">价格<\/h2>/);
    expect((await get('/site/data?lang=en')).body).toMatch(/<h2 id="subject-\d+">Prices<\/h2>/);
    const missing = await get('/site/no/such/page');
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toContain('页面不存在');
    expect((await get('/site/data/NOT_A_CODE')).statusCode).toBe(404);
    expect((await get('/site/articles/no-such-article')).statusCode).toBe(404);
    expect((await get('/site/interaction/not-a-uuid')).statusCode).toBe(404);
  });

  it('shows on the home page the latest articles, headline figures and the coming releases', async () => {
    const now = t.clock.now();
    const home = (await get('/site/')).body;
    const latest = (await t.modules.cms.api.public.articles({ page: 1, pageSize: 1 }, now)).items[0];
    expect(home).toContain(latest.title);
    expect(home).toMatch(/<ul class="figures"><li><a href="\/site\/data\/[a-z-]+">/);
    const coming = (
      await t.modules.publication.api.public.calendar(
        { from: now, to: new Date(now.getTime() + 30 * 86_400_000) },
        now,
      )
    ).find((r) => !r.released)!;
    expect(home).toContain(coming.title.zh);
  });

  it('renders the bulletin with its live data embeds as tables with chart data', async () => {
    const res = await get(`/site/articles/${BULLETIN}`);
    expect(res.body).toContain('2025年宁波市国民经济和社会发展统计公报');
    expect(res.body).not.toMatch(/<figure data-embed=/);
    expect(res.body).toMatch(/<table class="data">/);
    expect(res.body).toMatch(/<script type="application\/json" id="embed-\d+-data">/);
    expect(res.body).toContain('/site/assets/chart.js');
  });

  it('shows a dataset query as a table with units, status marks and download links', async () => {
    const meta = (await t.modules.publication.api.public.dataset('retail-sales', t.clock.now()))!;
    const indicator = meta.dimensions.find((d) => d.id === 'indicator')!.codes[0];
    const res = await get(
      `/site/data/retail-sales?indicator=${indicator.code}&from=${meta.lastPeriod}&to=${meta.lastPeriod}`,
    );
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`<th scope="row" id="q-p0">${meta.lastPeriod}</th>`);
    expect(res.body).toContain(indicator.unit!.zh);
    expect(res.body).toContain('/open/api/v2/tables/retail-sales/data?');
    expect(res.body).toContain('outputFormat=csv');
    expect(res.body).toContain('outputFormat=xlsx');
    expect(res.body).toContain('outputFormat=json-stat2');
    // The download link is a working open data API query for the same cells.
    const csv = /href="(\/open\/api\/v2\/tables\/retail-sales\/data\?[^"]*outputFormat=csv[^"]*)"/.exec(
      res.body,
    )![1];
    const download = await get(csv.replace(/&amp;/g, '&'));
    expect(download.statusCode).toBe(200);
    const [cell] = await t.modules.publication.api.public.cells(
      'retail-sales',
      {
        indicator: [indicator.code],
        region: [meta.dimensions.find((d) => d.id === 'region')!.codes[0].code],
        period: [meta.lastPeriod],
      },
      t.clock.now(),
    );
    const header = download.body.split('\n')[0].split(',');
    const row = download.body
      .split('\n')
      .find((line) => line.includes(`,${meta.lastPeriod},`))!
      .split(',');
    expect(Number(row[header.indexOf('value')])).toBe(Number(cell.value));
  });

  it('switches to English and to the elder mode by query, and keeps them in cookies', async () => {
    const en = await get('/site/?lang=en&elder=1');
    expect(en.body).toContain('<html lang="en-US" class="elder">');
    expect(en.body).toContain('Ningbo Municipal Bureau of Statistics');
    expect(en.headers['cache-control']).toBe('private, no-cache');
    const cookies = en.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const again = await get('/site/data', { cookie: cookies });
    expect(again.headers['cache-control']).toMatch(/^public, max-age=\d+$/);
    expect(again.headers.vary).toContain('Cookie');
    expect(again.body).toContain('<html lang="en-US" class="elder">');
    expect((await get('/site/?elder=0', { cookie: cookies })).body).toContain('<html lang="en-US">');
  });

  it('serves RSS, per-channel RSS, the sitemap and robots.txt', async () => {
    const feed = await get('/site/feed.xml');
    expect(feed.headers['content-type']).toMatch(/rss\+xml/);
    expect(feed.body).toContain('<rss version="2.0"');
    expect(feed.body).toContain(`/site/articles/${BULLETIN}</link>`);
    const channel = await get('/site/articles/bulletin/feed.xml');
    expect(channel.body).toContain(BULLETIN);
    expect(channel.body).not.toMatch(/<category>工作动态<\/category>/);
    const map = await get('/site/sitemap.xml');
    expect(map.body).toContain('<urlset');
    expect(map.body).toContain('/site/data/retail-sales</loc>');
    const robots = await get('/robots.txt');
    expect(robots.body).toMatch(/^Sitemap: http:\/\/[^/]+\/site\/sitemap\.xml$/m);
    expect(robots.body).toContain('Disallow: /\n');
  });
});

describe('embargo on every channel', () => {
  it('shows nothing of a scheduled article one second before its minute, and all of it one second after', async () => {
    const now = t.clock.now();
    const minute = (await t.modules.cms.api.public.nextChangeAfter(now))!;
    expect(minute).not.toBeNull();
    const scheduled = (await t.modules.cms.api.public.article(NOTICE, new Date(minute.getTime() + 1000)))!;
    const probes = async () => {
      const [home, list, feed, sitemap, search, page] = await Promise.all([
        get('/site/'),
        get('/site/articles/notice'),
        get('/site/feed.xml'),
        get('/site/sitemap.xml'),
        get(`/site/search?q=${encodeURIComponent(scheduled.title)}`),
        get(`/site/articles/${NOTICE}`),
      ]);
      return {
        home: home.body.includes(scheduled.title),
        list: list.body.includes(scheduled.title),
        feed: feed.body.includes(NOTICE),
        sitemap: sitemap.body.includes(NOTICE),
        search: search.body.includes(`/site/articles/${NOTICE}`),
        page: page.statusCode,
      };
    };
    t.clock.set(new Date(minute.getTime() - 1000));
    expect(await probes()).toEqual({
      home: false,
      list: false,
      feed: false,
      sitemap: false,
      search: false,
      page: 404,
    });
    t.clock.set(new Date(minute.getTime() + 1000));
    expect(await probes()).toEqual({
      home: true,
      list: true,
      feed: true,
      sitemap: true,
      search: true,
      page: 200,
    });
    t.clock.set(now);
  });

  it('shows a staged release’s data on the dataset page only from its minute', async () => {
    const now = t.clock.now();
    const pub = t.modules.publication.api.public;
    const minute = (await pub.nextChangeAfter(now))!;
    const after = (await pub.dataset('retail-sales', new Date(minute.getTime() + 1000)))!;
    t.clock.set(new Date(minute.getTime() - 1000));
    const before = await get(`/site/data/retail-sales?from=${after.lastPeriod}&to=${after.lastPeriod}`);
    expect(before.body).not.toContain(`<th scope="row" id="q-p0">${after.lastPeriod}</th>`);
    expect(before.body).not.toContain(`<option value="${after.lastPeriod}"`);
    t.clock.set(new Date(minute.getTime() + 1000));
    const later = await get(`/site/data/retail-sales?from=${after.lastPeriod}&to=${after.lastPeriod}`);
    expect(later.body).toContain(`<th scope="row" id="q-p0">${after.lastPeriod}</th>`);
    t.clock.set(now);
  });
});

describe('search', () => {
  it('finds the bulletin for 统计公报 with the words highlighted', async () => {
    const res = await get('/site/search?q=统计公报');
    expect(res.body).toContain(`/site/articles/${BULLETIN}`);
    expect(res.body).toMatch(/<mark>统计<\/mark>|<mark>公报<\/mark>|<mark>统计公报<\/mark>/);
  });

  it('answers hostile queries with a page, never a 500', async () => {
    for (const q of ["'", '&|!', '<script>alert(1)</script>', 'x'.repeat(1000), '', '%00']) {
      const res = await get(`/site/search?q=${encodeURIComponent(q)}`);
      expect(res.statusCode, q).toBe(200);
      expect(res.body).not.toContain('<script>alert(1)</script>');
    }
    expect((await get('/site/search?q=')).body).toContain('请输入要搜索的关键词');
    expect((await get(`/site/search?q=${'x'.repeat(1000)}`)).body).toContain('关键词过长');
  });
});

describe('the ask form', () => {
  it('shows errors on the form, and a hostile question renders as escaped text once published', async () => {
    const empty = await t.anonymous.request(form({ title: '', body: '' }));
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('请填写留言标题');
    expect(empty.body).toContain('role="alert"');

    const hostile = '<script>alert(1)</script>';
    const sent = await t.anonymous.request(
      form({ title: `${hostile}标题`, body: `${hostile} <img src=x onerror=alert(2)>` }),
    );
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe('/site/interaction/ask?sent=1');
    expect((await get('/site/interaction/ask?sent=1')).body).toContain('留言已提交');

    const publisher = await t.as('publisher');
    const list = (await publisher.get('/api/cms/questions?status=pending')).json();
    const q = list.items.find((i: { title: string }) => i.title.startsWith(hostile));
    expect(q, JSON.stringify(list)).toBeTruthy();
    expect(
      (await publisher.put(`/api/cms/questions/${q.id}/answer`, { answer: '已答复 <b>x</b>' })).statusCode,
    ).toBe(200);
    // The list and the search, read (and cached) at this instant before the question is public…
    const escapedTitle = '&lt;script&gt;alert(1)&lt;/script&gt;标题';
    expect((await get('/site/interaction')).body).not.toContain(escapedTitle);
    expect((await get('/site/search?q=标题')).body).not.toContain(`/site/interaction/${q.id}`);
    expect((await publisher.post(`/api/cms/questions/${q.id}/publish`)).statusCode).toBe(200);
    // …show it at the same instant once cms says it changed: no cache outlives onChanged.
    expect((await get('/site/interaction')).body).toContain(escapedTitle);
    expect((await get('/site/search?q=标题')).body).toContain(`/site/interaction/${q.id}`);

    const page = await get(`/site/interaction/${q.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.body).toContain('&lt;img src=x onerror=alert(2)&gt;');
    expect(page.body).toContain('已答复 &lt;b&gt;x&lt;/b&gt;');
    expect(page.body).not.toMatch(/<script>alert|<img src=x/);
  });

  it('takes a question from someone signed in to the staff app as an anonymous one (no CSRF refusal)', async () => {
    const editor = await t.as('editor');
    // The editor's session cookie goes along (as from a browser signed in to the staff app), but
    // a plain HTML form sends no CSRF token.
    const noToken = { 'x-csrf-token': '' };
    const ask = form({ title: '工作人员的浏览器里提交', body: '同一浏览器已登录后台' });
    const sent = await editor.request({ ...ask, headers: { ...ask.headers, ...noToken } });
    expect(sent.statusCode, sent.body).toBe(303);
    // The API still refuses a cookie-authenticated write without the token.
    const api = await editor.request({
      method: 'POST',
      url: '/api/cms/articles',
      payload: {},
      headers: noToken,
    });
    expect(api.statusCode).toBe(403);
    expect(api.json().code).toBe('request.csrf');
  });

  it('takes a filled honeypot as done but stores nothing', async () => {
    const publisher = await t.as('publisher');
    const before = (await publisher.get('/api/cms/questions')).json().total;
    const res = await t.anonymous.request(form({ title: 'spam', body: 'spam', website: 'http://spam' }));
    expect(res.statusCode).toBe(303);
    expect((await publisher.get('/api/cms/questions')).json().total).toBe(before);
  });
});

describe('absolute links', () => {
  it('use PUBLIC_BASE_URL when it is set, whatever Host the request names', async () => {
    const own = await buildTestApp({ PUBLIC_BASE_URL: 'https://tjj.example.gov.cn' });
    try {
      const robots = await own.anonymous.get('/robots.txt', { host: 'evil.example' });
      expect(robots.body).toContain('Sitemap: https://tjj.example.gov.cn/site/sitemap.xml');
      expect(robots.body).not.toContain('evil.example');
    } finally {
      await own.close();
    }
  });
});
