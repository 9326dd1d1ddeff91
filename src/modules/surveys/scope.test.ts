import { describe, expect, it } from 'vitest';
import { parsePeriod } from './domain/periods.ts';
import { expectedUnits, type MatchedUnit, narrowerDivision, overrideApplies, ruleToFilter } from './scope.ts';

const unit = (id: string, township: string): MatchedUnit => ({
  id,
  creditCode: `CC${id}`,
  name: `单位${id}`,
  townshipCode: township,
  countyCode: township.slice(0, 6),
  industryCode: '3411',
  sizeClass: 'small',
});

describe('scope helpers', () => {
  it('narrows divisions, treating a city code as covering its counties', () => {
    expect(narrowerDivision(undefined, '330203')).toBe('330203');
    expect(narrowerDivision('330200', '330203')).toBe('330203');
    expect(narrowerDivision('330203001', '330203')).toBe('330203001');
    expect(narrowerDivision('330203', '330206')).toBeNull();
    expect(narrowerDivision('330200', undefined)).toBe('330200');
  });

  it('maps scope rules to register filters', () => {
    expect(
      ruleToFilter({
        sections: ['C'],
        minRevenueThousandYuan: 20000,
        groupings: ['high-tech'],
        industryCodes: ['34'],
        division: '330203',
      }),
    ).toEqual({
      sections: ['C'],
      minRevenueThousandYuan: 20000,
      groupingIds: ['high-tech'],
      industryCodes: ['34'],
      divisionCode: '330203',
    });
  });

  it('applies overrides within their periods only', () => {
    const o = { from_period: '2026-04', until_period: '2026-06' };
    expect(overrideApplies(o, parsePeriod('2026-03')!)).toBe(false);
    expect(overrideApplies(o, parsePeriod('2026-04')!)).toBe(true);
    expect(overrideApplies(o, parsePeriod('2026-06')!)).toBe(true);
    expect(overrideApplies(o, parsePeriod('2026-07')!)).toBe(false);
    expect(overrideApplies({ from_period: '2026Q1', until_period: null }, parsePeriod('2026-07')!)).toBe(
      false,
    );
  });

  it('expected = rule matches + additions − removals, each unit once', async () => {
    const register = {
      directory: { findUnit: async () => null },
      async unitsMatching(f: { sections?: string[]; unitIds?: string[] }) {
        if (f.unitIds) return f.unitIds.map((id) => unit(id, '330203001'));
        return f.sections?.includes('C')
          ? [unit('a', '330203001'), unit('b', '330206001')]
          : [unit('b', '330206001')];
      },
    };
    const base = {
      form_id: 'f',
      reason: 'r',
      created_by: null,
      created_at: new Date(),
      revoked_by: null,
      revoked_at: null,
      revoke_reason: null,
    };
    const set = await expectedUnits(
      register,
      [{ sections: ['C'] }, { sections: ['D'] }],
      [
        { ...base, id: '1', unit_id: 'x', action: 'add', from_period: '2026-01', until_period: null },
        { ...base, id: '2', unit_id: 'b', action: 'remove', from_period: '2026-01', until_period: null },
        { ...base, id: '3', unit_id: 'a', action: 'add', from_period: '2026-01', until_period: null },
      ],
      parsePeriod('2026-02')!,
      undefined,
    );
    expect(set.units.map((u) => [u.id, u.basis])).toEqual([
      ['a', 'rule'],
      ['x', 'added'],
    ]);
    expect(set.counts).toEqual({ expected: 2, matchedByRules: 2, added: 1, removed: 1 });
  });
});
