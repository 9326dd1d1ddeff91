/**
 * Online direct reporting (联网直报), the enterprise's side: the task list, typing into the form
 * with checks running live, an explanation for a verify failure, the autosaved draft resuming
 * after a reload, submission, and the saved versions with their differences.
 *
 * A form of its own is imported and activated through the API (its deadline far enough after
 * the period that the period is open today), in scope for the demo enterprise's township.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, launch, newPage, signIn, visible } from './browser.ts';
import { reportingPeriod, session, setUpForm } from './setup.ts';

const FORM = 'E2E-R1';

const definition = {
  formatVersion: 1,
  survey: {
    code: 'e2e-reporting',
    name: { zh: '端到端测试制度', en: 'End-to-end test survey' },
    issuer: { zh: '宁波市统计局', en: 'Ningbo Statistics Bureau' },
  },
  form: {
    code: FORM,
    name: { zh: '产销快报', en: 'Output and sales flash report' },
    frequency: 'monthly',
    deadline: { daysAfterPeriodEnd: 60, time: '20:00' },
    reportingUnitType: { zh: '工业企业', en: 'Industrial enterprises' },
    unit: { zh: '千元', en: 'thousand yuan' },
  },
  version: { number: 1, from: '2025-01' },
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
  scope: { rules: [{ division: '330203001' }] },
};

/** Downloads through a button and returns the saved file's path and suggested name. */
async function downloadVia(page: Page, button: ReturnType<Page['getByRole']>) {
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tongji-dl-')), download.suggestedFilename());
  await download.saveAs(file);
  return { file, name: download.suggestedFilename() };
}

/** Writes a copy of a template with the `current` cell of an indicator set to a value. */
async function fillTemplate(file: string, indicator: string, value: string | number): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.worksheets.find((w) => w.state === 'visible')!;
  let done = false;
  ws.eachRow((row) => {
    if (row.getCell(2).value === indicator) {
      row.getCell(4).value = value;
      done = true;
    }
  });
  expect(done, `row ${indicator} in the template`).toBe(true);
  const out = file.replace(/\.xlsx$/, `-${indicator}-${value}.xlsx`);
  await wb.xlsx.writeFile(out);
  return out;
}

async function uploadVia(page: Page, file: string) {
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.getByRole('button', { name: '上传已填 Excel' }).click(),
  ]);
  await chooser.setFiles(file);
}

let browser: Browser;
let formId: string;
const period = reportingPeriod();

beforeAll(async () => {
  browser = await launch();
  formId = await setUpForm(await session('designer'), definition);
});
afterAll(async () => {
  await browser?.close();
});

describe('reporting (联网直报)', () => {
  it('an enterprise fills in its form with live checks, resumes the draft, submits and sees the versions', async () => {
    const page = await newPage(browser);
    await signIn(page, 'qiye');
    await page.getByRole('navigation').getByRole('link', { name: '填报任务' }).click();
    await visible(page.getByRole('heading', { level: 1, name: '填报任务' }));
    const row = page.locator('tbody tr').filter({ hasText: FORM });
    await visible(row);
    await visible(row.getByText('未填报'));
    await expectNoAxeViolations(page);

    await row.getByRole('link', { name: `填报 ${FORM} ${period}` }).click();
    const grid = page.getByRole('table', { name: '产销快报' });
    await visible(grid);
    const a01 = grid.getByRole('textbox', { name: /工业总产值.*本期/ });
    const a02 = grid.getByRole('textbox', { name: /工业销售产值.*本期/ });
    await expectNoAxeViolations(page);

    // Sales above 1.5 times output: the fatal rule fails as soon as it is typed, values filled in.
    await a01.fill('100');
    // Enter moves on to the next cell, as on a paper form.
    await a01.press('Enter');
    expect(await a02.evaluate((el) => el === document.activeElement)).toBe(true);
    await a02.fill('200');
    const problems = page.getByRole('region', { name: '审核结果' });
    await visible(problems.getByText('工业销售产值 200.0 超过工业总产值 100.0 的1.5倍'));
    await visible(problems.getByText('强制性', { exact: true }));
    // The computed ratio follows the typing.
    await visible(grid.getByText('200.0'));
    expect(await a02.getAttribute('aria-invalid')).toBe('true');
    const submit = page.getByRole('button', { name: /上\s*报/ });
    expect(await submit.isDisabled()).toBe(true);
    await visible(page.getByText('还有 1 个强制性问题，改正后才能上报'));
    await visible(page.getByTestId('save-status').filter({ hasText: '已自动保存于' }));
    await expectNoAxeViolations(page);
    // The same message in English, with the same values; what was typed stays.
    await page.getByRole('button', { name: 'English' }).click();
    await visible(
      page
        .getByRole('region', { name: 'Checks' })
        .getByText('Sales output 200.0 exceeds 1.5 times gross output 100.0'),
    );
    await visible(page.getByText('1 fatal problem(s) left: correct them to submit'));
    await page.getByRole('button', { name: '中文' }).click();
    expect(await a02.inputValue()).toBe('200');

    // Fixed: the fatal failure goes; the ratio of 130% asks for an explanation (核实性).
    await a02.fill('130');
    await visible(problems.getByText('产品销售率 130.0% 不在 70%–120% 之间，请核实'));
    expect(await problems.getByText(/超过工业总产值/).count()).toBe(0);
    await visible(page.getByText('还有 1 条核实性问题需要填写说明'));
    expect(await submit.isDisabled()).toBe(true);
    await problems.getByLabel('说明（R.V01）').fill('新签出口订单集中交货，销售大于生产部分来自库存');
    await expect.poll(() => submit.isDisabled()).toBe(false);
    await visible(page.getByTestId('save-status').filter({ hasText: '已自动保存于' }));
    await expectNoAxeViolations(page);
    await page.screenshot({ path: '/tmp/tongji-e2e-reporting-entry.png', fullPage: true });

    // A reload resumes the draft where it was left.
    await page.reload();
    await visible(grid);
    expect(await a01.inputValue()).toBe('100');
    expect(await a02.inputValue()).toBe('130');
    expect(await problems.getByLabel('说明（R.V01）').inputValue()).toContain('新签出口订单');

    await submit.click();
    await page.getByRole('button', { name: /确\s*认/ }).click();
    await visible(page.getByText('该报表状态为“已上报”，不能修改。'));
    expect(await a01.getAttribute('readonly')).not.toBeNull();
    await expectNoAxeViolations(page);

    // The task list says submitted.
    await page.getByRole('link', { name: '返回任务列表' }).click();
    await visible(row.getByText('已上报'));

    // Versions: every save kept; the diff between the first and the last shows the change.
    await page.goto(`/reporting/${formId}/${period}/versions`);
    await visible(page.getByRole('heading', { level: 1, name: `${FORM}（${period}）的保存记录` }));
    const versions = page.getByRole('table', { name: /每次保存都留有版本/ });
    await visible(versions.getByText('上报'));
    await visible(versions.getByText('自动保存').first());
    const url = new URL(page.url());
    url.searchParams.set('from', '1');
    await page.goto(url.pathname + url.search);
    const diff = page.getByRole('table', { name: /版本 1 → 版本 \d+ 的差异/ });
    const changed = diff.locator('tbody tr').filter({ hasText: 'A02.current' });
    await visible(changed);
    expect(await changed.textContent()).toContain('130');
    await expectNoAxeViolations(page);
    await page.screenshot({ path: '/tmp/tongji-e2e-reporting-versions.png', fullPage: true });
  });

  it('a returned form shows the reason, the reviewer’s query is answered, and it is submitted again', async () => {
    // The township statistician asks about a cell and returns the form to the unit.
    const township = await session('nanmen');
    const { unitId } = (await (await session('qiye'))('GET', '/api/collection/tasks')).body;
    const one = `/api/review/units/${unitId}/forms/${formId}/periods/${period}`;
    const asked = await township('POST', `${one}/queries`, {
      cell: 'A02.current',
      body: '销售产值大于总产值，请说明库存来源',
    });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    const returned = await township('POST', `${one}/decisions`, {
      decision: 'return',
      to: 'unit',
      reason: '请核实工业总产值',
      version: asked.body.review.version,
    });
    expect(returned.status, JSON.stringify(returned.body)).toBe(200);

    const page = await newPage(browser);
    await signIn(page, 'qiye');
    await page.goto('/reporting');
    const row = page.locator('tbody tr').filter({ hasText: FORM });
    await visible(row.getByText('已退回'));
    await visible(row.getByText('退回理由：请核实工业总产值'));
    await expectNoAxeViolations(page);

    await page
      .getByRole('link', { name: `填报 ${FORM} ${period}` })
      .first()
      .click();
    await visible(page.getByText('报表已被退回，请修改后重新上报。'));
    await visible(page.getByText('退回理由：请核实工业总产值'));
    const queries = page.getByRole('region', { name: '审核查询' });
    await visible(queries.getByText('销售产值大于总产值，请说明库存来源'));
    await queries.getByLabel('答复 A02.current 的查询').fill('上月库存 30 千元本月售出');
    await queries.getByRole('button', { name: '发送答复' }).click();
    await visible(queries.getByText('上月库存 30 千元本月售出'));
    await expectNoAxeViolations(page);

    // Editable again. The corrected figure comes through Excel: the template arrives pre-filled,
    // a wrong cell is refused and listed by its sheet address, the right file saves a draft.
    const grid = page.getByRole('table', { name: '产销快报' });
    const a01 = grid.getByRole('textbox', { name: /工业总产值.*本期/ });
    expect(await a01.getAttribute('readonly')).toBeNull();
    // The same draft open in a second window, now behind: its next save is refused (409) and
    // it says so, keeping what was typed until the person loads the latest.
    const other = await newPage(browser);
    await signIn(other, 'qiye');
    await other.goto(`/reporting/${formId}/${period}`);
    const otherA02 = other
      .getByRole('table', { name: '产销快报' })
      .getByRole('textbox', { name: /工业销售产值.*本期/ });
    await visible(otherA02);
    const template = await downloadVia(page, page.getByRole('button', { name: '下载 Excel 模板' }));
    expect(template.name).toMatch(/^E2E-R1-.*\.xlsx$/);
    await uploadVia(page, await fillTemplate(template.file, 'A01', 'abc'));
    const files = page.getByRole('region', { name: 'Excel 与 PDF' });
    await visible(files.getByText('Excel 中有 1 处问题，未导入'));
    const problem = files.getByRole('table').locator('tbody tr');
    await visible(problem.filter({ hasText: 'A01.current' }));
    expect(await problem.first().textContent()).toMatch(/E2E-R1!D\d+/);
    await expectNoAxeViolations(page);
    await uploadVia(page, await fillTemplate(template.file, 'A01', 120));
    await expect.poll(() => a01.inputValue(), { timeout: 15_000 }).toBe('120');
    await visible(page.getByTestId('save-status').filter({ hasText: '已自动保存于' }));

    await otherA02.fill('125');
    const conflict = other.getByRole('alert').filter({ hasText: '此报表已在别处被修改' });
    await visible(conflict);
    await expectNoAxeViolations(other);
    await conflict.getByRole('button', { name: '载入最新内容' }).click();
    const otherA01 = other
      .getByRole('table', { name: '产销快报' })
      .getByRole('textbox', { name: /工业总产值.*本期/ });
    await expect.poll(() => otherA01.inputValue()).toBe('120');
    expect(await otherA02.inputValue()).toBe('130');
    await other.context().close();

    await page.getByRole('button', { name: /上\s*报/ }).click();
    await page.getByRole('button', { name: /确\s*认/ }).click();
    await visible(page.getByText('该报表状态为“已上报”，不能修改。'));
    // The submitted form as a PDF, to print or keep.
    const pdf = await downloadVia(page, page.getByRole('button', { name: '下载 PDF' }));
    expect(pdf.name).toMatch(/\.pdf$/);
    expect(fs.readFileSync(pdf.file).subarray(0, 5).toString()).toBe('%PDF-');
    await page.goto('/reporting');
    await visible(page.locator('tbody tr').filter({ hasText: FORM }).getByText('已上报'));
  });

  it('the entry grid stays usable on a phone: it scrolls sideways, the checks still show', async () => {
    const page = await newPage(browser, { width: 390, height: 844 });
    await signIn(page, 'qiye');
    await page.goto(`/reporting/${formId}/${period}`);
    const grid = page.getByRole('table', { name: '产销快报' });
    await visible(grid);
    const scroller = page.locator('.table-scroll').first();
    const { scroll, client } = await scroller.evaluate((el) => ({
      scroll: el.scrollWidth,
      client: el.clientWidth,
    }));
    expect(client).toBeLessThanOrEqual(390);
    expect(scroll).toBeGreaterThanOrEqual(client);
    await expectNoAxeViolations(page);
  });
});
