/**
 * The survey system: browse forms, preview one as an enterprise sees it, import a bad definition,
 * edit a form's scope rules and adjust its scope by hand (with reasons).
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

  it('edits the scope rules of a form: a rule without criteria is refused, a grouping rule is saved', async () => {
    const page = await newPage(browser);
    await signIn(page, 'designer');
    await page.getByRole('navigation').getByRole('link', { name: '调查制度' }).click();
    await page.getByRole('link', { name: 'B204-1', exact: true }).click();
    await page.getByRole('tab', { name: '报送范围' }).click();
    await visible(page.getByText('来自表式定义'));

    await page.getByRole('button', { name: '编辑范围规则' }).click();
    const dialog = page.getByRole('dialog', { name: '编辑范围规则' });
    await visible(dialog.getByRole('heading', { name: '规则 1' }));
    await expectNoAxeViolations(page);
    await dialog.getByRole('button', { name: '添加规则' }).click();
    await visible(dialog.getByRole('heading', { name: '规则 2' }));
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await visible(dialog.getByRole('alert').filter({ hasText: '规则 2 没有设置任何条件' }));

    await choose(page, dialog.getByLabel('行业分组').nth(1), '高技术制造业');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await closes(dialog);
    await visible(page.getByRole('listitem').filter({ hasText: '行业分组 高技术制造业' }));
    await visible(page.getByText(/由 designer 于 .* 手工设置/));
  });

  it('adds a unit to a form’s scope by hand with a reason, lists it, and withdraws it', async () => {
    const page = await newPage(browser);
    await signIn(page, 'designer');
    const found = (await (await page.request.get('/api/registry/units?status=active&pageSize=1')).json()) as {
      items: { name: string; creditCode: string }[];
    };
    const unit = found.items[0];
    await page.getByRole('navigation').getByRole('link', { name: '调查制度' }).click();
    await page.getByRole('link', { name: 'B204-1', exact: true }).click();
    await page.getByRole('tab', { name: '报送范围' }).click();
    const list = page.getByRole('table', { name: '手工调整' });
    await visible(list.getByText('没有手工调整'));

    await page.getByRole('button', { name: '手工增加或排除单位' }).click();
    const dialog = page.getByRole('dialog', { name: '手工增加或排除单位' });
    await visible(dialog);
    // The unit picker searches the register by name.
    await choose(page, dialog.getByLabel('调查单位', { exact: true }), unit.creditCode, unit.name);
    await dialog.getByLabel('原因').fill('新开业企业，首次纳入');
    await expectNoAxeViolations(page);
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await closes(dialog);

    const row = list.locator('tbody tr').filter({ hasText: unit.name });
    await visible(row);
    const cells = await row.locator('td').allTextContents();
    expect(cells).toContain('增加');
    expect(cells).toContain('新开业企业，首次纳入');
    await expectNoAxeViolations(page);
    await page.screenshot({ path: '/tmp/tongji-e2e-scope-overrides.png', fullPage: true });

    // Withdraw it, with a reason: the rules decide again, and the list says so.
    await row.getByRole('button', { name: `撤销对“${unit.name}”的手工调整` }).click();
    const revoke = page.getByRole('dialog', { name: /撤销对.*的手工调整/ });
    await visible(revoke);
    await revoke.getByLabel('撤销原因').fill('录入错误');
    await expectNoAxeViolations(page);
    await revoke.getByRole('button', { name: /撤\s*销/ }).click();
    await closes(revoke);
    await visible(list.getByText('没有手工调整'));
    await page.getByLabel('显示已撤销的调整').check();
    const withdrawn = list.locator('tbody tr').filter({ hasText: unit.name });
    await visible(withdrawn.getByText('已撤销'));
    await visible(withdrawn.getByText('录入错误'));
  });
});
