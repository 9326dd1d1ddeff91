import { describe, expect, it } from 'vitest';
import { buildModel } from '../../surveys/domain/model.ts';
import type { FormDefinition, FormModel } from '../../surveys/index.ts';
import { sampleDefinition } from '../../surveys/test-fixtures.ts';
import { blankRequiredCells, canonicalNumber, checkEnteredValues } from './cells.ts';

const def = sampleDefinition((d) => {
  d.indicators[0].min = 0;
}) as FormDefinition;
const model: FormModel = buildModel(def).model;
const check = (values: Record<string, unknown>) => checkEnteredValues(def, model, values as never);

describe('checkEnteredValues', () => {
  it('canonicalises numbers given as text or JSON numbers, and blanks', () => {
    expect(
      check({ 'A01.current': '0012.50', 'A02.current': 7, 'A03.current': '', 'N01.current': '-0' }),
    ).toEqual({
      ok: true,
      values: { 'A01.current': '12.5', 'A02.current': '7', 'A03.current': null, 'N01.current': '0' },
    });
    expect(canonicalNumber('-', '000', '000')).toBe('0');
  });

  it('keeps text as typed and trims codes', () => {
    expect(check({ 'R01.current': ' 备注 ', 'P1.current': ' 3601010000 ' })).toEqual({
      ok: true,
      values: { 'R01.current': ' 备注 ', 'P1.current': '3601010000' },
    });
  });

  it('reports every problem by cell', () => {
    const res = check({
      'A01.current': '-1',
      'A02.current': '1e5',
      'A03.current': '1,000',
      'N01.current': 2.5,
      'R01.current': 'x'.repeat(201),
      'A04.current': '1',
      'A01.nope': '1',
      'P1.current': true,
      'A02.ytd': '3',
    });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.issues.map((i) => [i.cell, i.code])).toEqual([
      ['A01.current', 'below_minimum'],
      ['A02.current', 'not_a_number'],
      ['A03.current', 'not_a_number'],
      ['N01.current', 'not_an_integer'],
      ['R01.current', 'too_long'],
      ['A04.current', 'not_entered'],
      ['A01.nope', 'unknown_cell'],
      ['P1.current', 'wrong_type'],
      ['A02.ytd', 'not_entered'],
    ]);
    for (const i of res.issues) {
      expect(i.message['zh-CN']).toContain(i.cell);
      expect(i.message['en-US']).toContain(i.cell);
    }
  });

  it('refuses absurdly large numbers', () => {
    const res = check({ 'A02.current': '1'.repeat(19) });
    expect(res.ok ? null : res.issues[0].code).toBe('too_large');
  });
});

describe('blankRequiredCells', () => {
  it('lists required entered cells that are blank', () => {
    expect(blankRequiredCells(def, model, { 'A02.current': '1' })).toEqual(['A01.current']);
    expect(blankRequiredCells(def, model, { 'A01.current': '0' })).toEqual([]);
  });
});
