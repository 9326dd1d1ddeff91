import { describe, expect, it } from 'vitest';
import { ScopeRule } from '../../../../../src/modules/surveys/contract.ts';
import { isEmptyRule, ruleFromValues, rulesFromValues, valuesFromRule } from './rules.ts';

describe('scope rules in the editor', () => {
  it('drops empty lists and blank numbers, keeps zero, trims and de-duplicates codes', () => {
    const rule = ruleFromValues({
      sections: ['B', 'C'],
      industryCodes: [' 39 ', '39', '401', ''],
      groupings: [],
      minRevenueThousandYuan: 20000,
      minEmployees: 0,
      sizeClasses: undefined,
      registrationTypes: [],
      division: null,
    });
    expect(rule).toEqual({
      sections: ['B', 'C'],
      industryCodes: ['39', '401'],
      minRevenueThousandYuan: 20000,
      minEmployees: 0,
    });
    // What the editor sends is what the server's contract accepts.
    expect(ScopeRule.safeParse(rule).success).toBe(true);
  });

  it('round-trips a rule from the server', () => {
    const rule = {
      sections: ['B', 'C', 'D'],
      minRevenueThousandYuan: 20000,
      division: '330203',
    } as ScopeRule;
    expect(ruleFromValues(valuesFromRule(rule))).toEqual(rule);
  });

  it('flags rules without a criterion (they would take in every unit)', () => {
    expect(isEmptyRule(ruleFromValues({ sections: [], minEmployees: null }))).toBe(true);
    const { rules, empty } = rulesFromValues([
      { groupings: ['high-tech-manufacturing'] },
      {},
      { minEmployees: 5 },
    ]);
    expect(rules).toHaveLength(3);
    expect(empty).toEqual([2]);
  });
});
