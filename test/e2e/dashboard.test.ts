/**
 * The dashboard (数据看板) as the city statistician opens it: the map of Ningbo's county-level
 * divisions draws (canvas) with its table alternative listing the ten divisions and the API's
 * figures; choosing a county from the table (the keyboard's way to do a map click) shows its
 * series; the series chart, the early-warning summary with lights by name and the statdb
 * headlines are there. axe on the page in zh-CN and en-US; a county statistician sees it too, a
 * township statistician sees the township’s own figure (no county map above their area).
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, launch, newPage, signIn, visible } from './browser.ts';
import { session } from './setup.ts';

const COUNTIES = [
  '海曙区',
  '江北区',
  '北仑区',
  '镇海区',
  '鄞州区',
  '奉化区',
  '象山县',
  '宁海县',
  '余姚市',
  '慈溪市',
];

let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const number = (s: string | null) => Number((s ?? '').replace(/,/g, '').trim());

describe('dashboard', () => {
  it('draws the county map with its table, the series, the warning lights and the headlines', async () => {
    const city = await session('city');
    const forms = (await city('GET', '/api/aggregation/forms')).body.items;
    const form = forms.find((f: { code: string }) => f.code === 'B204-1');
    const period = form.periods[0].period;
    const api = (
      await city(
        'GET',
        `/api/aggregation/forms/${form.id}/periods/${period}/table?item=A01.current&rows=county`,
      )
    ).body;

    const page = await newPage(browser);
    await signIn(page, 'city');
    await page.getByRole('navigation').getByRole('link', { name: '数据看板' }).click();
    await visible(page.getByRole('heading', { level: 1, name: '数据看板' }));

    // The map draws on a canvas; its table alternative lists the ten divisions in code order.
    await visible(page.locator('#county-map canvas'));
    const rows = page.locator('#county-table tbody tr');
    await expect.poll(() => rows.count()).toBe(10);
    expect((await rows.locator('th').allTextContents()).map((s) => s.trim())).toEqual(COUNTIES);
    // Each division's figure as the API gives it (— where the period has none for it yet).
    const shown = (await rows.locator('td:first-of-type').allTextContents()).map((x) => x.trim());
    const expected = COUNTIES.map((name) => {
      const i = api.rows.findIndex((r: { name: { zh: string } }) => r.name.zh === name);
      const cell = api.cells[i][0];
      return cell.status === 'published' && cell.value !== null ? Number(cell.value) : '—';
    });
    expect(shown.map((x) => (x === '—' ? x : number(x)))).toEqual(expected);

    // The series of the city (seasonally adjusted and trend lines), then of a county.
    await visible(page.getByRole('heading', { level: 2, name: '走势：宁波市' }));
    await visible(page.locator('#series-card canvas'));
    // A click on the map (its middle is 奉化区) shows that county's series.
    const box = (await page.locator('#county-map canvas').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.waitForURL((u) => !!u.searchParams.get('county'));
    await visible(page.getByRole('heading', { level: 2, name: /^走势：.+[区县市]$/ }));
    await page.getByRole('button', { name: '查看走势：北仑区' }).click();
    await page.waitForURL((u) => u.searchParams.get('county') === '330206');
    await visible(page.getByRole('heading', { level: 2, name: '走势：北仑区' }));
    await expect
      .poll(() => page.getByRole('button', { name: '查看走势：北仑区' }).getAttribute('aria-pressed'))
      .toBe('true');
    await visible(page.locator('#series-card canvas'));

    // The early-warning summary: the composite light by name, and a link to the board.
    const warning = page.locator('#warning-summary');
    await visible(warning.getByText(/综合指数（\d{4}-\d{2}）/));
    await visible(warning.getByText(/^(过热|偏热|正常|偏冷|过冷)$/));
    await visible(page.getByRole('link', { name: '查看预警信号灯图' }));
    // The headline indicators of the statistical database, each with its latest figures.
    await visible(page.locator('#headlines').getByRole('link', { name: /社会消费品零售总额/ }));
    await expectNoAxeViolations(page);

    await page.getByRole('button', { name: 'English' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Dashboard' }));
    await visible(page.getByRole('heading', { level: 2, name: /Series: 北仑区/ }));
    await visible(page.locator('#warning-summary').getByText(/Composite index/));
    await expectNoAxeViolations(page);
    await page.context().close();
  });

  it('opens for a county statistician, with the map and its table', async () => {
    const page = await newPage(browser);
    await signIn(page, 'haishu');
    await page.getByRole('navigation').getByRole('link', { name: '数据看板' }).click();
    await visible(page.getByRole('heading', { level: 1, name: '数据看板' }));
    await visible(page.locator('#county-map canvas'));
    await expect.poll(() => page.locator('#county-table tbody tr').count()).toBe(10);
    await visible(page.getByRole('heading', { level: 2, name: '走势：海曙区' }));
    await expectNoAxeViolations(page);
    await page.context().close();
  });

  it('shows a township statistician the township’s own figure instead of the county map', async () => {
    const page = await newPage(browser);
    await signIn(page, 'nanmen');
    await page.getByRole('navigation').getByRole('link', { name: '数据看板' }).click();
    await visible(page.getByText(/这里是本乡镇（街道）的汇总数据/));
    await visible(page.locator('#summary-table caption', { hasText: '南门街道' }));
    expect(await page.locator('#county-map').count()).toBe(0);
    await visible(page.getByRole('heading', { level: 2, name: '走势：南门街道' }));
    await visible(page.locator('#series-card canvas'));
    await expectNoAxeViolations(page);
    await page.context().close();
  });
});
