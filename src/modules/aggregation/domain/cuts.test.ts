import { describe, expect, it } from 'vitest';
import { type Cut, compileCuts, parseCellKey, regionCode, STANDARD_CUTS, sectionOf } from './cuts.ts';

const groupings = [
  { id: 'high-tech-manufacturing', codes: ['2710', '3911', '3912'] },
  { id: 'equipment-manufacturing', codes: ['33', '34', '35', '36', '37', '38', '39', '40'] },
];
const unit = { township: '330203001', industryClass: '3911', sizeClass: 'medium', registrationType: '173' };

describe('cuts', () => {
  it('walks the division hierarchy township → county → city', () => {
    expect(regionCode('330203001', 'township')).toBe('330203001');
    expect(regionCode('330203001', 'county')).toBe('330203');
    expect(regionCode('330203001', 'city')).toBe('330200');
    expect(() => regionCode('330203', 'city')).toThrow();
  });

  it('finds the GB/T 4754-2017 section of a division', () => {
    expect(sectionOf('01')).toBe('A');
    expect(sectionOf('13')).toBe('C');
    expect(sectionOf('43')).toBe('C');
    expect(sectionOf('44')).toBe('D');
    expect(sectionOf('70')).toBe('K');
    expect(sectionOf('97')).toBe('T');
    expect(() => sectionOf('98')).toThrow();
  });

  it('gives one key per cut, and one per grouping the class belongs to (class or division codes)', () => {
    const cuts: Cut[] = [
      { id: 'total' },
      { id: 'county×division', region: 'county', industry: 'division' },
      { id: 'city×class', region: 'city', industry: 'class' },
      {
        id: 'county×section×size×reg',
        region: 'county',
        industry: 'section',
        size: true,
        registration: true,
      },
      { id: 'city×grouping', region: 'city', industry: 'grouping' },
      { id: 'size', size: true },
      { id: 'industry-group', industry: 'group' },
    ];
    const keysOf = compileCuts(cuts, groupings);
    expect(keysOf(unit)).toEqual([
      'total:',
      'county×division:330203/39',
      'city×class:330200/3911',
      'county×section×size×reg:330203/C/medium/173',
      'city×grouping:330200/high-tech-manufacturing',
      'city×grouping:330200/equipment-manufacturing',
      'size:medium',
      'industry-group:391',
    ]);
    // Outside every grouping: no grouping cell; unknown size and type keep the totals additive.
    expect(
      keysOf({ township: '330281101', industryClass: '5211', sizeClass: null, registrationType: null }),
    ).toEqual([
      'total:',
      'county×division:330281/52',
      'city×class:330200/5211',
      'county×section×size×reg:330281/F/unknown/unknown',
      'size:unknown',
      'industry-group:521',
    ]);
  });

  it('round-trips keys through parseCellKey', () => {
    expect(parseCellKey('county×section×size×reg:330203/C/medium/173')).toEqual({
      cut: 'county×section×size×reg',
      values: ['330203', 'C', 'medium', '173'],
    });
    expect(parseCellKey('total:')).toEqual({ cut: 'total', values: [] });
  });

  it('has unique standard cut ids and rejects duplicates', () => {
    const keys = compileCuts(STANDARD_CUTS, groupings)(unit);
    const cuts = new Set(keys.map((k) => parseCellKey(k).cut));
    // Every standard cut yields a cell for this unit (it is in a grouping).
    expect(cuts.size).toBe(STANDARD_CUTS.length);
    expect(() => compileCuts([{ id: 'a' }, { id: 'a' }])).toThrow(/duplicate/);
  });
});
