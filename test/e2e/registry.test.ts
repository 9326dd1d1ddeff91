/**
 * The register: search with filters (shareable URL, industry grouping), a unit's details and its
 * status change, import with a bad row.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { choose, closes, expectNoAxeViolations, launch, newPage, signIn, visible } from './browser.ts';

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

  it('filters by an industry grouping (高技术制造业): every unit listed is in it, and the URL says so', async () => {
    const page = await newPage(browser);
    await signIn(page, 'admin');
    await page.goto('/register/units');
    await visible(page.getByRole('table').locator('tbody tr a'));
    await choose(page, page.getByLabel('行业分组'), '高技术制造业');
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await page.waitForURL((u) => u.searchParams.get('grouping') === 'high-tech-manufacturing');
    await expectNoAxeViolations(page);

    const groupings = (await (await page.request.get('/api/registry/industry-groupings')).json()) as {
      id: string;
      codes: string[];
    }[];
    const codes = new Set(groupings.find((g) => g.id === 'high-tech-manufacturing')!.codes);
    const table = page.getByRole('table');
    await visible(table.locator('tbody tr a'));
    const industries = await table.locator('tbody tr td:nth-child(4)').allTextContents();
    expect(industries.length).toBeGreaterThan(0);
    for (const text of industries) expect(codes.has(text.trim().slice(0, 4)), text).toBe(true);
    // The API query shown under the table carries the same filter.
    await page.getByText('对应的 API 查询').click();
    await visible(page.getByText(/GET \/api\/registry\/units\?.*grouping=high-tech-manufacturing/));
  });

  it('changes a unit’s status with a reason; the detail shows the new status and exit date', async () => {
    const page = await newPage(browser);
    await signIn(page, 'haishu');
    await page.goto('/register/units?status=active&sort=-name');
    const link = page.getByRole('table').locator('tbody tr a').first();
    await visible(link);
    const name = ((await link.textContent()) ?? '').trim();
    await link.click();
    await visible(page.getByRole('heading', { level: 1, name }));
    const details = page.locator('.ant-descriptions');

    // Suspend (停业): no date to give, a reason for the audit trail.
    await page.getByRole('button', { name: '变更状态' }).click();
    const dialog = page.getByRole('dialog', { name: '变更状态' });
    await visible(dialog);
    await expectNoAxeViolations(page);
    await dialog
      .locator('label')
      .filter({ hasText: /^停业$/ })
      .click();
    expect(await dialog.getByLabel('退出名录日期').count()).toBe(0);
    await dialog.getByLabel('变更原因').fill('经营困难，暂停生产');
    await dialog.getByRole('button', { name: /确\s*认/ }).click();
    await closes(dialog);
    await visible(details.getByText('停业', { exact: true }));

    // Exit (已退出) on a given date: the date shows in the detail.
    const today = new Date().toISOString().slice(0, 10);
    await page.getByRole('button', { name: '变更状态' }).click();
    await visible(dialog);
    await dialog
      .locator('label')
      .filter({ hasText: /^已退出$/ })
      .click();
    // Typed, then Tab commits the date (Enter would submit the whole form).
    const date = dialog.getByLabel('退出名录日期');
    await date.click();
    await date.fill(today);
    await date.press('Tab');
    await dialog.getByLabel('变更原因').fill('企业注销');
    await expect.poll(() => page.locator('.ant-picker-dropdown:visible').count()).toBe(0);
    expect(await date.inputValue()).toBe(today);
    await expectNoAxeViolations(page);
    await dialog.getByRole('button', { name: /确\s*认/ }).click();
    await closes(dialog);
    await visible(details.getByText('已退出', { exact: true }));
    const [y, m, d] = today.split('-');
    await visible(details.getByText(`${y}/${m}/${d}`, { exact: true }));

    const detailUrl = page.url();

    // The register search finds it among exited units.
    await page.goto(`/register/units?status=exited&q=${encodeURIComponent(name)}`);
    await visible(page.getByRole('table').getByRole('link', { name }));

    // An administrator sees both changes with their reasons (from the audit log).
    const admin = await newPage(browser);
    await signIn(admin, 'admin');
    await admin.goto(detailUrl);
    const history = admin.getByRole('table', { name: '状态变更记录' });
    await visible(history.getByRole('cell', { name: '经营困难，暂停生产' }));
    await visible(history.getByRole('cell', { name: '企业注销' }));
    expect(await history.locator('tbody tr').count()).toBe(2);
    await expectNoAxeViolations(admin);
    await admin.context().close();
  });
});
