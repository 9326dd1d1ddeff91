import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { FormDefinition } from '../../../../../src/modules/surveys/domain/definition.ts';
import { deadlineText, type GridRow, layoutForm, scopeRuleText } from './layout.ts';

const demo = (name: string) =>
  FormDefinition.parse(YAML.parse(fs.readFileSync(path.join('data/demo', name), 'utf8')));

describe('layoutForm (the industrial monthly form B204-1)', () => {
  const def = demo('B204-1.yaml');
  const zh = layoutForm(def, 'zh-CN');
  const rows = zh.rows.filter((r): r is GridRow => r.kind === 'indicator');
  const row = (code: string) => rows.find((r) => r.code === code)!;

  it('has the form columns and section headings in order', () => {
    expect(zh.columns.map((c) => c.name)).toEqual(['本期', '上年同期', '1-本月累计', '上年同期累计']);
    expect(zh.rows[0]).toMatchObject({ kind: 'section', name: '甲、产销总值' });
    expect(zh.rows.filter((r) => r.kind === 'section')).toHaveLength(2);
  });

  it('marks entered, derived and formula cells', () => {
    const a01 = row('A01');
    expect(a01.cells.map((c) => c.kind)).toEqual(['entered', 'computed', 'computed', 'computed']);
    expect(a01.cells[1]).toMatchObject({ kind: 'computed', how: '上年同期: A01.current (本期)' });
    expect(a01.cells[2]).toMatchObject({ kind: 'computed', how: '累计: A01.current (本期)' });
    expect(row('A04').cells[0]).toMatchObject({ kind: 'computed', how: '= A02.current / A01.current * 100' });
  });

  it('uses the indicator unit, else the form unit, and indents sub-rows', () => {
    expect(row('A01').unit).toBe('千元');
    expect(row('A04').unit).toBe('%');
    expect(row('A03').level).toBe(1);
  });

  it('gives code indicators their code list and only their own columns', () => {
    const p1 = row('P1_CODE');
    expect(p1.options?.[0]).toEqual({ code: '0701010000', name: '原油加工量' });
    expect(p1.cells.map((c) => c.kind)).toEqual(['entered', 'absent', 'absent', 'absent']);
  });

  it('speaks English when asked', () => {
    const en = layoutForm(def, 'en-US');
    expect(en.columns[0].name).toBe('This period');
    expect(deadlineText(def, 'en-US')).toBe('day 5 after the period ends, 20:00');
    expect(deadlineText(def, 'zh-CN')).toBe('报告期结束后第 5 天 20:00');
  });
});

describe('scopeRuleText', () => {
  it('says every criterion', () => {
    const n = (x: number) => x.toLocaleString('en-US');
    expect(scopeRuleText({ sections: ['B', 'C'], minRevenueThousandYuan: 20000 }, 'zh-CN', n)).toBe(
      '门类 B、C，且年营业收入 ≥ 20,000 千元',
    );
    expect(scopeRuleText({ minEmployees: 50, division: '330203' }, 'en-US', n)).toBe(
      'employees ≥ 50 and in division 330203',
    );
  });
});
