/**
 * Helpers for the browser flows: Debian Chromium through playwright-core, sign-in as a demo
 * account, and an axe-core accessibility check of the current page.
 */
import { createRequire } from 'node:module';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';

export const DEMO_PASSWORD = 'Demo@2026tj';
const require = createRequire(import.meta.url);

export function baseUrl(): string {
  return inject('baseUrl');
}

/** Debian's Chromium; never a downloaded browser. */
export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A fresh page (own cookies) at the given viewport, zh-CN unless told. */
export async function newPage(
  browser: Browser,
  opts: { width?: number; height?: number; locale?: string } = {},
) {
  const context = await browser.newContext({
    baseURL: baseUrl(),
    viewport: { width: opts.width ?? 1280, height: opts.height ?? 900 },
    locale: opts.locale ?? 'zh-CN',
  });
  return context.newPage();
}

/** Signs in through the sign-in page and waits for the home page. */
export async function signIn(page: Page, username: string, password = DEMO_PASSWORD) {
  await page.goto('/sign-in');
  await page.getByLabel(/用户名|Username/).fill(username);
  await page.getByLabel(/^(密码|Password)$/).fill(password);
  await page.getByRole('button', { name: /登\s*录|Sign in/ }).click();
  await page.getByRole('heading', { level: 1, name: /欢迎|Welcome/ }).waitFor();
}

/**
 * Waits until dialogs and dropdowns have finished fading in or out (Ant Design's motion classes
 * gone, no animation running), so axe measures the colours a person sees, not a blend mid-fade.
 */
export async function settled(page: Page) {
  await page
    .waitForFunction(
      () =>
        !document.querySelector('[class*="-appear"], [class*="-enter"], [class*="-leave"]') &&
        document.getAnimations().every((a) => a.playState !== 'running'),
      undefined,
      { timeout: 5_000, polling: 100 },
    )
    .catch(() => {});
}

/** Runs axe-core on the page and fails with a readable list of violations. */
export async function expectNoAxeViolations(page: Page) {
  await settled(page);
  if (!(await page.evaluate(() => 'axe' in window))) {
    await page.addScriptTag({ path: require.resolve('axe-core') });
  }
  const violations = await page.evaluate(async () => {
    const axe = (window as any).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v: any) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n: any) => `${n.target.join(' ')} — ${n.failureSummary}`),
    }));
  });
  expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
}

/** Waits until the locator shows (playwright-core has no test matchers; this is the one we need). */
export async function visible(locator: Locator) {
  await locator.first().waitFor({ state: 'visible' });
}

/** The `<html lang>` once it settles on a value. */
export async function expectLang(page: Page, lang: string) {
  await expect.poll(() => page.locator('html').getAttribute('lang')).toBe(lang);
}

/**
 * Picks an option of an Ant Design select: opens it through its labelled input, optionally types
 * to search, then clicks the visible option with that text (the listbox Ant Design gives screen
 * readers is off-screen, so the click goes to the option a person sees).
 */
export async function choose(page: Page, field: Locator, option: string | RegExp, type?: string) {
  await field.click();
  if (type !== undefined) await field.fill(type);
  const item = page.locator('.ant-select-item-option:visible').filter({ hasText: option });
  await item.first().click();
  // A multiple select stays open after a pick; leave the field so it closes.
  await field.blur();
  await expect.poll(() => page.locator('.ant-select-dropdown:visible').count()).toBe(0);
}

/** Waits for a dialog to close; if it stays open, fails with what it shows (e.g. its error). */
export async function closes(dialog: Locator) {
  try {
    await dialog.waitFor({ state: 'hidden', timeout: 15_000 });
  } catch {
    throw new Error(`the dialog stayed open, showing:\n${await dialog.textContent().catch(() => '?')}`);
  }
}
