import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';

let t: TestApp;

beforeAll(async () => {
  t = await buildTestApp();
  await t.modules.statdb.seedDemo();
  await t.modules.publication.seedDemo();
}, 180_000);
afterAll(async () => t?.close());

describe('publication demo', () => {
  it('has datasets public at once and the next month staged under embargo', async () => {
    const pub = t.modules.publication.api.public;
    const now = t.clock.now();
    const list = await pub.datasets(now);
    expect(list.map((d) => d.code).sort()).toEqual([
      'consumer-prices',
      'electricity',
      'exports',
      'fixed-investment',
      'gdp-quarterly',
      'industry-monthly',
      'retail-sales',
    ]);
    const next = await pub.nextChangeAfter(now);
    expect(next).not.toBeNull();
    const cal = await pub.calendar(
      { from: new Date(now.getTime() - 60 * 86400_000), to: new Date(now.getTime() + 60 * 86400_000) },
      now,
    );
    expect(cal.filter((r) => r.released)).toHaveLength(2);
    expect(cal.filter((r) => !r.released)).toHaveLength(3);
    expect(cal.every((r) => r.released || r.datasets.length === 0)).toBe(true);

    // The staged month appears at the next release minute, and not a second before.
    const retail = (at: Date) => pub.dataset('retail-sales', at);
    const before = await retail(new Date(next!.getTime() - 1000));
    const after = await retail(new Date(next!.getTime() + 1000));
    expect(before!.firstPeriod).toBe('2015-01');
    expect(after!.lastPeriod > before!.lastPeriod).toBe(true);
    expect(after!.updatedAt).toBe(next!.toISOString());
    const regions = after!.dimensions.find((d) => d.id === 'region')!.codes;
    expect(regions).toHaveLength(11);
    const cells = await pub.cells(
      'retail-sales',
      { region: regions.slice(1).map((r) => r.code), period: [after!.lastPeriod] },
      new Date(next!.getTime() + 1000),
    );
    expect(cells).toHaveLength(10);
    expect(
      await pub.cells('retail-sales', { period: [after!.lastPeriod] }, new Date(next!.getTime() - 1000)),
    ).toEqual([]);
  });
});
