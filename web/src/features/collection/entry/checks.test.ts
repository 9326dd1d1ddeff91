import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { FormDefinition } from '../../../../../src/modules/surveys/domain/definition.ts';
import {
  changedCells,
  countFailures,
  liveCheck,
  marksByCell,
  missingExplanations,
  periodRecord,
  prepareForm,
  type RuleOutcome,
} from './checks.ts';

const demo = (name: string) =>
  FormDefinition.parse(YAML.parse(fs.readFileSync(path.join('data/demo', name), 'utf8')));

const required = (cell: string) => ({ 'zh-CN': `${cell} 必填`, 'en-US': `${cell} is required` });

describe('live checks of the industrial monthly form B204-1', () => {
  const form = prepareForm(demo('B204-1.yaml'), '2026-10');
  const noHistory = { previous: null, lastYear: null, unit: null };

  it('compiles every rule of the form in the browser', () => {
    expect(form.serverOnly.size).toBe(0);
    expect(form.ruleSet.rules.map((r) => r.id)).toContain('B204-1.F01');
    expect(form.firstOfYear).toBe(false);
  });

  it('computes the sales ratio and fails the export rule with the values filled in', () => {
    const check = liveCheck(
      form,
      { 'A01.current': '1000', 'A02.current': '900', 'A03.current': '950' },
      noHistory,
      [],
    );
    expect(check.values['A04.current']).toBe('90');
    const f01 = check.results.find((r) => r.ruleId === 'B204-1.F01')!;
    expect(f01).toMatchObject({ outcome: 'fail', severity: 'fatal', source: 'browser' });
    const marks = marksByCell(check, required);
    expect(marks.get('A03.current')?.severity).toBe('fatal');
    expect(marks.get('A02.current')?.items.map((i) => i.id)).toContain('B204-1.F01');
    expect(countFailures(check).fatal).toBe(1);
  });

  it('reports a bad cell by cell and counts it blank for the rules, as the server does', () => {
    const check = liveCheck(
      form,
      { 'A01.current': '12,5', 'A02.current': '10', 'A03.current': '1' },
      noHistory,
      [],
    );
    expect(check.cellIssues.map((i) => [i.cell, i.code])).toEqual([['A01.current', 'not_a_number']]);
    // Reported once, as a cell problem, not also as a blank required cell (as on the server).
    expect(check.blankRequired).toEqual([]);
    const marks = marksByCell(check, required);
    expect(marks.get('A01.current')?.items.map((i) => i.id)).toEqual(['not_a_number']);
  });

  it('fills the growth on last year into the verify message and asks for an explanation', () => {
    const lastYear = { 'A01.current': '500', 'A02.current': '450', 'A03.current': '0' };
    const check = liveCheck(
      form,
      { 'A01.current': '1000', 'A02.current': '900', 'A03.current': '0' },
      { previous: null, lastYear, unit: null },
      [],
    );
    const v01 = check.results.find((r) => r.ruleId === 'B204-1.V01')!;
    expect(v01.outcome).toBe('fail');
    expect(v01.message?.['zh-CN']).toBe(
      '本期工业总产值 1,000.0 千元，比上年同期增长 100.0%，超过 ±50%，请核实',
    );
    expect(v01.message?.['en-US']).toContain('100.0%');
    expect(missingExplanations(check.results, {})).toEqual(['B204-1.V01']);
    expect(missingExplanations(check.results, { 'B204-1.V01': '新增订单' })).toEqual([]);
  });

  it('keeps the server outcome of a rule it cannot decide here', () => {
    const server: RuleOutcome[] = [
      { ruleId: 'B204-1.F01', severity: 'fatal', outcome: 'fail', values: {}, message: null },
    ];
    const f = { ...form, serverOnly: new Set(['B204-1.F01']) };
    const check = liveCheck(
      f,
      { 'A01.current': '1', 'A02.current': '1', 'A03.current': '0' },
      noHistory,
      server,
    );
    expect(check.results.find((r) => r.ruleId === 'B204-1.F01')).toMatchObject({
      outcome: 'fail',
      source: 'server',
    });
  });
});

describe('helpers', () => {
  it('periodRecord follows whether the period was reported, even with every cell blank', () => {
    expect(periodRecord([{ ref: 'A01.current', value: '5' }], false)).toBeNull();
    expect(periodRecord([{ ref: 'A01.current', value: null }], true)).toEqual({});
    expect(periodRecord([{ ref: 'A01.current', value: '5' }], true)).toEqual({ 'A01.current': '5' });
  });

  it('changedCells sends changed and cleared cells only', () => {
    expect(changedCells({ a: '1', b: '2' }, { a: '1', b: '3', c: '' })).toEqual({ b: '3' });
    expect(changedCells({ a: '1' }, { a: '' })).toEqual({ a: null });
    expect(changedCells({ a: '1' }, {})).toEqual({ a: null });
  });
});
