/**
 * Articles through HTTP: the workflow and its roles, versions, sanitising on save, and the embargo
 * as `api.public` sees it around a scheduled minute and a release's minute.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildTestApp, type Client, type TestApp } from '../../../test/support/test-app.ts';

let t: TestApp;
let editor: Client;
let publisher: Client;
let admin: Client;
let city: Client;

let n = 0;
const draft = (over: Record<string, unknown> = {}) => {
  n += 1;
  return {
    slug: `test-article-${n}`,
    channel: 'news',
    title: `测试文章 ${n}`,
    summary: '摘要',
    bodyHtml: '<p>正文</p>',
    ...over,
  };
};

const publicApi = () => t.modules.cms.api.public;
const auditCount = async (id: string) =>
  Number(
    (
      await sql<{ n: number }>`select count(*)::int as n from audit.events where entity_id = ${id}`.execute(
        t.database.db,
      )
    ).rows[0]!.n,
  );

/** Creates, submits and approves an article; returns its id. */
async function approved(over: Record<string, unknown> = {}) {
  const created = await editor.post('/api/cms/articles', draft(over));
  expect(created.statusCode, created.body).toBe(200);
  const id = created.json().id as string;
  expect((await editor.post(`/api/cms/articles/${id}/submit`)).statusCode).toBe(200);
  expect((await publisher.post(`/api/cms/articles/${id}/approve`)).statusCode).toBe(200);
  return id;
}

beforeAll(async () => {
  t = await buildTestApp();
  editor = await t.as('editor');
  publisher = await t.as('publisher');
  admin = await t.as('admin');
  city = await t.as('city_statistician');
});
afterAll(() => t.close());

describe('workflow and roles', () => {
  it('draft → review → approved → published, each step audited, the public sees it only at the end', async () => {
    t.clock.set(null);
    const created = await editor.post(
      '/api/cms/articles',
      draft({ slug: 'flow-article', title: '流程文章' }),
    );
    expect(created.statusCode, created.body).toBe(200);
    const a = created.json();
    expect(a).toMatchObject({ status: 'draft', version: 1, actions: ['submit'], canEdit: true, live: null });

    const submitted = await editor.post(`/api/cms/articles/${a.id}/submit`);
    expect(submitted.json()).toMatchObject({ status: 'in_review', actions: [] });
    // The editor may not approve; the publisher sees approve and return.
    expect((await editor.post(`/api/cms/articles/${a.id}/approve`)).statusCode).toBe(403);
    expect((await publisher.get(`/api/cms/articles/${a.id}`)).json().actions).toEqual(['approve', 'return']);
    // Editing in review is refused with a reason.
    const edit = await editor.put(`/api/cms/articles/${a.id}`, {
      ...draft({ slug: 'flow-article' }),
      baseVersion: 1,
    });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().code).toBe('cms.not_editable');

    expect((await publisher.post(`/api/cms/articles/${a.id}/approve`)).json().status).toBe('approved');
    expect(await publicApi().article('flow-article', t.clock.now())).toBeNull();
    const published = await publisher.post(`/api/cms/articles/${a.id}/publish`, { mode: 'now' });
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json()).toMatchObject({ status: 'published', actions: ['withdraw'] });

    const seen = await publicApi().article('flow-article', t.clock.now());
    expect(seen).toMatchObject({
      id: a.id,
      slug: 'flow-article',
      title: '流程文章',
      channel: 'news',
      revisedAt: null,
    });
    expect(await publicApi().article(a.id, t.clock.now())).toMatchObject({ slug: 'flow-article' });
    expect(await auditCount(a.id)).toBe(4);
  });

  it('illegal transitions answer 409 with a clear message; other roles 403', async () => {
    const a = (await editor.post('/api/cms/articles', draft())).json();
    const early = await publisher.post(`/api/cms/articles/${a.id}/publish`, { mode: 'now' });
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('cms.illegal_transition');
    expect(early.json().messages['zh-CN']).toContain('草稿');
    expect(early.json().messages['en-US']).toContain('draft');
    expect((await publisher.post(`/api/cms/articles/${a.id}/approve`)).statusCode).toBe(409);
    expect((await publisher.post(`/api/cms/articles/${a.id}/withdraw`)).statusCode).toBe(409);
    // Other roles: no content at all.
    expect((await city.get('/api/cms/articles')).statusCode).toBe(403);
    expect((await city.post('/api/cms/articles', draft())).statusCode).toBe(403);
    expect((await t.anonymous.get('/api/cms/articles')).statusCode).toBe(401);
    // The editor cannot publish or withdraw.
    const id = await approved();
    expect((await editor.post(`/api/cms/articles/${id}/publish`, { mode: 'now' })).statusCode).toBe(403);
    expect((await admin.post(`/api/cms/articles/${id}/publish`, { mode: 'now' })).statusCode).toBe(200);
    expect((await editor.post(`/api/cms/articles/${id}/withdraw`)).statusCode).toBe(403);
  });

  it('returning needs a comment, which the editor then sees; a return clears on the next submit', async () => {
    const a = (await editor.post('/api/cms/articles', draft())).json();
    await editor.post(`/api/cms/articles/${a.id}/submit`);
    expect((await publisher.post(`/api/cms/articles/${a.id}/return`, { comment: '' })).statusCode).toBe(400);
    const returned = await publisher.post(`/api/cms/articles/${a.id}/return`, { comment: '请补充数据来源' });
    expect(returned.json()).toMatchObject({ status: 'draft', reviewComment: '请补充数据来源' });
    const again = await editor.post(`/api/cms/articles/${a.id}/submit`);
    expect(again.json()).toMatchObject({ status: 'in_review', reviewComment: null });
  });

  it('bad input is a 400 listing the fields; slugs are unique and validated', async () => {
    const bad = await editor.post(
      '/api/cms/articles',
      draft({ slug: 'Bad Slug!', channel: 'blog', title: '' }),
    );
    expect(bad.statusCode).toBe(400);
    const fields = bad.json().details.issues.map((i: { path: string }) => i.path);
    expect(fields.join(' ')).toMatch(/slug/);
    expect(fields.join(' ')).toMatch(/channel/);
    const openGov = await editor.post('/api/cms/articles', draft({ channel: 'open-gov' }));
    expect(openGov.statusCode).toBe(400);
    expect(
      (await editor.post('/api/cms/articles', draft({ channel: 'open-gov', category: 'policy' }))).statusCode,
    ).toBe(200);
    await editor.post('/api/cms/articles', draft({ slug: 'taken-slug' }));
    const dup = await editor.post('/api/cms/articles', draft({ slug: 'taken-slug' }));
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('cms.slug_taken');
    expect((await editor.post('/api/cms/articles', { ...draft(), extra: 1 })).statusCode).toBe(400);
  });
});

describe('versions', () => {
  it('every save is a version; a published article stays public as published until the new version is', async () => {
    t.clock.set(null);
    const id = await approved({ slug: 'versioned', title: '第一版标题' });
    await publisher.post(`/api/cms/articles/${id}/publish`, { mode: 'now' });
    const first = (await publicApi().article('versioned', t.clock.now()))!;
    expect(first.title).toBe('第一版标题');

    const saved = await editor.put(`/api/cms/articles/${id}`, {
      ...draft({ slug: 'versioned', title: '第二版标题' }),
      baseVersion: 1,
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({
      status: 'draft',
      version: 2,
      live: { version: 1, scheduled: false },
    });
    // A stale save (from version 1 again) is refused.
    const stale = await editor.put(`/api/cms/articles/${id}`, {
      ...draft({ slug: 'versioned' }),
      baseVersion: 1,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('cms.stale_version');
    // The slug cannot change once published.
    const moved = await editor.put(`/api/cms/articles/${id}`, {
      ...draft({ slug: 'versioned-2' }),
      baseVersion: 2,
    });
    expect(moved.json().code).toBe('cms.slug_frozen');

    expect((await publicApi().article('versioned', t.clock.now()))!.title).toBe('第一版标题');
    const versions = (await editor.get(`/api/cms/articles/${id}/versions`)).json();
    expect(versions.map((v: { version: number; live: boolean }) => [v.version, v.live])).toEqual([
      [2, false],
      [1, true],
    ]);
    expect(versions[0].savedBy).toBe(editor.username);
    const v1 = (await editor.get(`/api/cms/articles/${id}/versions/1`)).json();
    expect(v1.title).toBe('第一版标题');
    expect((await editor.get(`/api/cms/articles/${id}/versions/9`)).statusCode).toBe(404);

    await editor.post(`/api/cms/articles/${id}/submit`);
    await publisher.post(`/api/cms/articles/${id}/approve`);
    t.clock.advance(60_000);
    await publisher.post(`/api/cms/articles/${id}/publish`, { mode: 'now' });
    const second = (await publicApi().article('versioned', t.clock.now()))!;
    expect(second.title).toBe('第二版标题');
    expect(second.publishedAt).toBe(first.publishedAt);
    expect(second.revisedAt).not.toBeNull();
    expect(new Date(second.revisedAt!).getTime()).toBeGreaterThan(new Date(first.publishedAt).getTime());
    t.clock.set(null);
  });

  it('withdrawing keeps the article but takes it off the public site', async () => {
    t.clock.set(null);
    const id = await approved({ slug: 'to-withdraw' });
    await publisher.post(`/api/cms/articles/${id}/publish`, { mode: 'now' });
    expect(await publicApi().article('to-withdraw', t.clock.now())).not.toBeNull();
    const w = await publisher.post(`/api/cms/articles/${id}/withdraw`);
    expect(w.json()).toMatchObject({ status: 'withdrawn', live: null });
    expect(await publicApi().article('to-withdraw', t.clock.now())).toBeNull();
    expect((await editor.get(`/api/cms/articles/${id}`)).json().title).toBeTruthy();
    const list = await publicApi().articles({ page: 1, pageSize: 100 }, t.clock.now());
    expect(list.items.some((x) => x.id === id)).toBe(false);
  });
});

describe('sanitising', () => {
  it('nothing that could run survives a save', async () => {
    const hostile = [
      '<p>安全</p><script>alert(1)</script>',
      '<img src="/files/00000000-0000-4000-8000-000000000000/a.png" onerror="alert(1)">',
      '<a href="javascript:alert(1)">点我</a>',
      '<a href="JaVaScRiPt&#58;alert(1)">点我</a>',
      '<iframe src="https://example.com"></iframe>',
      '<p style="background:url(javascript:alert(1))">样式</p><style>p{width:expression(alert(1))}</style>',
      '<svg><script>alert(1)</script><circle onload="alert(1)"/></svg>',
      '<img src="https://evil.example/x.png"><img src="data:image/svg+xml;base64,PHN2Zz4=">',
      '<object data="x.swf"></object><embed src="x"><form action="/x"><input></form>',
      '<figure data-embed="chart" data-dataset="gdp-quarterly" data-selection="x&quot; onmouseover=&quot;alert(1)"></figure>',
    ].join('');
    const res = await editor.post('/api/cms/articles', draft({ bodyHtml: hostile }));
    expect(res.statusCode, res.body).toBe(200);
    const body: string = res.json().bodyHtml;
    expect(body).toContain('<p>安全</p>');
    for (const bad of [
      /<script/i,
      /onerror/i,
      /onload/i,
      /onmouseover/i,
      /javascript:/i,
      /<iframe/i,
      /style/i,
      /<svg/i,
      /expression\(/i,
      /evil\.example/,
      /data:/,
      /<object|<embed|<form|<input/i,
    ])
      expect(body).not.toMatch(bad);
    // What is allowed stays: our own images, tables, embeds.
    const ok = await editor.post(
      '/api/cms/articles',
      draft({
        bodyHtml:
          '<h2>标题</h2><table><thead><tr><th scope="col">指标</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>' +
          '<figure data-embed="table" data-dataset="gdp-quarterly" data-selection="indicator=gdp;region=330200;period=top(12)"><figcaption>图</figcaption></figure>' +
          '<a href="https://www.stats.gov.cn/">国家统计局</a>',
      }),
    );
    expect(ok.json().bodyHtml).toContain('<th scope="col">指标</th>');
    expect(ok.json().bodyHtml).toContain(
      'data-embed="table" data-dataset="gdp-quarterly" data-selection="indicator=gdp;region=330200;period=top(12)"',
    );
    expect(ok.json().bodyHtml).toContain('rel="noopener noreferrer"');
  });
});

describe('embargo', () => {
  it('a scheduled article is invisible one second before its minute and visible one second after', async () => {
    const base = new Date('2030-03-01T01:00:00Z');
    t.clock.set(base);
    const id = await approved({ slug: 'scheduled-article', channel: 'bulletin' });
    const minute = new Date('2030-03-02T01:30:00Z');
    const notMinute = await publisher.post(`/api/cms/articles/${id}/publish`, {
      mode: 'at',
      publishAt: '2030-03-02T01:30:30Z',
    });
    expect(notMinute.json().code).toBe('cms.publish_at_minute');
    const past = await publisher.post(`/api/cms/articles/${id}/publish`, {
      mode: 'at',
      publishAt: '2030-02-01T01:30:00Z',
    });
    expect(past.json().code).toBe('cms.publish_at_past');

    let told = 0;
    const off = publicApi().onChanged(() => {
      told += 1;
    });
    const res = await publisher.post(`/api/cms/articles/${id}/publish`, {
      mode: 'at',
      publishAt: minute.toISOString(),
    });
    off();
    expect(res.json()).toMatchObject({ status: 'scheduled', live: { scheduled: true } });
    expect(told).toBe(1);
    const scheduled = (await editor.get('/api/cms/articles?status=scheduled')).json();
    expect(scheduled.items.map((x: { id: string }) => x.id)).toEqual([id]);
    expect(await publicApi().nextChangeAfter(base)).toEqual(minute);

    const before = new Date(minute.getTime() - 1000);
    const after = new Date(minute.getTime() + 1000);
    expect(await publicApi().article('scheduled-article', before)).toBeNull();
    expect(
      (await publicApi().articles({ channel: 'bulletin', page: 1, pageSize: 50 }, before)).items,
    ).toEqual([]);
    const seen = await publicApi().article('scheduled-article', after);
    expect(seen?.publishedAt).toBe(minute.toISOString());
    expect(
      (await publicApi().articles({ channel: 'bulletin', page: 1, pageSize: 50 }, after)).items.map(
        (x) => x.id,
      ),
    ).toEqual([id]);
    t.clock.set(after);
    expect((await publisher.get(`/api/cms/articles/${id}`)).json().status).toBe('published');
    t.clock.set(null);
  });
});

describe('embargo with a release', () => {
  it('a release-bound article appears at the release minute, and follows the release when it moves', async () => {
    const base = new Date('2030-05-01T01:00:00Z');
    t.clock.set(base);
    const minute = new Date('2030-05-10T01:30:00Z');
    const rel = await publisher.post('/api/publication/releases', {
      title: { zh: '统计公报发布', en: 'Bulletin release' },
      kind: 'bulletin',
      releaseAt: minute.toISOString(),
    });
    expect(rel.statusCode, rel.body).toBe(201);
    const releaseId = rel.json().id as string;
    const id = await approved({ slug: 'release-bound', channel: 'bulletin' });
    const unknown = await publisher.post(`/api/cms/articles/${id}/publish`, {
      mode: 'release',
      releaseId: 'nope',
    });
    expect(unknown.json().code).toBe('cms.release_not_found');
    const res = await publisher.post(`/api/cms/articles/${id}/publish`, { mode: 'release', releaseId });
    expect(res.json()).toMatchObject({
      status: 'scheduled',
      live: { releaseId, visibleFrom: minute.toISOString() },
    });

    const around = async (m: Date) => [
      await publicApi().article('release-bound', new Date(m.getTime() - 1000)),
      await publicApi().article('release-bound', new Date(m.getTime() + 1000)),
    ];
    const [before, after] = await around(minute);
    expect(before).toBeNull();
    expect(after).toMatchObject({ releaseId, publishedAt: minute.toISOString() });

    // The release moves a day later: the article moves with it.
    const later = new Date('2030-05-11T01:30:00Z');
    const moved = await publisher.patch(`/api/publication/releases/${releaseId}`, {
      releaseAt: later.toISOString(),
    });
    expect(moved.statusCode, moved.body).toBe(200);
    await vi.waitFor(async () => expect(await publicApi().nextChangeAfter(base)).toEqual(later));
    const [b2, a2] = await around(later);
    expect(b2).toBeNull();
    expect(a2?.publishedAt).toBe(later.toISOString());
    expect(await publicApi().article('release-bound', new Date(minute.getTime() + 1000))).toBeNull();

    // A cancelled release takes the article bound to it along: it never appears.
    const other = (
      await publisher.post('/api/publication/releases', {
        title: { zh: '取消的发布', en: 'Cancelled release' },
        kind: 'analysis',
        releaseAt: '2030-05-20T01:30:00Z',
      })
    ).json().id as string;
    const bound = await approved({ slug: 'bound-to-cancelled' });
    await publisher.post(`/api/cms/articles/${bound}/publish`, { mode: 'release', releaseId: other });
    expect((await publisher.post(`/api/publication/releases/${other}/cancel`)).statusCode).toBe(200);
    await vi.waitFor(async () =>
      expect((await publisher.get(`/api/cms/articles/${bound}`)).json()).toMatchObject({
        live: null,
        status: 'approved',
        actions: ['return', 'publish'],
      }),
    );
    expect(await publicApi().article('bound-to-cancelled', new Date('2030-05-20T01:31:00Z'))).toBeNull();
    t.clock.set(null);
  });
});

describe('a revision bound to a release', () => {
  it('keeps the published version public until the release minute, wherever the release moves', async () => {
    const base = new Date('2030-07-01T01:00:00Z');
    t.clock.set(base);
    const id = await approved({ slug: 'revised-with-release', title: '初版' });
    await publisher.post(`/api/cms/articles/${id}/publish`, { mode: 'now' });
    await editor.put(`/api/cms/articles/${id}`, {
      ...draft({ slug: 'revised-with-release', title: '修订版' }),
      baseVersion: 1,
    });
    await editor.post(`/api/cms/articles/${id}/submit`);
    await publisher.post(`/api/cms/articles/${id}/approve`);
    const m1 = new Date('2030-07-10T01:30:00Z');
    const m2 = new Date('2030-07-12T01:30:00Z');
    const releaseId = (
      await publisher.post('/api/publication/releases', {
        title: { zh: '修订发布', en: 'Revision release' },
        kind: 'data',
        releaseAt: m1.toISOString(),
      })
    ).json().id as string;
    await publisher.post(`/api/cms/articles/${id}/publish`, { mode: 'release', releaseId });
    const titleAt = async (at: Date) => (await publicApi().article('revised-with-release', at))?.title;
    expect(await titleAt(new Date(m1.getTime() - 1000))).toBe('初版');
    expect(await titleAt(new Date(m1.getTime() + 1000))).toBe('修订版');

    await publisher.patch(`/api/publication/releases/${releaseId}`, { releaseAt: m2.toISOString() });
    await vi.waitFor(async () => expect(await titleAt(new Date(m1.getTime() + 1000))).toBe('初版'));
    expect(await titleAt(new Date(m2.getTime() - 1000))).toBe('初版');
    const revised = await publicApi().article('revised-with-release', new Date(m2.getTime() + 1000));
    expect(revised).toMatchObject({ title: '修订版', revisedAt: m2.toISOString() });

    // Cancelled: the first version simply stays public; the revision waits to be published otherwise.
    await publisher.post(`/api/publication/releases/${releaseId}/cancel`);
    await vi.waitFor(async () => expect(await titleAt(new Date(m2.getTime() + 1000))).toBe('初版'));
    expect((await publisher.get(`/api/cms/articles/${id}`)).json()).toMatchObject({
      status: 'approved',
      live: { version: 1 },
      actions: ['return', 'publish', 'withdraw'],
    });
    t.clock.set(null);
  });
});

describe('public questions', () => {
  it('validates plain text, stores scripts as text, keeps the contact private, and rate limits', async () => {
    const ask = publicApi().ask;
    const ip = { ip: '203.0.113.9' };
    await expect(ask({ title: '', body: 'x' }, ip)).rejects.toMatchObject({
      status: 400,
      code: 'cms.ask_invalid',
    });
    const long = ask({ title: 'x'.repeat(101), body: 'x' }, ip);
    await expect(long).rejects.toMatchObject({ status: 400 });
    await long.catch((p) => {
      expect(p.messageIn('zh-CN')).toContain('标题不能超过 100 个字');
      expect(p.messageIn('en-US')).toContain('title may have at most 100 characters');
    });
    await expect(ask({ title: '标题', body: '长'.repeat(2001) }, ip)).rejects.toMatchObject({ status: 400 });
    await expect(ask({ title: '标题', body: 'a\u0000b' }, ip)).rejects.toMatchObject({ status: 400 });
    await expect(ask({ title: '标题', body: '内容', extra: 1 } as never, ip)).rejects.toMatchObject({
      status: 400,
    });

    const script = '<script>alert(1)</script><img src=x onerror=alert(1)>';
    const { id } = await ask({ title: script, body: script, contact: 'me@example.cn', name: '张三' }, ip);
    await ask({ title: '第二条', body: '内容' }, ip);
    await ask({ title: '第三条', body: '内容' }, ip);
    const limited = ask({ title: '第四条', body: '内容' }, ip);
    await expect(limited).rejects.toMatchObject({ status: 429, code: 'cms.ask_rate_limited' });
    // Another address is not limited; a form's empty optional fields are as good as absent.
    const other = await ask({ title: '别处', body: '内容', name: '', contact: '' }, { ip: '198.51.100.7' });
    const row = (await editor.get('/api/cms/questions?status=pending'))
      .json()
      .items.find((q: { id: string }) => q.id === other.id);
    expect(row).toMatchObject({ name: null, contact: null });

    // Not public until answered and published.
    expect(await publicApi().question(id, t.clock.now())).toBeNull();
    const list = (await editor.get('/api/cms/questions?status=pending')).json();
    const mine = list.items.find((q: { id: string }) => q.id === id);
    expect(mine).toMatchObject({ title: script, body: script, contact: 'me@example.cn' });

    expect((await editor.post(`/api/cms/questions/${id}/publish`)).statusCode).toBe(403);
    const early = await publisher.post(`/api/cms/questions/${id}/publish`);
    expect(early.statusCode).toBe(409);
    expect(
      (await editor.put(`/api/cms/questions/${id}/answer`, { answer: '您好，<b>已收到</b>' })).statusCode,
    ).toBe(200);
    expect((await publisher.post(`/api/cms/questions/${id}/publish`)).statusCode).toBe(200);
    const shown = await publicApi().question(id, t.clock.now());
    expect(shown).toMatchObject({ title: script, body: script, answer: '您好，<b>已收到</b>' });
    expect(JSON.stringify(shown)).not.toContain('me@example.cn');
    expect(
      JSON.stringify(await publicApi().questions({ page: 1, pageSize: 50 }, t.clock.now())),
    ).not.toContain('example.cn');
  });
});

describe('question moderation', () => {
  it('rejects with a reason, unpublishes, and keeps each step to its role and state', async () => {
    t.clock.set(null);
    const { id } = await publicApi().ask(
      { title: '关于数据发布时间', body: '请问月度数据几号发布？' },
      { ip: '192.0.2.50' },
    );
    const spam = await publicApi().ask({ title: '广告', body: '广告内容' }, { ip: '192.0.2.51' });
    expect((await t.anonymous.get('/api/cms/questions')).statusCode).toBe(401);
    expect((await city.get('/api/cms/questions')).statusCode).toBe(403);

    expect((await editor.post(`/api/cms/questions/${spam.id}/reject`, { note: '广告' })).statusCode).toBe(
      403,
    );
    expect((await publisher.post(`/api/cms/questions/${spam.id}/reject`, { note: '' })).statusCode).toBe(400);
    const rejected = await publisher.post(`/api/cms/questions/${spam.id}/reject`, { note: '与统计工作无关' });
    expect(rejected.json()).toMatchObject({ status: 'rejected', moderationNote: '与统计工作无关' });
    const again = await editor.put(`/api/cms/questions/${spam.id}/answer`, { answer: '答复' });
    expect(again.statusCode).toBe(409);
    expect(again.json().messages['zh-CN']).toContain('不予公开');

    await editor.put(`/api/cms/questions/${id}/answer`, { answer: '每月15日左右发布，以发布日程为准。' });
    await publisher.post(`/api/cms/questions/${id}/publish`);
    expect(await publicApi().question(id, t.clock.now())).toMatchObject({
      answer: '每月15日左右发布，以发布日程为准。',
    });
    expect((await publisher.post(`/api/cms/questions/${id}/unpublish`)).json().status).toBe('answered');
    expect(await publicApi().question(id, t.clock.now())).toBeNull();
    expect((await publisher.post(`/api/cms/questions/${id}/unpublish`)).statusCode).toBe(409);
    expect(
      (await publisher.post('/api/cms/questions/00000000-0000-4000-8000-000000000000/publish')).statusCode,
    ).toBe(404);
  });
});
