/**
 * The release calendar in the browser, as a city statistician uses it: open 发布日程 from the menu,
 * schedule a release two days ahead, stage the demo's electricity dataset into it (whose latest
 * month no release carries yet) after previewing what would change, and see it listed; the
 * server agrees. axe on every state.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { choose, closes, expectNoAxeViolations, launch, newPage, signIn, visible } from './browser.ts';
import { session } from './setup.ts';

let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** `<input type="datetime-local">` text of a local time `days` ahead. */
function localMinute(days: number, hour: number, minute: number) {
  const d = new Date();
  d.setDate(d.getDate() + days);
  d.setHours(hour, minute, 0, 0);
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    text: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(hour)}:${pad(minute)}`,
    at: d,
  };
}

describe('release calendar', () => {
  it('schedules a release and stages a dataset into it after a preview', async () => {
    const page = await newPage(browser);
    await signIn(page, 'city');
    await page.getByRole('navigation').getByRole('link', { name: '发布日程' }).click();
    await visible(page.getByRole('heading', { level: 1, name: '发布日程' }));
    await expectNoAxeViolations(page);

    const title = `用电量快报 ${Date.now().toString(36)}`;
    const when = localMinute(2, 10, 15);
    await page.getByRole('button', { name: '新建发布' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('标题（中文）').fill(title);
    await dialog.getByLabel('标题（英文）').fill('Electricity flash');
    await dialog.getByLabel(/发布时间/).fill(when.text);
    await expectNoAxeViolations(page);
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await closes(dialog);

    const row = page.locator('#pub-calendar tbody tr').filter({ hasText: title });
    await visible(row);
    expect(await row.locator('td').nth(2).textContent()).toBe('待发布');
    await expectNoAxeViolations(page);

    await row.getByRole('button', { name: `暂存数据 ${title}` }).click();
    const stage = page.getByRole('dialog');
    await visible(stage.getByText('还没有暂存数据表'));
    await choose(page, stage.getByLabel('数据表'), 'electricity');
    await stage.getByRole('button', { name: '预览变化' }).click();
    // Of the whole series, only the latest month of the city and its ten counties is new.
    await visible(
      stage
        .getByRole('status')
        .filter({ hasText: /共 [\d,]+ 个数值：新增 11，状态更新 0，未变 [\d,]+，修订 0/ }),
    );
    await visible(stage.getByText(/发布时刻（.+）公众将看到：2015-01 至 \d{4}-\d{2}/));
    await expectNoAxeViolations(page);
    await stage.getByRole('button', { name: /^暂\s*存$/ }).click();
    await visible(stage.getByRole('status').filter({ hasText: '已暂存数据表 electricity' }));
    await visible(stage.locator('#pub-stagings').getByText('新增 11，修订 0'));
    await expectNoAxeViolations(page);
    await stage
      .getByRole('button', { name: /关\s*闭/ })
      .first()
      .click();
    await closes(stage);
    await expect.poll(() => row.locator('td').nth(3).textContent()).toContain('electricity');

    // The server has it, at the minute chosen.
    const city = await session('city');
    const list = await city(
      'GET',
      `/api/publication/releases?from=${new Date(when.at.getTime() - 60_000).toISOString()}`,
    );
    const release = list.body.items.find((r: { title: { zh: string } }) => r.title.zh === title);
    expect(release.releaseAt).toBe(when.at.toISOString());
    expect(release.stagings.map((s: { dataset: string }) => s.dataset)).toEqual(['electricity']);
  });

  it('lists the public datasets and edits one, in Chinese and English', async () => {
    const page = await newPage(browser);
    await signIn(page, 'city');
    await page.getByRole('navigation').getByRole('link', { name: '公开数据表' }).click();
    await visible(page.getByRole('heading', { level: 1, name: '公开数据表' }));
    const row = page.locator('#pub-datasets tbody tr').filter({ hasText: 'retail-sales' });
    await visible(row);
    expect(await row.locator('td').nth(5).textContent()).toMatch(/^已公开/);
    await expectNoAxeViolations(page);

    await row.getByRole('button', { name: '编辑 retail-sales' }).click();
    const dialog = page.getByRole('dialog');
    await visible(dialog.getByLabel('名称（中文）'));
    expect(await dialog.getByLabel('名称（中文）').inputValue()).toBe('社会消费品零售总额');
    await dialog.getByLabel('注释（中文）').fill('数据来源于限额以上单位统计与抽样调查。');
    await expectNoAxeViolations(page);
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await closes(dialog);
    const city = await session('city');
    const saved = await city('GET', '/api/publication/datasets/retail-sales');
    expect(saved.body.notes[0].zh).toBe('数据来源于限额以上单位统计与抽样调查。');
    // Leave the demo as it was for the flows after this one.
    const {
      code: _code,
      frequency: _f,
      updatedAt: _u,
      updatedBy: _b,
      publicSince: _p,
      ...definition
    } = saved.body;
    expect(
      (await city('PUT', '/api/publication/datasets/retail-sales', { ...definition, notes: [] })).status,
    ).toBe(200);

    await page.getByRole('button', { name: 'English' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Public datasets' }));
    await visible(row.getByText(/^Public \(latest release/));
    await expectNoAxeViolations(page);
  });
});
