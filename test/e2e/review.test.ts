/**
 * Multi-level review and monitoring, as statisticians do it. Set up through the API: a form
 * reviewed township → county → city whose only expected reporter is the demo enterprise (qiye),
 * which submits with a verify failure and its explanation. In the browser: a reminder to the
 * non-reporter (and the enterprise's notification); the township accepts the explanation and
 * approves; the county returns it to the unit with a reason; after the unit resubmits, county and
 * city approve; the monitoring page shows the approval; the violations list shows the accepted
 * explanation; two people reopening at once — the second gets a clear conflict. axe on every page.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentPeriod } from '../../src/modules/collection/domain/window.ts';
import { periods } from '../../src/modules/surveys/index.ts';
import { sampleDefinition } from '../../src/modules/surveys/test-fixtures.ts';
import { choose, closes, expectNoAxeViolations, launch, newPage, signIn, visible } from './browser.ts';
import { type Call, session, setUpForm } from './setup.ts';

// The last month is open for reporting whenever the suite runs (deadline two months after).
const P = periods.formatPeriod(periods.previousPeriod(currentPeriod('monthly', new Date())));
const FORM_CODE = 'E2R-1';
const EXPLANATION = '本月新增大额出口订单，产值属实';
const REWRITTEN = '新增出口订单 3 笔，合同已上传，产值属实';
const odd = { 'A01.current': '200000', 'A02.current': '400', 'A03.current': '10', 'N01.current': 20 };

let browser: Browser;
let formId: string;
let unitId: string;
let unitName: string;
let qiye: Call;

beforeAll(async () => {
  browser = await launch();
  const designer = await session('designer');
  qiye = await session('qiye');
  const me = await qiye('GET', '/api/auth/me');
  unitId = me.body.account.unitId;
  unitName = (await designer('GET', `/api/registry/units/${unitId}`)).body.name;

  const def = sampleDefinition((d) => {
    d.survey.code = 'e2e-review';
    d.form.code = FORM_CODE;
    d.form.name = { zh: '审核演示月报', en: 'Review demo monthly' };
    d.form.deadline = { monthsAfterPeriodEnd: 2, day: 28, time: '20:00' };
    d.version.from = '2020-01';
    // Nobody by rule; the demo enterprise is added by hand below, so it is the only reporter.
    d.scope = { rules: [{ minEmployees: 99_999_999 }] };
    d.rules = [
      {
        id: 'F01',
        expr: 'A03.current <= A04.current',
        severity: 'fatal',
        message: { zh: '出口不能大于销售', en: 'Exports exceed sales' },
      },
      {
        id: 'V01',
        expr: 'A01.current <= 100000',
        severity: 'verify',
        message: { zh: '产值 {A01.current} 超过 10 万，请核实', en: 'Output {A01.current} above 100,000' },
      },
    ];
  });
  formId = await setUpForm(designer, def, { onlyUnit: unitId, levels: ['township', 'county', 'city'] });
});
afterAll(async () => {
  await browser?.close();
});

const reviewUrl = () => `/review/${unitId}/${formId}/${P}`;
const monitoringUrl = (division?: string) =>
  `/monitoring?form=${formId}&period=${P}${division ? `&division=${division}` : ''}`;

async function submit(explanation = EXPLANATION) {
  const res = await qiye('POST', `/api/collection/forms/${formId}/periods/${P}/submit`, {
    values: odd,
    explanations: { V01: explanation },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

/** The figure shown beside a label in the totals of the monitoring page. */
async function total(page: Page, label: string) {
  const cell = page.locator('.ant-descriptions-item-label', { hasText: new RegExp(`^${label}$`) });
  return (await cell.locator('xpath=following-sibling::*[1]').textContent())?.trim();
}

async function openReview(username: string) {
  const page = await newPage(browser);
  await signIn(page, username);
  await page.goto(reviewUrl());
  await visible(page.getByRole('heading', { level: 1, name: new RegExp(`审核：${unitName}`) }));
  return page;
}

describe('review and monitoring', () => {
  it('shows who has not reported and reminds them; the unit sees the reminder', async () => {
    const page = await newPage(browser);
    await signIn(page, 'city');
    await page.getByRole('navigation').getByRole('link', { name: '报送监控' }).click();
    await visible(page.getByRole('heading', { level: 1, name: '报送监控' }));
    await page.goto(monitoringUrl());
    await visible(page.getByRole('heading', { name: new RegExp(`${FORM_CODE} · ${P}`) }));
    expect(await total(page, '应报')).toBe('1');
    expect(await total(page, '未报')).toBe('1');
    expect(await total(page, '报送率')).toBe('0.0%');
    await expectNoAxeViolations(page);

    // Drill down: city → 海曙区 → 南门街道, where the unit is listed as not started.
    await page.getByRole('link', { name: '查看海曙区' }).click();
    await page.waitForURL((u) => u.searchParams.get('division') === '330203');
    await page.getByRole('link', { name: '查看南门街道' }).click();
    await page.waitForURL((u) => u.searchParams.get('division') === '330203001');
    const crumbs = page.getByRole('navigation', { name: '地区层级' });
    await visible(crumbs.getByRole('link', { name: '海曙区' }));
    const row = page.locator('tbody tr').filter({ hasText: unitName });
    await visible(row.getByText('未填报'));
    await expectNoAxeViolations(page);

    // Choose the unit and remind it; pressing "remind all" right after skips it (12 quiet hours).
    await row.getByRole('checkbox', { name: `选择 ${unitName}` }).check();
    await page.getByRole('button', { name: '催报所选 1 家单位' }).click();
    await visible(page.getByRole('status').filter({ hasText: '已向 1 家未报单位发送催报' }));
    await page.getByRole('button', { name: '催报南门街道所有未报单位' }).click();
    await visible(page.getByRole('status').filter({ hasText: '已向 0 家未报单位发送催报' }));
    await visible(page.getByRole('status').filter({ hasText: '跳过 1 家' }));
    await expectNoAxeViolations(page);
    await page.screenshot({ path: '/tmp/tongji-e2e-monitoring-units.png', fullPage: true });

    // Back up the breadcrumb to the county.
    await crumbs.getByRole('link', { name: '海曙区' }).click();
    await page.waitForURL((u) => u.searchParams.get('division') === '330203');
    await visible(page.getByRole('heading', { name: '各乡镇（街道）报送情况' }));

    const ent = await newPage(browser);
    await signIn(ent, 'qiye');
    await ent.goto('/monitoring/notifications');
    await visible(ent.getByRole('heading', { level: 1, name: '站内通知' }));
    await visible(ent.getByText(new RegExp(FORM_CODE)).first());
    await expectNoAxeViolations(ent);
    await ent.getByRole('button', { name: '标为已读' }).first().click();
    await visible(ent.getByText('未读 0 条'));
    await ent.context().close();
    await page.context().close();
  });

  it('the township accepts the explanation and approves; the county returns it to the unit', async () => {
    await submit();
    const page = await newPage(browser);
    await signIn(page, 'nanmen');
    await page.getByRole('navigation').getByRole('link', { name: '审核' }).click();
    await visible(page.getByRole('heading', { level: 1, name: '数据审核' }));
    await page.goto(`/review?form=${formId}&period=${P}`);
    const row = page.locator('tbody tr').filter({ hasText: unitName });
    await visible(row.getByText('待乡镇审核'));
    await visible(row.getByText('核实性问题 1'));
    await visible(row.getByText('说明待审 1'));
    await visible(page.getByRole('link', { name: '待审查的企业说明 1 条' }));
    await expectNoAxeViolations(page);
    // The server searches by name (or credit code): a name nobody has empties the list.
    const search = page.getByRole('searchbox', { name: '单位' });
    await search.fill('没有这个单位');
    await search.press('Enter');
    await page.waitForURL((u) => u.searchParams.get('q') === '没有这个单位');
    await visible(page.getByText('共 0 条').or(page.locator('.ant-empty')).first());
    await search.fill(unitName.slice(0, 4));
    await search.press('Enter');
    await visible(row.getByText('待乡镇审核'));
    await page.screenshot({ path: '/tmp/tongji-e2e-review-inbox.png', fullPage: true });

    await row.getByRole('link', { name: `审核 ${unitName}` }).click();
    await visible(page.getByRole('heading', { level: 1, name: new RegExp(`审核：${unitName}`) }));
    // The rule, the values it read and the unit's explanation side by side.
    const rule = page.getByRole('listitem', { name: '规则 V01' });
    await visible(page.getByRole('heading', { name: '审核结果与说明' }));
    await visible(rule.getByText('产值 200,000.0 超过 10 万，请核实'));
    await visible(rule.getByText('A01.current = 200000'));
    await visible(rule.getByText(EXPLANATION));
    // The values as the paper form.
    await visible(page.getByRole('table', { name: new RegExp(`审核演示月报 · ${P}`) }));
    await expectNoAxeViolations(page);

    // A query on a cell; the unit answers (through the API); the thread is kept and closed.
    await choose(page, page.getByLabel('单元格'), 'A01 工业总产值 · 本期', '工业总产值');
    await page.getByLabel('问题').fill('本月产值为何比上月高出许多？');
    await page.getByRole('button', { name: '提出查询' }).click();
    const thread = page.locator('.ant-card').filter({ hasText: '关于 A01 工业总产值 · 本期' });
    await visible(thread.getByText('本月产值为何比上月高出许多？'));
    await visible(thread.getByText('未关闭'));
    const asked = (await qiye('GET', `/api/review/units/${unitId}/forms/${formId}/periods/${P}`)).body;
    const answer = await qiye(
      'POST',
      `/api/review/units/${unitId}/forms/${formId}/periods/${P}/queries/${asked.queries[0].id}/messages`,
      { body: '新签出口订单，已附合同' },
    );
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    await page.reload();
    await visible(thread.getByText('新签出口订单，已附合同'));
    await expectNoAxeViolations(page);
    await thread.getByRole('button', { name: '关闭查询' }).click();
    await visible(thread.getByText('已关闭'));

    await rule.getByRole('button', { name: '接受说明（规则 V01）' }).click();
    await visible(rule.getByText('说明已接受'));
    await page.getByRole('button', { name: '审核通过，报上一级' }).click();
    await visible(page.getByRole('status').filter({ hasText: '已审核通过' }));
    await visible(page.getByText('待区县审核').first());
    await visible(page.getByText('该报表正在区县（市）级审核，您现在不能作出决定。'));
    await expectNoAxeViolations(page);
    await page.screenshot({ path: '/tmp/tongji-e2e-review.png', fullPage: true });
    await page.context().close();

    const county = await openReview('haishu');
    await visible(county.getByText('该报表正在区县（市）级审核，由您作出决定。'));
    // The county may send it back to the unit or to the township.
    await visible(county.getByRole('radio', { name: '乡镇（街道）级审核' }));
    // The county does not accept the explanation: it says why.
    const judged = county.getByRole('listitem', { name: '规则 V01' });
    await judged.getByRole('button', { name: '驳回说明（规则 V01）' }).click();
    const dialog = county.getByRole('dialog', { name: '驳回规则 V01 的说明' });
    await visible(dialog);
    await dialog.getByLabel('驳回意见（企业可以看到）').fill('请附上订单合同');
    await expectNoAxeViolations(county);
    await dialog.getByRole('button', { name: '驳回说明' }).click();
    await closes(dialog);
    await visible(judged.getByText('说明已驳回'));
    await visible(judged.getByText('请附上订单合同'));
    await county.getByLabel('退回理由').fill('从业人员与上月差异过大，请核实后重报');
    await county.getByRole('button', { name: /退\s*回/ }).click();
    await visible(county.getByText('已退回企业').first());
    const history = county.getByRole('table', { name: '审核记录' });
    await visible(history.getByText('从业人员与上月差异过大，请核实后重报'));
    await expectNoAxeViolations(county);
    await county.context().close();
  });

  it('after the unit resubmits, county and city approve; monitoring and violations show it', async () => {
    // The unit rewrites the explanation the county rejected.
    await submit(REWRITTEN);
    // The new round starts at the township again.
    const nanmen = await session('nanmen');
    const detail = (await nanmen('GET', `/api/review/units/${unitId}/forms/${formId}/periods/${P}`)).body;
    expect(detail.review).toMatchObject({ level: 'township', status: 'pending', round: 2 });
    const t = await nanmen('POST', `/api/review/units/${unitId}/forms/${formId}/periods/${P}/decisions`, {
      decision: 'approve',
      version: detail.review.version,
    });
    expect(t.status, JSON.stringify(t.body)).toBe(200);

    const county = await openReview('haishu');
    // The rewritten explanation is judged afresh; the county accepts it, then sends the report
    // back to the township (a named lower level) with a reason.
    const rule = county.getByRole('listitem', { name: '规则 V01' });
    await visible(rule.getByText(REWRITTEN));
    await visible(rule.getByText('企业已修改说明，需重新审查'));
    await rule.getByRole('button', { name: '接受说明（规则 V01）' }).click();
    await visible(rule.getByText('说明已接受'));
    await county.getByRole('radio', { name: '乡镇（街道）级审核' }).check();
    await county.getByLabel('退回理由').fill('请乡镇核对从业人员');
    await county.getByRole('button', { name: /退\s*回/ }).click();
    await visible(county.getByText('待乡镇审核').first());
    await visible(county.getByRole('table', { name: '审核记录' }).getByText('退回乡镇（街道）级'));
    await expectNoAxeViolations(county);

    const back = (await nanmen('GET', `/api/review/units/${unitId}/forms/${formId}/periods/${P}`)).body;
    expect(back.review).toMatchObject({ level: 'township', status: 'pending', round: 2 });
    const again = await nanmen('POST', `/api/review/units/${unitId}/forms/${formId}/periods/${P}/decisions`, {
      decision: 'approve',
      version: back.review.version,
    });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    await county.reload();
    await county.getByRole('button', { name: '审核通过，报上一级' }).click();
    await visible(county.getByText('待市级审核').first());
    await county.context().close();

    const city = await newPage(browser);
    await signIn(city, 'city');
    await city.goto(monitoringUrl());
    await visible(city.getByRole('heading', { name: new RegExp(`${FORM_CODE} · ${P}`) }));
    expect(await total(city, '已报')).toBe('1');
    expect(await total(city, '审核通过')).toBe('0');

    await city.goto(reviewUrl());
    await city.getByRole('button', { name: '审核通过（终审）' }).click();
    await visible(city.getByRole('status').filter({ hasText: '已审核通过' }));
    await visible(city.getByRole('button', { name: '重新打开审核' }));
    await expectNoAxeViolations(city);

    await city.goto(monitoringUrl());
    await visible(city.getByRole('heading', { name: new RegExp(`${FORM_CODE} · ${P}`) }));
    await expect.poll(() => total(city, '审核通过')).toBe('1');
    expect(await total(city, '审核通过率')).toBe('100.0%');
    await visible(city.getByRole('table', { name: /下级地区报送情况/ }));
    // By form: this form among the period's forms, with the same figures.
    const byForm = city.getByRole('table', { name: /各报表报送情况/ });
    await visible(byForm.getByRole('rowheader', { name: new RegExp(FORM_CODE) }));
    await expectNoAxeViolations(city);
    await city.screenshot({ path: '/tmp/tongji-e2e-monitoring.png', fullPage: true });

    // The violations list: V01 failed, its explanation accepted; exportable.
    await city.goto(`/review/violations?form=${formId}&period=${P}`);
    await visible(city.getByRole('heading', { level: 1, name: '审核问题清单' }));
    const v = city.locator('tbody tr').filter({ hasText: 'V01' });
    await visible(v.getByText('说明已接受').first());
    await visible(v.getByText(REWRITTEN));
    await visible(city.getByText('强制性 0 条，核实性 1 条，提示性 0 条'));
    await expectNoAxeViolations(city);
    await city.screenshot({ path: '/tmp/tongji-e2e-violations.png', fullPage: true });
    const [download] = await Promise.all([
      city.waitForEvent('download'),
      (async () => {
        await city.getByRole('button', { name: /导\s*出/ }).hover();
        await city.getByRole('menuitem', { name: 'CSV' }).click();
      })(),
    ]);
    expect(download.suggestedFilename()).toBe(`violations-${P}.csv`);
    await city.context().close();
  });

  it('two people reopening at once: the second gets a clear conflict and can reload', async () => {
    const first = await openReview('city');
    const second = await openReview('city');
    for (const p of [first, second]) await p.getByLabel('重新打开的理由').fill('抽查复核');
    await first.getByRole('button', { name: '重新打开审核' }).click();
    await visible(first.getByText('待市级审核').first());

    await second.getByRole('button', { name: '重新打开审核' }).click();
    const alert = second.getByRole('alert').filter({ hasText: '该报表已被他人处理' });
    await visible(alert);
    await visible(alert.getByText(/请刷新后重试/));
    await expectNoAxeViolations(second);
    await alert.getByRole('button', { name: '重新加载' }).click();
    await visible(second.getByRole('button', { name: '审核通过（终审）' }));
    await first.context().close();
    await second.context().close();
  });

  it('shows and saves a form’s review levels (designer), in English too', async () => {
    const page = await newPage(browser);
    await signIn(page, 'designer');
    await page.goto(`/review/levels/${formId}`);
    await visible(page.getByRole('heading', { level: 1, name: new RegExp(`审核层级：${FORM_CODE}`) }));
    await visible(page.getByText('当前：乡镇（街道）级 → 区县（市）级 → 市级。'));
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'English' }).click();
    await visible(page.getByRole('heading', { level: 1, name: new RegExp(`Review levels: ${FORM_CODE}`) }));
    await page.getByRole('checkbox', { name: 'township level' }).uncheck();
    await visible(page.getByText('After saving: county level → city level'));
    await page.getByRole('button', { name: /Save/ }).click();
    await visible(page.getByRole('status').filter({ hasText: 'Review levels saved' }));
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: '中文' }).click();
    await page.context().close();
  });

  it('works on a phone', async () => {
    const page = await newPage(browser, { width: 390, height: 844 });
    await signIn(page, 'city');
    await page.goto(reviewUrl());
    await visible(page.getByRole('heading', { level: 1, name: new RegExp(`审核：${unitName}`) }));
    await expectNoAxeViolations(page);
    await page.screenshot({ path: '/tmp/tongji-e2e-review-phone.png', fullPage: true });
    await page.goto(monitoringUrl());
    await visible(page.getByRole('heading', { name: new RegExp(`${FORM_CODE} · ${P}`) }));
    await expectNoAxeViolations(page);
    await page.screenshot({ path: '/tmp/tongji-e2e-monitoring-phone.png', fullPage: true });
    await page.getByRole('button', { name: 'English' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Reporting rates' }));
    await visible(page.getByRole('heading', { name: 'By county' }));
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: '中文' }).click();
    await page.context().close();
  });
});
