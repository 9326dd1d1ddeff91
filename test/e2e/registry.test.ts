/** The register: search with filters (shareable URL), a unit's details, import with a bad row. */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, launch, newPage, signIn, visible } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('register', () => {
  it('searches units by text (shareable URL, county scope, empty state), opens one and its edit form', async () => {
    const page = await newPage(browser);
    await signIn(page, 'haishu');
    await page.getByRole('navigation').getByRole('link', { name: '调查单位' }).click();
    await visible(page.getByRole('heading', { level: 1, name: '调查单位' }));
    const table = page.getByRole('table');
    await visible(table.getByRole('columnheader', { name: '统一社会信用代码' }));
    await visible(table.locator('tbody tr a'));
    await expectNoAxeViolations(page);
    await page.screenshot({ path: '/tmp/tongji-e2e-units.png', fullPage: true });

    // Every unit a county statistician sees lies in the county (海曙区).
    const places = await table.locator('tbody tr td:nth-child(3)').allTextContents();
    expect(places.length).toBeGreaterThan(0);
    for (const p of places) expect(p).toContain('海曙区');

    // Text filter: the first unit's name finds it; the filter is in the URL.
    const name = ((await table.locator('tbody tr a').first().textContent()) ?? '').trim();
    await page.getByLabel('名称或统一社会信用代码').fill(name);
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await page.waitForURL((u) => u.searchParams.get('q') === name);
    await visible(table.getByRole('link', { name }));

    // A shared URL reproduces the selection.
    const shared = await newPage(browser);
    await signIn(shared, 'haishu');
    await shared.goto(`/register/units?q=${encodeURIComponent(name)}`);
    await visible(shared.getByRole('table').getByRole('link', { name }));
    await shared.context().close();

    // Nothing matches: a clear empty state.
    await page.getByLabel('名称或统一社会信用代码').fill('不存在的单位名称zzz');
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await visible(page.getByText('没有符合条件的调查单位'));

    await page.goto(`/register/units?q=${encodeURIComponent(name)}`);
    await table.getByRole('link', { name }).click();
    await visible(page.getByRole('heading', { level: 1, name }));
    await visible(page.getByText('统一社会信用代码'));
    await expectNoAxeViolations(page);

    // The edit form of the same unit.
    await page.getByRole('button', { name: /编\s*辑/ }).click();
    await visible(page.getByRole('heading', { level: 1, name: '编辑单位' }));
    await expectNoAxeViolations(page);
  });

  it('imports a file with a bad row: every bad row is listed and nothing can be confirmed', async () => {
    const page = await newPage(browser);
    await signIn(page, 'haishu');
    await page.goto('/register/import');
    await visible(page.getByRole('heading', { level: 1, name: '导入名录' }));
    await expectNoAxeViolations(page);

    const header =
      '统一社会信用代码,单位详细名称,乡镇（街道）代码,行业代码,登记注册类型,从业人员（人）,营业收入（千元）,状态,纳入日期,退出日期,详细地址,联系人,联系电话,电子邮箱';
    const good =
      '914403001922038216,宁波测试导入机械有限公司,330203001,3411,173,120,56000,在营,2026-01-01,,,,,';
    // Wrong check digit (the last character).
    const bad = '914403001922038210,宁波校验位错误有限公司,330203001,3411,173,10,500,在营,2026-01-01,,,,,';
    const csv = `\uFEFF${header}\n${good}\n${bad}\n`;
    await page.locator('input[type=file]').setInputFiles({
      name: 'units.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv, 'utf8'),
    });
    await page.getByRole('button', { name: '上传并校验' }).click();

    await visible(page.getByText('共 2 行：1 行可导入，1 行有问题'));
    const errors = page.getByRole('table', { name: '有问题的行' });
    await visible(errors.getByRole('columnheader', { name: '原因' }));
    const rows = errors.locator('tbody tr');
    expect(await rows.count()).toBe(1);
    const cells = await rows.first().locator('td').allTextContents();
    expect(cells[0]).toBe('3'); // the header is row 1: the bad unit is row 3
    expect(cells[1]).toBe('统一社会信用代码');
    expect(cells[2]).toBe('914403001922038210');
    expect(cells[3]).toMatch(/校验/);
    expect(await page.getByRole('button', { name: '确认导入' }).isDisabled()).toBe(true);
    await expectNoAxeViolations(page);
    await page.screenshot({ path: '/tmp/tongji-e2e-import.png', fullPage: true });

    await page.getByRole('button', { name: /放\s*弃/ }).click();
    await visible(page.getByText('已放弃本次导入，未写入任何数据'));
  });
});
