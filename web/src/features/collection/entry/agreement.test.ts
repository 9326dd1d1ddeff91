/**
 * The browser and the server agree: for many random entries of the industrial monthly form, the
 * live check the entry page runs (from the entry view the page reads) gives the same computed
 * cells, cell problems, blank required cells and rule outcomes and messages as the server's
 * `POST …/check` — with last period reported, so carried and year-to-date cells are exercised.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { currentPeriod } from '../../../../../src/modules/collection/domain/window.ts';
import { generateCreditCode } from '../../../../../src/modules/registry/domain/credit-code.ts';
import { mulberry32 } from '../../../../../src/modules/registry/domain/prng.ts';
import type { FormDefinition } from '../../../../../src/modules/surveys/domain/definition.ts';
import { formatPeriod, shiftPeriod } from '../../../../../src/modules/surveys/domain/periods.ts';
import { importAndActivate } from '../../../../../test/support/surveys.ts';
import { buildTestApp, type Client, type TestApp } from '../../../../../test/support/test-app.ts';
import type { Entry } from '../api.ts';
import { liveCheck, periodRecord, prepareForm } from './checks.ts';

const random = mulberry32(2026);
const now = currentPeriod('monthly', new Date());
const P = formatPeriod(shiftPeriod(now, -1));
const P2 = formatPeriod(shiftPeriod(now, -2));

let t: TestApp;
let reporter: Client;
let formId: string;

beforeAll(async () => {
  t = await buildTestApp();
  const admin = await t.as('admin');
  const designer = await t.as('designer');
  const def = YAML.parse(fs.readFileSync(path.join('data/demo', 'B204-1.yaml'), 'utf8'));
  def.form.code = 'B204-AG';
  def.form.deadline = { monthsAfterPeriodEnd: 2, day: 28, time: '20:00' };
  def.version.from = '2020-01';
  def.scope = { rules: [{ division: '330203001' }] };
  formId = (await importAndActivate(designer, def)).formId;
  const unit = await admin.post('/api/registry/units', {
    creditCode: generateCreditCode(random, { division: '330203' }),
    name: '宁波一致性测试有限公司',
    townshipCode: '330203001',
    industryCode: '3411',
    registrationType: '173',
    employees: 80,
    revenueThousandYuan: 90000,
  });
  expect(unit.statusCode, unit.body).toBe(201);
  reporter = await t.as('enterprise', { unitId: unit.json().id });
  const prev = await reporter.post(`/api/collection/forms/${formId}/periods/${P2}/submit`, {
    values: { 'A01.current': '1000', 'A02.current': '950', 'A03.current': '100' },
  });
  expect(prev.statusCode, prev.body).toBe(200);
});
afterAll(async () => {
  await t?.close();
});

const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];

/** A random entry: blanks, ordinary figures, too many decimals, text in numbers, codes in and out of the list. */
function randomEntry(): Record<string, string> {
  const number = () =>
    pick(['', '0', '1', '950', '1000', '1234.5', '2000', '99999.9', '12.34', 'abc', '-5', '500']);
  const out: Record<string, string> = {};
  for (const c of ['A01', 'A02', 'A03', 'P1_QTY', 'P2_QTY']) {
    const v = number();
    if (v !== '') out[`${c}.current`] = v;
  }
  const code = pick(['', '3206010000', '3901010000', '9999999999']);
  if (code) out['P1_CODE.current'] = code;
  return out;
}

describe('live checks in the browser agree with the server', () => {
  it('on 60 random entries', async () => {
    const res = await reporter.get(`/api/collection/forms/${formId}/periods/${P}`);
    expect(res.statusCode, res.body).toBe(200);
    const entry = res.json() as Entry;
    const form = prepareForm(entry.definition as unknown as FormDefinition, entry.period);
    const ctx = {
      previous: periodRecord(
        entry.cells.map((c) => ({ ref: c.ref, value: c.previous })),
        entry.previousReported,
      ),
      lastYear: periodRecord(
        entry.cells.map((c) => ({ ref: c.ref, value: c.lastYear })),
        entry.lastYearReported,
      ),
      unit: null,
    };
    expect(ctx.previous?.['A01.current']).toBe('1000');
    for (let i = 0; i < 60; i++) {
      const values = randomEntry();
      const server = await reporter.post(`/api/collection/forms/${formId}/periods/${P}/check`, { values });
      expect(server.statusCode, server.body).toBe(200);
      const s = server.json();
      const live = liveCheck(form, values, ctx, []);
      const label = JSON.stringify(values);
      expect(
        live.cellIssues.map((x) => [x.cell, x.code]),
        label,
      ).toEqual(s.cellIssues.map((x: { cell: string; code: string }) => [x.cell, x.code]));
      expect(live.blankRequired, label).toEqual(s.blankRequired);
      const nonBlank = Object.fromEntries(
        Object.entries(live.values).filter(([, v]) => v !== null && v !== ''),
      );
      expect(nonBlank, label).toEqual(s.values);
      expect(
        live.results.map((r) => [r.ruleId, r.outcome, r.message]),
        label,
      ).toEqual(s.results.map((r: any) => [r.ruleId, r.outcome, r.outcome === 'pass' ? null : r.message]));
    }
  });
});
