/**
 * The statistical database in the browser, as a city statistician uses it: open 综合数据库 from
 * the menu, see the demo's retail sales with 同比 matching the API, the chart with the seasonally
 * adjusted line, a revised month's vintages, the CSV; then import historical series: a file with
 * bad rows is refused with every problem listed by row and column (in Chinese, then English) and
 * nothing written, a good file is accepted. axe on every state.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, launch, newPage, signIn, visible } from './browser.ts';
import { reportingPeriod, session } from './setup.ts';

let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('statistical database', () => {
  it('browses a series: table with 同比 as the API computes it, chart with seasonal adjustment, vintages, CSV', async () => {
    const page = await newPage(browser);
    await signIn(page, 'city');
    await page.getByRole('navigation').getByRole('link', { name: '综合数据库' }).click();
    await visible(page.getByRole('heading', { level: 1, name: '综合数据库' }));
    const last = reportingPeriod();
    const firstRow = page.locator('#statdb-table tbody tr').first();
    await expect.poll(() => firstRow.locator('th').textContent()).toBe(last);
    await visible(page.locator('figure canvas'));
    await expectNoAxeViolations(page);

    const city = await session('city');
    const api = await city('GET', `/api/statdb/observations?indicator=retail_sales&from=${last}&to=${last}`);
    expect(api.status).toBe(200);
    const point = api.body.series[0].points[0];
    const cells = (await firstRow.locator('td').allTextContents()).map((s) => s.trim());
    expect(cells[1]).toBe('初步');
    expect(cells[2]).toBe(Number(point.yoy).toFixed(1));
    expect(Number(cells[0].replace(/,/g, ''))).toBe(Number(point.value));

    // Seasonal adjustment of the series in the table.
    await page.getByRole('switch', { name: '显示季节调整后序列' }).click();
    await visible(page.getByRole('status').filter({ hasText: '季节调整对象：宁波市' }));

    // The month before the latest was revised once: two vintages.
    const second = page.locator('#statdb-table tbody tr').nth(1);
    const revisedPeriod = (await second.locator('th').textContent())!.trim();
    expect((await second.locator('td').nth(1).textContent())!.trim()).toBe('修订');
    await second.getByRole('button', { name: `${revisedPeriod} 的版本` }).click();
    const drawer = page.getByRole('dialog');
    await visible(drawer.getByText('修订版本'));
    await expect.poll(() => drawer.locator('#statdb-vintages tbody tr').count()).toBe(2);
    expect(await drawer.locator('#statdb-vintages tbody tr').first().textContent()).toContain('初步');
    await expectNoAxeViolations(page);
    await page.keyboard.press('Escape');

    const href = await page.getByRole('link', { name: '下载 CSV' }).getAttribute('href');
    expect(href).toContain('/api/statdb/observations.csv?indicator=retail_sales');
    const csv = await fetch(new URL(href!, page.url()), {
      headers: { cookie: (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ') },
    });
    expect(csv.status).toBe(200);
    expect((await csv.text()).split('\n')[0]).toContain('indicator,region,region_name,period,value');

    await page.getByRole('button', { name: 'English' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Statistical database' }));
    await visible(page.locator('#statdb-table thead th', { hasText: 'Year on year (%)' }));
    await expectNoAxeViolations(page);
    await page.context().close();
  });

  it('refuses a file with bad rows, listing every problem and writing nothing, then accepts a good one', async () => {
    const page = await newPage(browser);
    await signIn(page, 'city');
    await page.getByRole('navigation').getByRole('link', { name: '历史数据导入' }).click();
    await visible(page.getByRole('heading', { level: 1, name: '历史数据导入' }));
    await expectNoAxeViolations(page);

    const bad = [
      'indicator,region,period,value,status,note',
      'retail_sales,330200,2014-11,300.5,final,',
      'retail_sales,999999,2014-11,12,final,',
      'retail_sales,330203,2014-11,abc,final,',
    ].join('\n');
    const input = page.locator('input[type=file]');
    await input.setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await page.getByRole('button', { name: '检查并导入' }).click();
    await visible(page.getByRole('heading', { level: 2, name: '文件有 2 处问题，均未写入' }));
    const rows = page.locator('#statdb-import-problems tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    expect((await rows.nth(0).locator('th, td').allTextContents()).slice(0, 3)).toEqual([
      '3',
      'B (region)',
      '999999',
    ]);
    expect((await rows.nth(1).locator('th, td').allTextContents()).slice(0, 3)).toEqual([
      '4',
      'D (value)',
      'abc',
    ]);
    expect(await rows.nth(1).textContent()).toContain('数值不是数字');
    await expectNoAxeViolations(page);

    const city = await session('city');
    const before = await city(
      'GET',
      '/api/statdb/observations?indicator=retail_sales&from=2014-11&to=2014-11',
    );
    expect(before.body.series[0].points).toEqual([]);

    await page.getByRole('button', { name: 'English' }).click();
    await visible(
      page.getByRole('heading', { level: 2, name: 'The file has 2 problem(s); nothing was written' }),
    );
    expect(await rows.nth(1).textContent()).toContain('Not a number: abc');
    await page.getByRole('button', { name: '中文' }).click();

    const good = bad.split('\n').slice(0, 2).join('\n');
    await input.setInputFiles({ name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
    await page.getByRole('button', { name: '检查并导入' }).click();
    await visible(page.getByRole('status').filter({ hasText: '已导入 1 个数值：新写入 1 个，未变化 0 个' }));
    await expectNoAxeViolations(page);
    const after = await city(
      'GET',
      '/api/statdb/observations?indicator=retail_sales&from=2014-11&to=2014-11',
    );
    expect(after.body.series[0].points).toMatchObject([
      { period: '2014-11', value: '300.5', status: 'final' },
    ]);
    await page.context().close();
  });
});
