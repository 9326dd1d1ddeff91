/**
 * Seasonal adjustment in the browser, as a city statistician does it: open the page from the
 * menu, load the example (ten years of a monthly series), run it, see the chart, the table (one
 * row a month) and a trend value that matches the API's answer for the same input, download the
 * CSV; then a series too short to decompose gives the API's message in Chinese and, after the
 * language switch, in English; on a phone, a quarterly row from Excel with a gap, interpolated and
 * fitted robustly (weights shown). axe on the page with and without results.
 */
import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleSeries } from '../../web/src/features/analysis/parse.ts';
import { expectNoAxeViolations, launch, newPage, signIn, visible } from './browser.ts';
import { session } from './setup.ts';

let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** The text of the cells of a table row (header cell first). */
async function rowCells(page: Page, index: number): Promise<string[]> {
  const row = page.locator('#stl-table tbody tr').nth(index);
  return (await row.locator('th, td').allTextContents()).map((s) => s.trim());
}

const number = (s: string) => Number(s.replace(/,/g, ''));

describe('seasonal adjustment', () => {
  it('decomposes the example series: chart, table, the API’s trend, CSV', async () => {
    const page = await newPage(browser);
    await signIn(page, 'city');
    await page.getByRole('navigation').getByRole('link', { name: '季节调整' }).click();
    await visible(page.getByRole('heading', { level: 1, name: '季节调整' }));
    await expectNoAxeViolations(page);

    await page.getByRole('button', { name: '载入示例' }).click();
    const example = exampleSeries();
    await expect.poll(() => page.getByLabel('序列数值').inputValue()).toBe(example.values.join('\n'));
    await expect.poll(() => page.getByLabel('起始期（可选）').inputValue()).toBe('2015-01');
    // The advanced parameters open from the keyboard and show R's defaults for these choices.
    await page.getByRole('button', { name: '高级参数' }).focus();
    await page.keyboard.press('Enter');
    await visible(page.getByLabel('t.window'));
    await visible(page.getByText('默认 21 · nextodd(ceiling(1.5·frequency / (1 − 1.5/s.window)))'));
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: '进行季节调整' }).click();

    await visible(page.getByRole('heading', { level: 2, name: '分解结果' }));
    // The chart draws on a canvas.
    await visible(page.locator('figure canvas'));
    await expect.poll(() => page.locator('#stl-table tbody tr').count()).toBe(120);
    expect((await rowCells(page, 0))[0]).toBe('2015-01');
    expect((await rowCells(page, 119))[0]).toBe('2024-12');

    // The same input straight to the API (the page's defaults: s.window 13, not robust).
    const city = await session('city');
    const api = await city('POST', '/api/analysis/stl', {
      values: example.values,
      frequency: 12,
      start: { year: 2015, period: 1 },
      's.window': 13,
    });
    expect(api.status, JSON.stringify(api.body)).toBe(200);
    const cells = await rowCells(page, 30);
    expect(cells[0]).toBe('2017-07');
    const shownTrend = cells[3];
    const decimals = shownTrend.split('.')[1]?.length ?? 0;
    expect(Math.abs(number(shownTrend) - api.body.trend[30])).toBeLessThanOrEqual(
      0.5 * 10 ** -decimals + 1e-9,
    );
    expect(number(cells[1])).toBe(example.values[30]);
    // The parameters used, as returned.
    await visible(page.getByText(/stl\(ts\(x, frequency = 12, start = c\(2015, 1\)\), s\.window = 13\)/));

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '下载 CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('季节调整.csv');
    const csv = fs.readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
    const lines = csv.trim().split(/\r\n/);
    expect(lines).toHaveLength(121);
    expect(lines[0]).toBe('期间,原序列,季节成分,趋势,余项,季节调整后');
    const line = lines[31].split(',');
    expect(line[0]).toBe('2017-07');
    expect(Number(line[3])).toBeCloseTo(api.body.trend[30], 9);

    await expectNoAxeViolations(page);
    await page.context().close();
  });

  it('shows the API’s bilingual message for a series too short to decompose', async () => {
    const page = await newPage(browser);
    await signIn(page, 'city');
    await page.goto('/analysis/seasonal');
    await visible(page.getByRole('heading', { level: 1, name: '季节调整' }));
    await page.getByLabel('序列数值').fill('1\n2\n3\n\n5');
    await page.getByLabel('缺失值处理').getByText('线性插补').click();
    await page.getByRole('button', { name: '进行季节调整' }).click();
    const alert = page.getByRole('alert').filter({ hasText: '序列只有 5 个值' });
    await visible(alert);
    expect(await alert.textContent()).toContain('至少 25 个');
    await expectNoAxeViolations(page);

    await page.getByRole('button', { name: 'English' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Seasonal adjustment' }));
    await visible(page.getByRole('alert').filter({ hasText: 'The series has 5 values' }));
    await page.context().close();
  });

  it('reads a quarterly row pasted from Excel with a gap, fits it robustly, on a phone', async () => {
    const page = await newPage(browser, { width: 390, height: 844 });
    await signIn(page, 'city');
    await page.goto('/analysis/seasonal');
    await visible(page.getByRole('heading', { level: 1, name: '季节调整' }));
    // Twelve quarters, one blank (missing) in the middle, separated as Excel copies a row.
    const q = [10, 12, 15, 11, 11, 13, '', 12, 12, 14, 17, 13];
    await page.getByLabel('序列数值').fill(`${q.join('\t')}\n`);
    await page.getByLabel('频率（每周期观测数）').getByText('季度').click();
    await page.getByLabel('起始期（可选）').fill('2021Q2');
    await page.getByLabel('季节窗宽 s.window').getByText('periodic').click();
    await page.getByLabel('缺失值处理').getByText('线性插补').click();
    await page.getByRole('switch', { name: /稳健拟合/ }).focus();
    await page.keyboard.press('Space');
    await expect
      .poll(() => page.getByRole('switch', { name: /稳健拟合/ }).getAttribute('aria-checked'))
      .toBe('true');
    await page.getByRole('button', { name: '进行季节调整' }).focus();
    await page.keyboard.press('Enter');
    await visible(page.getByRole('heading', { level: 2, name: '分解结果' }));
    await expect.poll(() => page.locator('#stl-table tbody tr').count()).toBe(12);
    expect((await rowCells(page, 0))[0]).toBe('2021Q2');
    expect((await rowCells(page, 11))[0]).toBe('2024Q1');
    expect((await rowCells(page, 6))[1]).toMatch(/插补/);
    // A robust fit shows its weights.
    await visible(page.locator('#stl-table thead th', { hasText: '稳健权重' }));
    expect(await rowCells(page, 0)).toHaveLength(7);
    await visible(page.getByText('已线性插补 1 个缺失值：2022Q4'));
    await expectNoAxeViolations(page);
    await page.context().close();
  });
});
