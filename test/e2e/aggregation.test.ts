/**
 * Aggregation (汇总) in the browser, as the city statistician uses it: the summary table of the
 * demo's industrial monthly form (B204-1) with its total as the API gives it, the public view
 * with × cells and their legend, the Excel download; then the done criterion — a report
 * approved elsewhere (through the API, by another session) changes the table's total after the
 * refresh button, without reloading the app; the microdata page shows the unit and, after the
 * report is reopened and approved again, its two vintages. axe on every page, zh-CN and en-US.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentPeriod } from '../../src/modules/collection/domain/window.ts';
import { periods } from '../../src/modules/surveys/index.ts';
import { choose, expectNoAxeViolations, launch, newPage, signIn, visible } from './browser.ts';
import { type Call, session } from './setup.ts';

// The month open for reporting now: the demo leaves some of its reports waiting at the city.
const OPEN = periods.formatPeriod(periods.previousPeriod(currentPeriod('monthly', new Date())));
const ITEM = 'A01.current';

let browser: Browser;
let city: Call;
let formId: string;
let latest: string;

beforeAll(async () => {
  browser = await launch();
  city = await session('city');
  const forms = await city('GET', '/api/aggregation/forms');
  expect(forms.status, JSON.stringify(forms.body)).toBe(200);
  const form = forms.body.items.find((f: { code: string }) => f.code === 'B204-1');
  expect(form, 'B204-1 has aggregated periods').toBeTruthy();
  formId = form.id;
  latest = form.periods[0].period;
});
afterAll(async () => {
  await browser?.close();
});

const number = (s: string | null) => Number((s ?? '').replace(/,/g, '').trim());

/** The total (first row, value column) of the summary table as shown. */
async function shownTotal(page: Page) {
  const cell = page.locator('#summary-table tbody tr').first().locator('td').nth(1);
  await visible(cell);
  return number(await cell.textContent());
}

async function apiTable(period: string, query = '') {
  const r = await city(
    'GET',
    `/api/aggregation/forms/${formId}/periods/${period}/table?item=${ITEM}&rows=county${query}`,
  );
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

/** Final approval (at the city) of a report waiting there; returns its unit. */
async function approveOneAtCity(): Promise<{ unitId: string; unitName: string }> {
  const list = await city(
    'GET',
    `/api/review/submissions?period=${OPEN}&formId=${formId}&status=pending&level=city&pageSize=5`,
  );
  expect(list.status, JSON.stringify(list.body)).toBe(200);
  expect(list.body.items.length, 'a B204-1 report waiting at the city').toBeGreaterThan(0);
  const { unitId, unitName } = list.body.items[0];
  await approve(unitId);
  return { unitId, unitName };
}

async function approve(unitId: string) {
  const path = `/api/review/units/${unitId}/forms/${formId}/periods/${OPEN}`;
  const d = await city('GET', path);
  expect(d.status, JSON.stringify(d.body)).toBe(200);
  const r = await city('POST', `${path}/decisions`, {
    decision: 'approve',
    version: d.body.review.version,
    submissionVersion: d.body.submissionVersion,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  expect(r.body.status).toBe('approved');
}

describe('summary tables', () => {
  it('shows the total the API gives, the public view with × and its legend, and downloads Excel', async () => {
    const page = await newPage(browser);
    await signIn(page, 'city');
    await page.getByRole('navigation').getByRole('link', { name: '汇总表' }).click();
    await visible(page.getByRole('heading', { level: 1, name: '汇总表' }));
    await page.waitForURL((u) => u.pathname === '/aggregation/tables');
    const api = await apiTable(latest);
    expect(api.rows).toHaveLength(11); // the total and the ten county-level divisions
    await visible(page.getByRole('rowheader', { name: '海曙区' }));
    expect(await shownTotal(page)).toBe(Number(api.cells[0][0].value));
    await visible(page.locator('#summary-table caption', { hasText: latest }));
    await expectNoAxeViolations(page);

    // By industry section in the public view: disclosure control hides some cells.
    const pub = await apiTable(latest, '&cols=section&view=public');
    expect(pub.suppressed).toBeGreaterThan(0);
    await choose(page, page.getByLabel('列：分组'), '行业门类');
    await page.getByRole('switch', { name: '对外公布口径预览' }).click();
    await page.waitForURL(
      (u) => u.searchParams.get('view') === 'public' && u.searchParams.get('cols') === 'section',
    );
    await visible(page.getByText('对外公布口径', { exact: true }));
    await expect
      .poll(() => page.locator('#summary-table abbr', { hasText: '×' }).count())
      .toBe(pub.suppressed);
    await visible(page.locator('#suppression-legend', { hasText: `本表共 ${pub.suppressed} 格` }));
    expect(await page.locator('#summary-table abbr').first().getAttribute('title')).toMatch(/不予公布/);
    await expectNoAxeViolations(page);

    const [response, download] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/table.xlsx')),
      page.waitForEvent('download'),
      page.getByRole('button', { name: '下载 Excel' }).click(),
    ]);
    expect(response.ok()).toBe(true);
    expect(response.headers()['content-type']).toContain('spreadsheetml');
    expect(download.suggestedFilename()).toMatch(/^B204-1-.*\.xlsx$/);

    // The same page in English.
    await page.getByRole('button', { name: 'English' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Summary tables' }));
    await visible(page.getByText('Published view', { exact: true }));
    await expectNoAxeViolations(page);
    await page.context().close();
  });

  it('shows a final approval made elsewhere after refresh, and the unit’s vintages in the microdata', async () => {
    // One approval first, so the open month has aggregates before the page opens.
    await approveOneAtCity();
    const before = await apiTable(OPEN);

    const page = await newPage(browser);
    await signIn(page, 'city');
    await page.goto(`/aggregation/tables?form=${formId}&period=${OPEN}&item=${ITEM}`);
    await visible(page.getByRole('heading', { level: 1, name: '汇总表' }));
    await visible(page.locator('#summary-table caption', { hasText: OPEN }));
    const shownBefore = await shownTotal(page);
    expect(shownBefore).toBe(Number(before.cells[0][0].value));

    // Approved by another session; the open page learns of it by the refresh button.
    const { unitId, unitName } = await approveOneAtCity();
    const after = await apiTable(OPEN);
    const unitValue = (
      await city('GET', `/api/aggregation/microdata?formId=${formId}&period=${OPEN}&unitId=${unitId}`)
    ).body.items[0].values[ITEM];
    expect(Number(after.cells[0][0].value)).toBeCloseTo(shownBefore + Number(unitValue ?? 0), 6);
    expect(after.cells[0][0].units).toBe(before.cells[0][0].units + 1);
    await page.getByRole('button', { name: '刷新' }).click();
    await expect.poll(() => shownTotal(page)).toBe(Number(after.cells[0][0].value));
    expect(await shownTotal(page)).not.toBe(shownBefore);

    // Reopened and approved again: two vintages, the first withdrawn.
    const path = `/api/review/units/${unitId}/forms/${formId}/periods/${OPEN}`;
    const d = await city('GET', path);
    const reopened = await city('POST', `${path}/reopen`, {
      reason: '浏览器测试：复核后重新终审',
      version: d.body.review.version,
    });
    expect(reopened.status, JSON.stringify(reopened.body)).toBe(200);
    await approve(unitId);

    await page.getByRole('navigation').getByRole('link', { name: '统计原始数据库' }).click();
    await visible(page.getByRole('heading', { level: 1, name: '统计原始数据库' }));
    // The open month, named in the address (the page defaults to the latest aggregated period).
    await page.goto(`/aggregation/microdata?form=${formId}&period=${OPEN}`);
    const row = page.locator('#microdata-table tbody tr').filter({ hasText: unitName });
    await visible(row);
    await expectNoAxeViolations(page);
    await row.getByRole('button', { name: `查看版本：${unitName}` }).click();
    const drawer = page.getByRole('dialog', { name: new RegExp(unitName) });
    await visible(drawer.getByRole('heading', { name: /版本 1/ }));
    await visible(drawer.getByRole('heading', { name: /版本 2/ }));
    await visible(drawer.getByText('撤销（重新审核）').first());
    await visible(drawer.getByText('现行版本'));
    await expectNoAxeViolations(page);
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });

    await page.getByRole('button', { name: 'English' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Microdata' }));
    await visible(row);
    await expectNoAxeViolations(page);
    await page.context().close();
  });

  it('signs a period off with a note after confirming, lists it and shows the table as signed off', async () => {
    const forms = (await city('GET', '/api/aggregation/forms')).body.items;
    // A month before the latest, so the other flows' months stay unsigned.
    const period = forms.find((f: { code: string }) => f.code === 'B204-1').periods[1].period;
    const page = await newPage(browser);
    await signIn(page, 'city');
    await page.goto(`/aggregation/tables?form=${formId}&period=${period}&item=${ITEM}`);
    await visible(page.locator('#summary-table caption', { hasText: period }));
    // The demo signs its history off once; this sign-off comes after any there are.
    const earlier = (await city('GET', `/api/aggregation/forms/${formId}/periods/${period}/sign-offs`)).body
      .items;
    const seq = earlier.length + 1;
    if (!earlier.length) await visible(page.getByText('本期尚未封库。'));
    // Ant Design spaces a two-character Chinese label (封 库); exact, so 查看封库时数据 does not match.
    await page
      .getByRole('button', { name: '封 库', exact: true })
      .or(page.getByRole('button', { name: '封库', exact: true }))
      .click();
    const dialog = page.getByRole('dialog', { name: `确认封库 ${period}？` });
    await visible(dialog);
    await dialog.getByLabel('说明').fill('浏览器测试：月度数据封库');
    await expectNoAxeViolations(page);
    await dialog.getByRole('button', { name: '确认封库' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await visible(page.getByRole('status').getByText(new RegExp(`已完成第 ${seq} 次封库`)));
    const list = await city('GET', `/api/aggregation/forms/${formId}/periods/${period}/sign-offs`);
    expect(list.body.items).toHaveLength(seq);
    const mine = list.body.items[seq - 1];
    expect(mine).toMatchObject({ seq, signedBy: 'city', note: '浏览器测试：月度数据封库' });
    await visible(page.getByRole('cell', { name: '浏览器测试：月度数据封库' }));

    // As signed off: the address carries the time, the table says so and matches the API.
    await page.getByRole('button', { name: `查看封库时数据：第 ${seq} 次` }).click();
    await page.waitForURL((u) => u.searchParams.get('asOf') === mine.signedAt);
    await visible(page.getByText(/^截至 .* 的数据$/));
    const asOf = await apiTable(period, `&asOf=${encodeURIComponent(mine.signedAt)}`);
    expect(await shownTotal(page)).toBe(Number(asOf.cells[0][0].value));
    // The period picker marks the signed-off month (the forms list is fetched again).
    const picker = page.locator('.ant-select', { has: page.locator('#agg-period') });
    await expect.poll(() => picker.textContent()).toContain('已封库');
    await expectNoAxeViolations(page);
    await page.context().close();
  });
});
