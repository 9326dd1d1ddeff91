/**
 * The pieces together, as the database side will call them: units → cell keys (cuts) →
 * accumulator (cells) → a county × industry table with its margins → disclosure control.
 */
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../registry/domain/prng.ts';
import { AggregateCells } from './cells.ts';
import { type Cut, compileCuts, sectionOf } from './cuts.ts';
import { buildSdcTable, type Hierarchy } from './sdc.ts';
import { auditTable, differencingAttack, protectionHolds, protectTable } from './suppression.ts';

const cuts: Cut[] = [
  { id: 'city', region: 'city' },
  { id: 'county', region: 'county' },
  { id: 'city×section', region: 'city', industry: 'section' },
  { id: 'county×section', region: 'county', industry: 'section' },
  { id: 'city×division', region: 'city', industry: 'division' },
  { id: 'county×division', region: 'county', industry: 'division' },
];

describe('aggregation pipeline', () => {
  it('publishes a county × industry table from approved units with every sensitive cell protected', () => {
    const rnd = mulberry32(7);
    const counties = ['330203', '330205', '330206', '330211', '330212', '330281'];
    const divisions = ['13', '14', '17', '26', '27', '34', '35', '38', '39', '44', '45', '51', '52'];
    const keysOf = compileCuts(cuts);
    const agg = new AggregateCells();
    for (let u = 0; u < 400; u++) {
      const county = counties[Math.floor(rnd() ** 1.5 * counties.length)];
      const division = divisions[Math.floor(rnd() * divisions.length)];
      agg.apply({
        unitId: `u${u}`,
        cells: keysOf({
          township: `${county}00${1 + Math.floor(rnd() * 5)}`,
          industryClass: `${division}${1 + Math.floor(rnd() * 3)}1`,
          sizeClass: null,
          registrationType: null,
        }),
        values: { output: `${Math.floor(rnd() ** 4 * 90000)}.${Math.floor(rnd() * 10)}` },
      });
    }
    const rows: Hierarchy = { code: '330200', children: counties.map((code) => ({ code })) };
    const sections = [...new Set(divisions.map(sectionOf))];
    const cols: Hierarchy = {
      code: 'total',
      children: sections.map((s) => ({
        code: s,
        children: divisions.filter((d) => sectionOf(d) === s).map((code) => ({ code })),
      })),
    };
    const keyOf = (row: string, col: string) => {
      const region = row === '330200' ? 'city' : 'county';
      if (col === 'total') return `${region}:${row}`;
      return `${region}×${/^[A-Z]$/.test(col) ? 'section' : 'division'}:${row}/${col}`;
    };
    // Additivity of the accumulator's cells is checked exactly by buildSdcTable.
    const table = buildSdcTable(rows, cols, (r, c) => agg.disclosureView(keyOf(r, c), 'output'));
    const result = protectTable(table);
    const suppressed = result.status.map((s) => s !== 'published');
    const audit = auditTable(table, suppressed);
    const primaries = table.assessments.flatMap((a, i) => (a.sensitive ? [i] : []));
    expect(primaries.length).toBeGreaterThan(3);
    for (const p of primaries) {
      expect(protectionHolds(table.values[p], table.assessments[p].protection, audit.get(p)!)).toBe(true);
    }
    expect(primaries.filter((p) => differencingAttack(table, suppressed).has(p))).toEqual([]);
  });
});
