/** The survey system: browse forms, preview one as an enterprise sees it, import a bad definition. */
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

describe('surveys', () => {
  it('previews the industrial monthly form as a grid of indicators × columns', async () => {
    const page = await newPage(browser);
    await signIn(page, 'designer');
    await page.getByRole('navigation').getByRole('link', { name: '调查制度' }).click();
    await visible(page.getByRole('heading', { level: 1, name: '调查制度' }));
    await visible(page.getByRole('link', { name: 'B204-1' }));
    await expectNoAxeViolations(page);

    await page.getByRole('link', { name: '表式预览 B204-1' }).click();
    const grid = page.getByRole('table', { name: '工业产销总值及主要产品产量' });
    await visible(grid);
    await visible(grid.getByRole('columnheader', { name: '本期' }));
    await visible(grid.getByRole('columnheader', { name: '1-本月累计' }));
    await visible(grid.getByRole('rowheader', { name: /工业总产值/ }));
    // Entered cells are inputs named by their row and column; computed cells say how.
    await visible(grid.getByRole('textbox', { name: /工业总产值.*本期/ }));
    await visible(grid.getByText('= A02.current / A01.current * 100'));
    expect(await grid.getByRole('textbox', { name: /产品销售率/ }).count()).toBe(0);
    await expectNoAxeViolations(page);
    await page.screenshot({ path: '/tmp/tongji-e2e-preview.png', fullPage: true });

    // In English the same form speaks English.
    await page.getByRole('button', { name: 'English' }).click();
    await visible(page.getByRole('table', { name: 'Gross Industrial Output, Sales and Main Products' }));
    await visible(page.getByRole('columnheader', { name: 'This period' }));
    await page.getByRole('button', { name: '中文' }).click();
  });

  it('an enterprise sees the form preview too', async () => {
    const page = await newPage(browser);
    await signIn(page, 'qiye');
    await page.getByRole('navigation').getByRole('link', { name: '调查制度' }).click();
    await page.getByRole('link', { name: '表式预览 B204-1' }).click();
    await visible(page.getByRole('table', { name: '工业产销总值及主要产品产量' }));
    await expectNoAxeViolations(page);
  });

  it('lists every error of a bad definition with its path', async () => {
    const page = await newPage(browser);
    await signIn(page, 'designer');
    await page.goto('/surveys/import');
    await visible(page.getByRole('heading', { level: 1, name: '导入表式定义' }));
    const bad = [
      'formatVersion: 1',
      'survey: { code: demo, name: { zh: 演示, en: Demo }, issuer: { zh: 市统计局, en: Bureau } }',
      'form:',
      '  code: bad code',
      '  name: { zh: 演示表, en: Demo form }',
      '  frequency: weekly',
      '  deadline: { daysAfterPeriodEnd: 5, time: "20:00" }',
      '  reportingUnitType: { zh: 企业, en: Enterprises }',
      'version: { number: 1, from: 2026-01 }',
      'columns: [{ code: current, name: { zh: 本期, en: This period }, source: { kind: entered } }]',
      'indicators: []',
    ].join('\n');
    await page.getByLabel('定义内容').fill(bad);
    await page.getByRole('button', { name: '校验并导入' }).click();
    const errors = page.getByRole('table');
    await visible(errors.getByRole('columnheader', { name: '路径' }));
    const text = await errors.locator('tbody').textContent();
    expect(text).toContain('form.code');
    expect(text).toContain('form.frequency');
    expect(text).toContain('indicators');
    await expectNoAxeViolations(page);
    await page.screenshot({ path: '/tmp/tongji-e2e-definition-errors.png', fullPage: true });
  });
});
