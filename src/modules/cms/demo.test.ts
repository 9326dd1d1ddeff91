/** The demo content: what the public sees right after the seed, and what only comes later. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
  // As at first start: statdb's series, publication's datasets and calendar, then the content.
  await t.modules.statdb.seedDemo();
  await t.modules.publication.seedDemo();
  await t.modules.cms.seedDemo();
});
afterAll(() => t.close());

it('seeds a bulletin with live data embeds of public datasets, every channel, 政务公开 categories and answered questions', async () => {
  const pub = t.modules.cms.api.public;
  const now = t.clock.now();
  const bulletin = await pub.article('ningbo-statistical-bulletin-2025', now);
  expect(bulletin?.title).toBe('2025年宁波市国民经济和社会发展统计公报');
  expect(bulletin?.bodyHtml).toContain('<table>');
  // Every embed names a dataset the public can see.
  const datasets = new Set((await t.modules.publication.api.public.datasets(now)).map((d) => d.code));
  const embedded = [...(bulletin?.bodyHtml ?? '').matchAll(/data-dataset="([^"]+)"/g)].map((m) => m[1]);
  expect(embedded.length).toBeGreaterThan(3);
  for (const code of embedded) expect(datasets, code).toContain(code);

  for (const channel of ['news', 'bulletin', 'analysis', 'interpretation', 'notice', 'open-gov'])
    expect((await pub.articles({ channel, page: 1, pageSize: 20 }, now)).total).toBeGreaterThan(0);
  expect(
    (await pub.articles({ channel: 'open-gov', category: 'policy', page: 1, pageSize: 20 }, now)).total,
  ).toBe(1);
  expect((await pub.questions({ page: 1, pageSize: 20 }, now)).total).toBe(4);

  // The scheduled notice comes three days later, at its minute.
  expect(await pub.article('statistics-law-enforcement-notice', now)).toBeNull();
  const next = await pub.nextChangeAfter(now);
  expect(next).not.toBeNull();
  expect(await pub.article('statistics-law-enforcement-notice', new Date(next!.getTime() - 1000))).toBeNull();
  expect(
    await pub.article('statistics-law-enforcement-notice', new Date(next!.getTime() + 1000)),
  ).not.toBeNull();

  // The analysis bound to the calendar's 全市经济运行分析 appears with that release.
  const release = (
    await t.modules.publication.api.public.calendar(
      { from: now, to: new Date(now.getTime() + 60 * 86_400_000) },
      now,
    )
  ).find((r) => r.title.zh === '全市经济运行分析')!;
  const at = new Date(release.releaseAt);
  expect(await pub.article('economy-analysis-upcoming', new Date(at.getTime() - 1000))).toBeNull();
  expect(await pub.article('economy-analysis-upcoming', new Date(at.getTime() + 1000))).toMatchObject({
    releaseId: release.id,
  });
});
