/** Sign-in (wrong password explained), home by role, language switch, account page. */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  choose,
  closes,
  expectLang,
  expectNoAxeViolations,
  launch,
  newPage,
  signIn,
  visible,
} from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('sign-in and the app shell', () => {
  it('explains a wrong password in the chosen language, then signs in', async () => {
    const page = await newPage(browser);
    await page.goto('/register/units');
    // Not signed in: sent to sign-in, remembering where to go.
    await page.waitForURL(/\/sign-in\?next=/);
    await visible(page.getByRole('heading', { level: 1, name: '登录' }));
    await expectLang(page, 'zh-CN');
    await expectNoAxeViolations(page);
    await page.screenshot({ path: '/tmp/tongji-e2e-sign-in.png' });

    await page.getByLabel('用户名').fill('haishu');
    await page.getByLabel(/^密码$/).fill('not-the-password');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await visible(page.getByRole('alert').filter({ hasText: '用户名或密码错误' }));

    await page.getByLabel(/^密码$/).fill('Demo@2026tj');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.waitForURL(/\/register\/units/);
    await visible(page.getByRole('heading', { level: 1, name: '调查单位' }));
  });

  it('switches to English and back; <html lang> and the cookie follow', async () => {
    const page = await newPage(browser);
    await signIn(page, 'admin');
    await visible(page.getByRole('navigation').getByRole('link', { name: '账号管理' }));
    // Keyboard: the first Tab reaches the skip link, which moves focus to the main content.
    await page.goto('/');
    await visible(page.getByRole('heading', { level: 1 }));
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('跳到主要内容');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');

    // Account administration lists the demo accounts; the create dialog opens and closes on Escape.
    await page.getByRole('navigation').getByRole('link', { name: '账号管理' }).click();
    await visible(page.getByRole('table').getByRole('cell', { name: 'haishu', exact: true }));
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: '新建账号' }).click();
    await visible(page.getByRole('dialog'));
    await expectNoAxeViolations(page);
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    await page.goto('/');
    await visible(page.getByRole('heading', { level: 1, name: /欢迎/ }));
    await expectNoAxeViolations(page);

    await page.getByRole('button', { name: 'English' }).click();
    await expectLang(page, 'en-US');
    await visible(page.getByRole('heading', { level: 1, name: /Welcome/ }));
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === 'lang')?.value).toBe('en-US');

    // The server answers problems in the chosen language too.
    await page.reload();
    await visible(page.getByRole('heading', { level: 1, name: /Welcome/ }));
    await page.getByRole('navigation').getByRole('link', { name: 'My account' }).click();
    await page.getByLabel('Current password').fill('wrong-password-1');
    await page.getByLabel('New password', { exact: true }).fill('Another@pass2026');
    await page.getByLabel('Confirm new password').fill('Another@pass2026');
    await page.getByRole('button', { name: 'Change password' }).click();
    await visible(page.getByRole('alert').filter({ hasText: 'The current password is wrong' }));
    await expectNoAxeViolations(page);

    await page.getByRole('button', { name: '中文' }).click();
    await expectLang(page, 'zh-CN');
    await visible(page.getByRole('heading', { level: 1, name: '我的账号' }));
  });

  it('shows each role its own menu and works on a phone', async () => {
    const page = await newPage(browser, { width: 390, height: 844 });
    await signIn(page, 'nanmen');
    await page.getByRole('button', { name: '打开菜单' }).click();
    const nav = page.getByRole('navigation');
    await visible(nav.getByRole('link', { name: '调查单位' }));
    expect(await nav.getByRole('link', { name: '账号管理' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: '导入表式定义' }).count()).toBe(0);
    await page.screenshot({ path: '/tmp/tongji-e2e-phone-menu.png' });
    await nav.getByRole('link', { name: '我的账号' }).click();
    await visible(page.getByRole('heading', { level: 1, name: '我的账号' }));
    await expectNoAxeViolations(page);
    await page.screenshot({ path: '/tmp/tongji-e2e-phone-account.png', fullPage: true });
  });

  it('gives an enterprise reporter its own unit and no register', async () => {
    const page = await newPage(browser);
    await signIn(page, 'qiye');
    const nav = page.getByRole('navigation');
    await nav.getByRole('link', { name: '本单位信息' }).click();
    await visible(page.getByText('统一社会信用代码'));
    expect(await nav.getByRole('link', { name: '调查单位' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: '账号管理' }).count()).toBe(0);
    await expectNoAxeViolations(page);
  });

  it('creates an enterprise reporter account by finding its unit in the register', async () => {
    const page = await newPage(browser);
    await signIn(page, 'admin');
    const found = (await (
      await page.request.get('/api/registry/units?status=active&sort=-updatedAt&pageSize=1')
    ).json()) as {
      items: { name: string; creditCode: string }[];
    };
    const unit = found.items[0];
    await page.goto('/admin/accounts');
    await page.getByRole('button', { name: '新建账号' }).click();
    const dialog = page.getByRole('dialog', { name: '新建账号' });
    await visible(dialog);
    await dialog.getByLabel('用户名').fill('qiye-new');
    await dialog.getByLabel('姓名').fill('新企业填报员');
    await choose(page, dialog.getByLabel('角色'), '企业填报人员');
    // Typing part of the name finds the unit; the option names it with its credit code.
    await choose(page, dialog.getByLabel('所属调查单位'), unit.creditCode, unit.name.slice(0, 6));
    await visible(dialog.getByText(`${unit.name}（${unit.creditCode}）`));
    await dialog.getByLabel('初始密码').fill('Qiye@New2026pass');
    await expectNoAxeViolations(page);
    await dialog.getByRole('button', { name: /^新\s*建$/ }).click();
    await closes(dialog);
    await visible(page.getByRole('table').getByRole('cell', { name: 'qiye-new', exact: true }));

    // The new reporter signs in and sees that unit as its own.
    const reporter = await newPage(browser);
    await signIn(reporter, 'qiye-new', 'Qiye@New2026pass');
    await reporter.getByRole('navigation').getByRole('link', { name: '本单位信息' }).click();
    await visible(reporter.getByRole('heading', { level: 1, name: unit.name }));
  });
});
