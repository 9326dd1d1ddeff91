/**
 * The public website in Debian Chromium: every page type has zero axe-core violations in the
 * normal and the elder (适老化) mode, on a desktop and a phone; the skip link and the tab order
 * reach the search box and the data query's submit button; with JavaScript off the data query
 * form still submits and shows its table; with JavaScript on, the chart is drawn under the CSP.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, expectNoAxeViolations, launch, visible } from './browser.ts';

let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 390, height: 844 },
];
const DATASET = '/site/data/retail-sales';

/**
 * A browser context. `bypassCSP` lets axe-core be injected as an inline script (the site's CSP
 * forbids inline scripts); the chart test keeps the CSP to prove the page works under it.
 */
async function context(opts: {
  width: number;
  height: number;
  javaScriptEnabled?: boolean;
  bypassCSP?: boolean;
}): Promise<BrowserContext> {
  return browser.newContext({
    baseURL: baseUrl(),
    viewport: { width: opts.width, height: opts.height },
    locale: 'zh-CN',
    javaScriptEnabled: opts.javaScriptEnabled ?? true,
    bypassCSP: opts.bypassCSP ?? true,
  });
}

/** Tabs until the focused element matches, or fails after `max` presses. */
async function tabTo(page: Page, selector: string, max = 80) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return i + 1;
  }
  throw new Error(`Tab never reached ${selector}`);
}

describe('public website', () => {
  it('has no axe violations on any page type, normal and elder mode, desktop and phone', async () => {
    // Links found on the site itself: an article with live data embeds, one question.
    const probe = await (await context(VIEWPORTS[0])).newPage();
    await probe.goto('/site/interaction');
    const question = await probe
      .locator('main a[href^="/site/interaction/"]:not([href$="/ask"])')
      .first()
      .getAttribute('href');
    expect(question).toBeTruthy();
    await probe.goto('/site/articles/bulletin');
    const article = await probe.locator('main ul.list a').first().getAttribute('href');
    expect(article).toBeTruthy();
    await probe.context().close();

    const pages = [
      '/site/',
      '/site/data',
      `${DATASET}?from=2024-01&to=2024-12`,
      '/site/articles/analysis',
      article!,
      '/site/calendar',
      '/site/open-gov',
      '/site/interaction',
      question!,
      '/site/search?q=%E7%BB%9F%E8%AE%A1%E5%85%AC%E6%8A%A5',
      '/site/no-such-page',
    ];
    // Every page is checked before failing, so one run lists every violation.
    const failures: string[] = [];
    for (const viewport of VIEWPORTS) {
      for (const elder of [false, true]) {
        const ctx = await context(viewport);
        const page = await ctx.newPage();
        await page.goto(`/site/?elder=${elder ? 1 : 0}`);
        for (const url of pages) {
          const res = await page.goto(url);
          expect(res?.status(), url).toBe(url === '/site/no-such-page' ? 404 : 200);
          expect(await page.locator('html').getAttribute('class'), url).toBe(elder ? 'elder' : null);
          await expectNoAxeViolations(page).catch((e) => {
            failures.push(`${viewport.name} ${elder ? 'elder' : 'normal'} ${url}: ${e.message}`);
          });
        }
        // The ask form, posted empty: the errors are shown on the page.
        await page.goto('/site/interaction/ask');
        await page.getByRole('button', { name: '提交留言' }).click();
        await visible(page.getByRole('alert'));
        expect(await page.getByRole('alert').textContent()).toContain('请填写留言标题');
        await expectNoAxeViolations(page).catch((e) => {
          failures.push(`${viewport.name} ${elder ? 'elder' : 'normal'} ask form error: ${e.message}`);
        });
        await ctx.close();
      }
    }
    expect(failures.join('\n\n')).toBe('');
  });

  it('is keyboard operable: skip link first, then the search box; the query form submits by keyboard', async () => {
    const ctx = await context(VIEWPORTS[0]);
    const page = await ctx.newPage();
    await page.goto('/site/');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('skip-link');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('main');

    await page.goto('/site/');
    await tabTo(page, '#site-q');
    await page.keyboard.type('统计公报');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/site\/search\?q=/);
    await visible(page.locator('main ol.results a').first());

    await page.goto(DATASET);
    await tabTo(page, 'form.query-form button[type="submit"]', 200);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/site\/data\/retail-sales\?/);
    await visible(page.locator('table.data tbody tr'));
    await ctx.close();
  });

  it('works without JavaScript: the data query form submits and shows the table', async () => {
    const ctx = await context({ ...VIEWPORTS[1], javaScriptEnabled: false });
    const page = await ctx.newPage();
    await page.goto(DATASET);
    const periods = await page.locator('#period-from option').allTextContents();
    const from = periods[periods.length - 3];
    await page.locator('#period-from').selectOption(from);
    await page.getByRole('button', { name: '查询' }).click();
    await page.waitForURL(new RegExp(`from=${from}`));
    const rows = page.locator('table.data tbody th[scope="row"]');
    await expect.poll(() => rows.allTextContents()).toEqual(periods.slice(-3));
    // No script ran: the chart stays an empty placeholder, the table is the data.
    expect(await page.locator('.chart canvas').count()).toBe(0);
    await ctx.close();
  });

  it('draws the chart where JavaScript runs, within the Content-Security-Policy', async () => {
    const ctx = await context({ ...VIEWPORTS[0], bypassCSP: false });
    const page = await ctx.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    await page.goto(`${DATASET}?from=2024-01&to=2024-12`);
    await visible(page.locator('.chart canvas'));
    expect(violations).toEqual([]);
    await ctx.close();
  });
});
