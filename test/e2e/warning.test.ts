/**
 * Early warning in the browser, as a city statistician uses it: the board of the demo signal
 * system shows each indicator's light by name; on the rules page a threshold rule is written and
 * subscribed to; then a revised figure arrives in the statistical database through its import
 * route (the path a yearbook or a correction takes) — the industry light turns 过热, the alert is
 * listed, and it reaches the statistician as an in-app notification. axe on every page.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, choose, expectNoAxeViolations, launch, newPage, signIn, visible } from './browser.ts';
import { session } from './setup.ts';

let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('early warning', () => {
  it('lights the board, and a revised figure fires a subscribed alert', async () => {
    const city = await session('city');
    const systems = await city('GET', '/api/warning/systems');
    expect(systems.status, JSON.stringify(systems.body)).toBe(200);
    const system = systems.body.items[0];
    expect(system.code).toBe('ningbo-macro');
    const before = await city('GET', `/api/warning/systems/${system.id}/board?periods=12`);
    const latest: string = before.body.periods.at(-1);
    const industry = before.body.indicators.find((i: { key: string }) => i.key === 'industry');
    expect(industry.cells.at(-1).light).not.toBe('overheated');

    const page = await newPage(browser);
    await signIn(page, 'city');
    await page.getByRole('navigation').getByRole('link', { name: '经济预警' }).click();
    await visible(page.getByRole('heading', { level: 1, name: '经济景气预警信号灯' }));
    const board = page.locator('#signal-board');
    await visible(board);
    await expect.poll(() => board.locator('thead th').last().textContent()).toBe(latest);
    const industryRow = board.locator('tbody tr').filter({ hasText: '规模以上工业增加值指数' });
    const names = {
      overcold: '过冷',
      cold: '偏冷',
      normal: '正常',
      warm: '偏热',
      overheated: '过热',
    } as const;
    const lastCell = industryRow.locator('td').last();
    expect(await lastCell.textContent()).toContain(names[industry.cells.at(-1).light as keyof typeof names]);
    // The legend names every light with its colour.
    await visible(page.getByRole('list', { name: '图例' }).getByText('过热（红灯）'));
    await visible(page.locator('figure canvas'));
    await expectNoAxeViolations(page);

    // A rule on the rules page, subscribed to there.
    await page.getByRole('navigation').getByRole('link', { name: '预警规则' }).click();
    await visible(page.getByRole('heading', { level: 1, name: '预警规则与订阅' }));
    await page.getByLabel('规则名称（中文）').fill('工业增加值指数过高');
    await page.getByLabel('指标代码').fill('ind_va_index');
    await page.getByLabel('地区代码').fill('330200');
    await page.getByLabel('比较对象').click();
    await page.locator('.ant-select-item-option:visible').filter({ hasText: '水平值' }).click();
    await page.getByLabel('高于则预警').fill('115');
    await page.getByRole('button', { name: '保存规则' }).click();
    await visible(page.getByRole('status').getByText('规则已保存'));
    const subscribe = page.getByRole('switch', { name: '订阅“工业增加值指数过高”的预警通知' });
    await visible(subscribe);
    await subscribe.click();
    await expect.poll(() => subscribe.getAttribute('aria-checked')).toBe('true');
    await expectNoAxeViolations(page);

    // A bad rule: every problem listed in Chinese, nothing saved.
    await page.getByLabel('规则名称（中文）').fill('坏规则');
    await page.getByLabel('指标代码').fill('no_such_indicator');
    await page.getByLabel('高于则预警').fill('');
    await page.getByRole('button', { name: '保存规则' }).click();
    const problem = page.getByRole('alert').filter({ hasText: '预警规则有 2 处错误，未保存' });
    await visible(problem);
    await expectNoAxeViolations(page);

    // The revised figure for the latest month, through statdb's import route.
    const csv = `indicator,region,period,value,status\nind_va_index,330200,${latest},120.0,revised\n`;
    const imported = await fetch(`${baseUrl()}/api/statdb/imports`, {
      method: 'POST',
      headers: await rawHeaders('city', 'text/csv'),
      body: csv,
    });
    expect(imported.status, await imported.clone().text()).toBe(200);

    // The alert reaches the subscriber as a notification (evaluation follows the change event).
    const text = `【预警】宁波市 规模以上工业增加值指数 ${latest} 水平值为 120 上年同月=100，高于预警线 115 上年同月=100`;
    await expect
      .poll(async () => {
        const n = await city('GET', '/api/monitoring/notifications?pageSize=50');
        return n.body.items.map((i: { text: { zh: string } }) => i.text.zh);
      })
      .toContain(text);
    await page.getByRole('navigation').getByRole('link', { name: '站内通知' }).click();
    await visible(page.getByText(text));
    await expectNoAxeViolations(page);

    // The board now shows the industry light 过热 for the latest month, and the alert.
    await page.getByRole('navigation').getByRole('link', { name: '经济预警' }).click();
    await visible(board);
    await expect.poll(() => industryRow.locator('td').last().textContent()).toContain('120');
    expect(await industryRow.locator('td').last().textContent()).toContain('过热');
    const alerts = page.locator('#warning-alerts');
    await visible(alerts.getByText(`宁波市 规模以上工业增加值指数 ${latest} 水平值为 120 上年同月=100`));
    await expectNoAxeViolations(page);

    // Evaluating again notifies nobody twice.
    await page.getByRole('button', { name: '立即评估' }).click();
    await visible(page.getByRole('status').getByText(/新预警 0 条/));
    const after = await city('GET', '/api/monitoring/notifications?pageSize=50');
    expect(after.body.items.filter((i: { text: { zh: string } }) => i.text.zh === text)).toHaveLength(1);

    // In English: the same board, lights and legend named in English.
    await page.getByRole('button', { name: 'English' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Economic signal lights' }));
    await visible(page.getByRole('list', { name: 'Legend' }).getByText('Overheated (red)'));
    const industryEn = board
      .locator('tbody tr')
      .filter({ hasText: 'Value added of industry above designated size' });
    expect(await industryEn.locator('td').last().textContent()).toContain('Overheated');
    await expectNoAxeViolations(page);
    await page.context().close();
  });
  it('a city statistician builds a small signal system, sees its board, and edits a boundary', async () => {
    const city = await session('city');
    const page = await newPage(browser);
    await signIn(page, 'city');
    await page.goto(`${baseUrl()}/warning/rules`);
    await page.getByRole('link', { name: '新建信号灯系统' }).click();
    await visible(page.getByRole('heading', { level: 1, name: '新建信号灯系统' }));
    await page.getByLabel('系统代码').fill('e2e-small');
    await page.getByLabel('名称（中文）').fill('端到端小系统');
    await page.getByLabel('名称（英文）').fill('E2E small system');
    // The national composite boundaries are there already.
    expect(
      await page.getByRole('group', { name: '综合指数界限值' }).getByLabel('正常|偏热').inputValue(),
    ).toBe('33');

    const fill = async (n: number, key: string, code: string, transform: string | null, b: string[]) => {
      const row = page.getByRole('group', { name: `指标 ${n}` });
      await row.getByLabel('指标键').fill(key);
      await choose(page, row.getByLabel('数据库指标'), `（${code}）`, code);
      if (transform) await choose(page, row.getByLabel('比较对象'), transform);
      const lights = ['过冷|偏冷', '偏冷|正常', '正常|偏热', '偏热|过热'];
      for (const [k, v] of b.entries()) await row.getByLabel(lights[k]).fill(v);
    };
    await fill(1, 'cpi', 'cpi', '水平值', ['99', '100.5', '103', '104']);
    await page.getByRole('button', { name: '添加指标' }).click();
    // Quarterly GDP beside monthly CPI: only the server knows, and says so under the list.
    await fill(2, 'retail', 'gdp', null, ['0', '4', '10', '14']);
    await page.getByRole('button', { name: '保存信号灯系统' }).click();
    await visible(page.getByRole('alert').filter({ hasText: '信号系统有 1 处错误，未保存' }));
    await visible(
      page.locator('.ant-form-item-explain-error', { hasText: '一个信号系统的指标必须同一频率' }),
    );
    await expectNoAxeViolations(page);
    await choose(
      page,
      page.getByRole('group', { name: '指标 2' }).getByLabel('数据库指标'),
      '（retail_sales）',
      'retail',
    );
    await page.getByRole('button', { name: '保存信号灯系统' }).click();

    // On to the new system's board.
    await visible(page.getByRole('heading', { level: 1, name: '经济景气预警信号灯' }));
    const board = page.locator('#signal-board');
    await visible(board.locator('tbody tr').filter({ hasText: '0 / 4 / 10 / 14' }));
    // Choosing an indicator set its region to the city.
    const saved = (await city('GET', '/api/warning/systems')).body.items.find(
      (s: { code: string }) => s.code === 'e2e-small',
    );
    expect(saved.indicators.map((i: { key: string; dims: object }) => [i.key, i.dims])).toEqual([
      ['cpi', { region: '330200' }],
      ['retail', { region: '330200' }],
    ]);

    // Editing: someone else saves first — the page says so and reloads; then the edit goes through.
    await page.getByRole('link', { name: '编辑' }).click();
    await visible(page.getByRole('heading', { level: 1, name: '编辑信号灯系统：端到端小系统' }));
    expect(await page.getByLabel('系统代码').getAttribute('readonly')).not.toBeNull();
    const { id, version, subscribed, frequency, updatedAt, ...rest } = saved;
    const other = await city('PUT', `/api/warning/systems/${id}`, {
      ...rest,
      name: { zh: '端到端小系统（改）', en: 'E2E small system' },
      indicators: rest.indicators.map(({ label, unit, ...i }: { label: unknown; unit: unknown }) => i),
      version,
    });
    expect(other.status, JSON.stringify(other.body)).toBe(200);
    const edited = page.getByRole('group', { name: '指标 2' });
    await edited.getByLabel('正常|偏热').fill('15');
    await page.getByRole('button', { name: '保存信号灯系统' }).click();
    // First the form's own check: 15 is above 偏热|过热.
    await visible(edited.getByText('四个界限值必须严格递增', { exact: false }));
    await edited.getByLabel('正常|偏热').fill('11');
    await page.getByRole('button', { name: '保存信号灯系统' }).click();
    const conflict = page.getByRole('alert').filter({ hasText: '该信号系统已被他人修改' });
    await visible(conflict);
    await expectNoAxeViolations(page);
    await conflict.getByRole('button', { name: '重新载入' }).click();
    await visible(page.getByRole('heading', { level: 1, name: '编辑信号灯系统：端到端小系统（改）' }));
    expect(await edited.getByLabel('正常|偏热').inputValue()).toBe('10');
    await edited.getByLabel('正常|偏热').fill('11');
    await page.getByRole('button', { name: '保存信号灯系统' }).click();
    await visible(page.getByRole('heading', { level: 1, name: '经济景气预警信号灯' }));
    await visible(board.locator('tbody tr').filter({ hasText: '0 / 4 / 11 / 14' }));
    await page.context().close();
  });
});

/** Headers for a raw (non-JSON) body with a signed-in session. */
async function rawHeaders(username: string, contentType: string): Promise<Record<string, string>> {
  const res = await fetch(`${baseUrl()}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'Demo@2026tj' }),
  });
  const cookie = res.headers.get('set-cookie')!.split(';')[0];
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie, 'x-csrf-token': csrfToken, 'content-type': contentType };
}
