/** The demo content: what the public sees right after the seed, and what only comes later. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
  t.clock.set(new Date('2026-11-20T02:00:00Z'));
  await t.modules.cms.seedDemo();
});
afterAll(() => t.close());

it('seeds a bulletin with live data embeds, every channel, 政务公开 categories and answered questions', async () => {
  const pub = t.modules.cms.api.public;
  const now = t.clock.now();
  const bulletin = await pub.article('ningbo-statistical-bulletin-2025', now);
  expect(bulletin?.title).toBe('2025年宁波市国民经济和社会发展统计公报');
  expect(bulletin?.bodyHtml).toMatch(/<figure data-embed="chart" data-dataset="gdp-quarterly"/);
  expect(bulletin?.bodyHtml).toContain('<table>');
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
});
