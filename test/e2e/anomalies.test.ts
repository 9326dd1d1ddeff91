/**
 * Anomalous values (异常值) as a city statistician meets them in the demo: the demo's three years
 * of approved history carry a few odd figures, so a recent month of the industrial monthly form
 * has flagged values. In the browser: the anomaly list shows the strongest with its reason; the
 * unit's review page marks the cell and lists why; the inbox filter keeps only rows with
 * anomalies. axe on every page.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, launch, newPage, signIn, visible } from './browser.ts';
import { reportingPeriod, session } from './setup.ts';

let browser: Browser;
let formId: string;
let period: string;
let first: {
  unitId: string;
  unitName: string;
  cell: string;
  findings: { reason: { 'zh-CN': string } }[];
};

beforeAll(async () => {
  browser = await launch();
  const city = await session('city');
  const forms = await city('GET', '/api/surveys/forms');
  formId = forms.body.find((f: { code: string }) => f.code === 'B204-1').id;
  // The open month, or the latest approved month before it that has flagged values.
  let p = reportingPeriod();
  for (let back = 0; back < 12; back++) {
    const res = await city('GET', `/api/review/forms/${formId}/periods/${p}/anomalies?pageSize=1`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    if (res.body.total > 0) {
      period = p;
      first = res.body.items[0];
      break;
    }
    const [y, m] = p.split('-').map(Number);
    p = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
  }
  expect(first, 'the demo history has anomalous values in a recent month').toBeDefined();
});
afterAll(async () => {
  await browser?.close();
});

describe('anomalous values', () => {
  it('lists the strongest with why, and marks it on the review page', async () => {
    const page = await newPage(browser);
    await signIn(page, 'city');
    await page.goto(`/review/anomalies?form=${formId}&period=${period}`);
    await visible(page.getByRole('heading', { level: 1, name: '异常值' }));
    const row = page.locator('tbody tr').first();
    await visible(row.getByRole('link', { name: first.unitName }));
    await visible(row.getByText(first.cell));
    await visible(row.getByText(first.findings[0].reason['zh-CN'], { exact: false }).first());
    await expectNoAxeViolations(page);

    // Open it once the list has settled (a click during a refetch can land on the spinner).
    await page.locator('.ant-spin-spinning').waitFor({ state: 'detached' });
    await row.getByRole('link', { name: first.unitName }).click();
    await page.waitForURL((u) => u.pathname === `/review/${first.unitId}/${formId}/${period}`);
    await visible(page.getByRole('heading', { level: 1, name: new RegExp(`审核：${first.unitName}`) }));
    const section = page.getByRole('heading', { level: 2, name: /^异常值（\d+）$/ });
    await visible(section);
    const item = page.locator(`[data-anomaly="${first.cell}"]`);
    await visible(item.getByText(first.findings[0].reason['zh-CN'], { exact: false }).first());
    // The values grid marks the cell for sighted and screen-reader users alike.
    await visible(page.locator(`td[data-cell="${first.cell}"]`).getByTitle('异常值'));
    await expectNoAxeViolations(page);
    await page.screenshot({ path: '/tmp/tongji-e2e-anomaly-review.png', fullPage: true });
  });

  it('filters the inbox to submissions with anomalous values', async () => {
    const page = await newPage(browser);
    await signIn(page, 'city');
    await page.goto(`/review?form=${formId}&period=${period}`);
    await visible(page.getByRole('heading', { level: 1, name: '数据审核' }));
    // The box follows the page address, which the click changes (then the box shows it).
    const only = page.getByRole('checkbox', { name: '只看有异常值的' });
    await only.click();
    await page.waitForURL((u) => u.searchParams.get('anomalies') === 'true');
    await page.waitForFunction(() => {
      const box = [...document.querySelectorAll('input[type=checkbox]')].find((x) =>
        x.closest('label')?.textContent?.includes('只看有异常值的'),
      ) as HTMLInputElement | undefined;
      return box?.checked === true;
    });
    await page.locator('.ant-spin-spinning').waitFor({ state: 'detached' });
    const rows = page.locator('tbody tr.ant-table-row');
    await visible(rows.first());
    const n = await rows.count();
    for (let i = 0; i < n; i++) await visible(rows.nth(i).getByText(/^异常值 \d+$/));
    await expectNoAxeViolations(page);
  });
});
