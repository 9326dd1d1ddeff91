/**
 * Online direct reporting (联网直报) end to end, in one flow, every step in the browser by the
 * person who does it: the city statistician notes the reporting rate; the enterprise fills the
 * form, sees a fatal error live with its values, fixes it, explains a verify warning and
 * submits; the township accepts the explanation and approves; the county returns it to the
 * unit with a reason; the enterprise sees the reason, corrects a value and resubmits; township,
 * county and city approve; the monitoring page shows the change. axe-core on every page type.
 *
 * Set up through the API: a form of its own reviewed township → county → city whose only
 * expected reporter is the demo enterprise (qiye, in 南门街道, 海曙区).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { choose, expectNoAxeViolations, launch, newPage, signIn, visible } from './browser.ts';
import { reportingPeriod, session, setUpForm } from './setup.ts';

const FORM = 'E2D-1';
const FORM_NAME = '直报全流程快报';
const P = reportingPeriod();
const EXPLANATION = '新签出口订单集中交货，销售大于生产部分来自库存';
const RETURN_REASON = '工业总产值偏低，请核实后重报';

const definition = {
  formatVersion: 1,
  survey: {
    code: 'e2e-direct',
    name: { zh: '联网直报全流程测试制度', en: 'Direct reporting flow test survey' },
    issuer: { zh: '宁波市统计局', en: 'Ningbo Statistics Bureau' },
  },
  form: {
    code: FORM,
    name: { zh: FORM_NAME, en: 'Direct reporting flow report' },
    frequency: 'monthly',
    deadline: { daysAfterPeriodEnd: 60, time: '20:00' },
    reportingUnitType: { zh: '工业企业', en: 'Industrial enterprises' },
    unit: { zh: '千元', en: 'thousand yuan' },
  },
  version: { number: 1, from: '2020-01' },
  columns: [
    { code: 'current', name: { zh: '本期', en: 'This period' }, source: { kind: 'entered' } },
    {
      code: 'same_period_last_year',
      name: { zh: '上年同期', en: 'Same period last year' },
      source: { kind: 'last_year', column: 'current' },
    },
  ],
  indicators: [
    {
      code: 'A01',
      name: { zh: '工业总产值', en: 'Gross output' },
      type: 'decimal',
      decimals: 1,
      min: 0,
      required: true,
    },
    {
      code: 'A02',
      name: { zh: '工业销售产值', en: 'Sales output' },
      type: 'decimal',
      decimals: 1,
      min: 0,
      required: true,
    },
    {
      code: 'A03',
      name: { zh: '产品销售率', en: 'Sales ratio' },
      unit: { zh: '%', en: '%' },
      type: 'decimal',
      decimals: 1,
    },
  ],
  computed: [{ cell: 'A03.current', formula: 'A02.current / A01.current * 100' }],
  rules: [
    {
      id: 'R.F01',
      severity: 'fatal',
      expr: 'A02.current <= A01.current * 1.5',
      message: {
        zh: '工业销售产值 {A02.current} 超过工业总产值 {A01.current} 的1.5倍',
        en: 'Sales output {A02.current} exceeds 1.5 times gross output {A01.current}',
      },
    },
    {
      id: 'R.V01',
      severity: 'verify',
      expr: 'if A01.current > 0 then between(A03.current, 70, 120)',
      message: {
        zh: '产品销售率 {A03.current}% 不在 70%–120% 之间，请核实',
        en: 'Sales ratio {A03.current}% is outside 70–120%; please verify',
      },
    },
  ],
  // Nobody by rule; the demo enterprise is added by hand, so it is the only expected reporter.
  scope: { rules: [{ minEmployees: 99_999_999 }] },
};

let browser: Browser;
let formId: string;
let unitName: string;

beforeAll(async () => {
  browser = await launch();
  const designer = await session('designer');
  const qiye = await session('qiye');
  const unitId: string = (await qiye('GET', '/api/auth/me')).body.account.unitId;
  unitName = (await designer('GET', `/api/registry/units/${unitId}`)).body.name;
  expect(unitName).toBeTruthy();
  formId = await setUpForm(designer, definition, {
    onlyUnit: unitId,
    fromPeriod: P,
    levels: ['township', 'county', 'city'],
  });
});
afterAll(async () => {
  await browser?.close();
});

/** Runs one step of the flow; a failure names the step. */
async function step(name: string, fn: () => Promise<void>) {
  try {
    await fn();
  } catch (e) {
    if (e instanceof Error) e.message = `[${name}] ${e.message}`;
    throw e;
  }
}

/** A person signed in in a browser window of their own. */
async function as(username: string): Promise<Page> {
  const page = await newPage(browser);
  await signIn(page, username);
  return page;
}

/** Picks this test's form (and its period, if the default differs) in the page's pickers. */
async function pickForm(page: Page) {
  await choose(page, page.getByLabel('报表', { exact: true }), new RegExp(FORM), FORM);
  await page.waitForURL((u) => u.searchParams.get('form') === formId && !!u.searchParams.get('period'));
  if (new URL(page.url()).searchParams.get('period') !== P) {
    await choose(page, page.getByLabel('报告期', { exact: true }), P);
    await page.waitForURL((u) => u.searchParams.get('period') === P);
  }
}

const FIGURES = ['应报', '已报', '审核通过', '未报', '退回修改', '报送率', '审核通过率'] as const;

/** The monitoring page's totals for this form and period, as shown. */
async function monitoringTotals(page: Page): Promise<Record<(typeof FIGURES)[number], string>> {
  await page.getByRole('navigation').getByRole('link', { name: '报送监控' }).click();
  await visible(page.getByRole('heading', { level: 1, name: '报送监控' }));
  await pickForm(page);
  await visible(page.getByRole('heading', { name: new RegExp(`${FORM} · ${P}`) }));
  const out: Record<string, string> = {};
  for (const label of FIGURES) {
    const cell = page.locator('.ant-descriptions-item-label', { hasText: new RegExp(`^${label}$`) });
    await visible(cell);
    out[label] = ((await cell.locator('xpath=following-sibling::*[1]').textContent()) ?? '').trim();
  }
  return out as Record<(typeof FIGURES)[number], string>;
}

/** The city statistician's totals, in a window of their own. */
async function cityTotals() {
  const city = await as('city');
  const totals = await monitoringTotals(city);
  await city.context().close();
  return totals;
}

/** A reviewer opens the inbox from the menu, picks the form and opens the unit's submission. */
async function openFromInbox(page: Page, state: string, more: string[] = []) {
  await page.getByRole('navigation').getByRole('link', { name: '审核' }).click();
  await visible(page.getByRole('heading', { level: 1, name: '数据审核' }));
  await pickForm(page);
  const row = page.locator('tbody tr').filter({ hasText: unitName });
  await visible(row.getByText(state));
  for (const text of more) await visible(row.getByText(text));
  await expectNoAxeViolations(page);
  await row.getByRole('link', { name: `审核 ${unitName}` }).click();
  await visible(page.getByRole('heading', { level: 1, name: new RegExp(`审核：${unitName}`) }));
  await visible(page.getByRole('heading', { name: '审核决定' }));
}

/** The enterprise's task list, reached from the menu, and the row of this form. */
async function taskRow(page: Page) {
  await page.getByRole('navigation').getByRole('link', { name: '填报任务' }).click();
  await visible(page.getByRole('heading', { level: 1, name: '填报任务' }));
  const row = page.locator('tbody tr').filter({ hasText: FORM });
  await visible(row);
  return row;
}

/** Submits from the entry page: the button, the confirmation, then the read-only notice. */
async function submitEntry(page: Page) {
  const submit = page.getByRole('button', { name: /上\s*报/ });
  await expect.poll(() => submit.isDisabled()).toBe(false);
  await submit.click();
  await page.getByRole('button', { name: /确\s*认/ }).click();
  await visible(page.getByText('该报表状态为“已上报”，不能修改。'));
}

describe('online direct reporting (联网直报), one flow in the browser', () => {
  it('enterprise fills and submits, township approves, county returns, enterprise resubmits, all approve, monitoring shows it', {
    timeout: 900_000,
  }, async () => {
    let before!: Awaited<ReturnType<typeof monitoringTotals>>;

    await step('1. the city notes the reporting rate before anything is submitted', async () => {
      const city = await as('city');
      before = await monitoringTotals(city);
      expect(before).toEqual({
        应报: '1',
        已报: '0',
        审核通过: '0',
        未报: '1',
        退回修改: '0',
        报送率: '0.0%',
        审核通过率: '0.0%',
      });
      await expectNoAxeViolations(city);
      await city.context().close();
    });

    await step('2. the enterprise fills the form with live checks and submits', async () => {
      const page = await as('qiye');
      const row = await taskRow(page);
      await visible(row.getByText('未填报'));
      await expectNoAxeViolations(page);

      await row.getByRole('link', { name: `填报 ${FORM} ${P}` }).click();
      await page.waitForURL((u) => u.pathname === `/reporting/${formId}/${P}`);
      const grid = page.getByRole('table', { name: FORM_NAME });
      await visible(grid);
      const a01 = grid.getByRole('textbox', { name: /工业总产值.*本期/ });
      const a02 = grid.getByRole('textbox', { name: /工业销售产值.*本期/ });
      const problems = page.getByRole('region', { name: '审核结果' });
      const submit = page.getByRole('button', { name: /上\s*报/ });

      // Sales twice the output: the fatal rule fails as it is typed, its values in the message.
      await a01.fill('100');
      await a02.fill('200');
      await visible(problems.getByText('工业销售产值 200.0 超过工业总产值 100.0 的1.5倍'));
      await visible(problems.getByText('强制性', { exact: true }));
      expect(await a02.getAttribute('aria-invalid')).toBe('true');
      expect(await submit.isDisabled()).toBe(true);
      await visible(page.getByText('还有 1 个强制性问题，改正后才能上报'));
      await expectNoAxeViolations(page);

      // Fixed: the fatal failure goes; a sales ratio of 130% asks for an explanation.
      await a02.fill('130');
      await visible(problems.getByText('产品销售率 130.0% 不在 70%–120% 之间，请核实'));
      await expect.poll(() => problems.getByText(/超过工业总产值/).count()).toBe(0);
      expect(await a02.getAttribute('aria-invalid')).not.toBe('true');
      await visible(page.getByText('还有 1 条核实性问题需要填写说明'));
      expect(await submit.isDisabled()).toBe(true);
      await problems.getByLabel('说明（R.V01）').fill(EXPLANATION);
      await expect.poll(() => submit.isDisabled()).toBe(false);
      expect(await page.getByText(/还有 \d+ (个强制性|条核实性)问题/).count()).toBe(0);
      await expectNoAxeViolations(page);

      await submitEntry(page);
      expect(await a01.getAttribute('readonly')).not.toBeNull();
      await expectNoAxeViolations(page);
      await page.getByRole('link', { name: '返回任务列表' }).click();
      await visible(row.getByText('已上报'));
      await page.context().close();
    });

    await step('2b. the city sees it reported, not yet approved', async () => {
      expect(await cityTotals()).toEqual({
        ...before,
        已报: '1',
        未报: '0',
        报送率: '100.0%',
      });
    });

    await step('3. the township sees rule, values and explanation, accepts it and approves', async () => {
      const page = await as('nanmen');
      await openFromInbox(page, '待乡镇审核', ['核实性问题 1', '说明待审 1']);
      const rule = page.getByRole('listitem', { name: '规则 R.V01' });
      await visible(rule.getByText('产品销售率 130.0% 不在 70%–120% 之间，请核实'));
      await visible(rule.getByText(/A03\.current = 130/));
      await visible(rule.getByText(EXPLANATION));
      await visible(rule.getByText('尚未审查'));
      // The values as the paper form.
      await visible(page.getByRole('table', { name: new RegExp(`${FORM_NAME} · ${P}`) }));
      await expectNoAxeViolations(page);

      await rule.getByRole('button', { name: '接受说明（规则 R.V01）' }).click();
      await visible(rule.getByText('说明已接受'));
      await page.getByRole('button', { name: '审核通过，报上一级' }).click();
      await visible(page.getByRole('status').filter({ hasText: '已审核通过' }));
      await visible(page.getByText('待区县审核').first());
      await visible(page.getByText('该报表正在区县（市）级审核，您现在不能作出决定。'));
      await expectNoAxeViolations(page);
      await page.context().close();
    });

    await step('4. the county returns it to the unit with a reason', async () => {
      const page = await as('haishu');
      await openFromInbox(page, '待区县审核');
      await visible(page.getByText('该报表正在区县（市）级审核，由您作出决定。'));
      // The township's verdict on the explanation is shown to the county.
      await visible(page.getByRole('listitem', { name: '规则 R.V01' }).getByText('说明已接受'));
      expect(await page.getByRole('radio', { name: '填报企业' }).isChecked()).toBe(true);
      const back = page.getByRole('button', { name: /^退\s*回$/ });
      expect(await back.isDisabled()).toBe(true);
      await page.getByLabel('退回理由').fill(RETURN_REASON);
      await back.click();
      await visible(page.getByRole('status').filter({ hasText: '已退回' }));
      await visible(page.getByText('已退回企业').first());
      const history = page.getByRole('table', { name: '审核记录' });
      await visible(history.getByText(RETURN_REASON));
      await visible(history.getByText('退回企业'));
      await expectNoAxeViolations(page);
      await page.context().close();
    });

    await step('4b. the city sees it returned: no longer counted as reported', async () => {
      expect(await cityTotals()).toEqual({ ...before, 退回修改: '1' });
    });

    await step('5. the enterprise sees the reason, corrects a value and resubmits', async () => {
      const page = await as('qiye');
      const row = await taskRow(page);
      await visible(row.getByText('已退回'));
      await visible(row.getByText(`退回理由：${RETURN_REASON}`));
      await expectNoAxeViolations(page);

      await row.getByRole('link', { name: `填报 ${FORM} ${P}` }).click();
      await page.waitForURL((u) => u.pathname === `/reporting/${formId}/${P}`);
      await visible(page.getByText('报表已被退回，请修改后重新上报。'));
      await visible(page.getByText(`退回理由：${RETURN_REASON}`));
      const grid = page.getByRole('table', { name: FORM_NAME });
      const a01 = grid.getByRole('textbox', { name: /工业总产值.*本期/ });
      const a02 = grid.getByRole('textbox', { name: /工业销售产值.*本期/ });
      const problems = page.getByRole('region', { name: '审核结果' });
      await visible(a01);
      expect(await a01.getAttribute('readonly')).toBeNull();
      expect(await a01.inputValue()).toBe('100');
      expect(await a02.inputValue()).toBe('130');
      await visible(problems.getByText('产品销售率 130.0% 不在 70%–120% 之间，请核实'));
      await expectNoAxeViolations(page);

      // Output corrected to 120: the ratio is 108.3%, inside the range; the warning goes.
      await a01.fill('120');
      await visible(grid.getByText('108.3'));
      await expect.poll(() => problems.getByText(/产品销售率 .* 不在/).count()).toBe(0);
      await visible(page.getByTestId('live-counts').filter({ hasText: '没有发现问题' }));
      await submitEntry(page);
      await expectNoAxeViolations(page);
      await page.getByRole('link', { name: '返回任务列表' }).click();
      await visible(row.getByText('已上报'));
      expect(await row.getByText(/退回理由/).count()).toBe(0);
      await page.context().close();
    });

    await step('6. township, county and city approve the resubmission', async () => {
      const township = await as('nanmen');
      await openFromInbox(township, '待乡镇审核', ['第 2 轮']);
      await visible(township.getByText('所有审核规则均已通过'));
      await township.getByRole('button', { name: '审核通过，报上一级' }).click();
      await visible(township.getByRole('status').filter({ hasText: '已审核通过' }));
      await visible(township.getByText('待区县审核').first());
      await township.context().close();

      const county = await as('haishu');
      await openFromInbox(county, '待区县审核', ['第 2 轮']);
      await county.getByRole('button', { name: '审核通过，报上一级' }).click();
      await visible(county.getByRole('status').filter({ hasText: '已审核通过' }));
      await visible(county.getByText('待市级审核').first());
      await county.context().close();

      const city = await as('city');
      await openFromInbox(city, '待市级审核', ['第 2 轮']);
      await city.getByRole('button', { name: '审核通过（终审）' }).click();
      await visible(city.getByRole('status').filter({ hasText: '已审核通过' }));
      await visible(city.getByRole('button', { name: '重新打开审核' }));
      const history = city.getByRole('table', { name: '审核记录' });
      expect(await history.getByText('审核通过', { exact: true }).count()).toBe(4);
      await expectNoAxeViolations(city);
      await city.context().close();
    });

    await step('7. the monitoring page shows the change', async () => {
      const city = await as('city');
      const after = await monitoringTotals(city);
      expect(after).toEqual({
        应报: '1',
        已报: '1',
        审核通过: '1',
        未报: '0',
        退回修改: '0',
        报送率: '100.0%',
        审核通过率: '100.0%',
      });
      expect(after.报送率).not.toBe(before.报送率);
      expect(Number(after.审核通过)).toBe(Number(before.审核通过) + 1);
      await expectNoAxeViolations(city);
      await city.context().close();

      // And the enterprise sees its form approved.
      const qiye = await as('qiye');
      const row = await taskRow(qiye);
      await visible(row.getByText('审核通过'));
      await qiye.context().close();
    });
  });
});
