import { describe, expect, it } from 'vitest';
import { assessCell, buildSdcTable, DEFAULT_SDC_RULES } from './sdc.ts';
import { randomTable } from './sdc-fixtures.ts';
import { EqualityPolytope } from './simplex.ts';
import {
  auditTable,
  auditWitnesses,
  differencingAttack,
  protectionHolds,
  protectTable,
} from './suppression.ts';
import { exactWitness } from './witness.ts';

describe('primary rules', () => {
  it('frequency: one or two units are sensitive, an empty cell is not', () => {
    const noDominance = { ...DEFAULT_SDC_RULES, dominance: [] };
    expect(assessCell({ value: '500', count: 2, top: ['300', '200'] }, noDominance)).toEqual({
      sensitive: true,
      reasons: ['frequency'],
      protection: 50, // 10% of the value
    });
    // Under the default rules two units are also 100% dominant: the larger protection wins.
    const both = assessCell({ value: '500', count: 2, top: ['300', '200'] });
    expect(both.reasons).toEqual(['frequency', 'dominance']);
    expect(both.protection).toBeCloseTo(500 / 0.9 - 500, 9);
    expect(assessCell({ value: '0', count: 0, top: [] }).sensitive).toBe(false);
    expect(assessCell({ value: '0', count: 1, top: ['0'] }).protection).toBe(1); // minProtection
    expect(assessCell({ value: '900', count: 3, top: ['300', '300'] }).sensitive).toBe(false);
  });

  it('dominance (1, 85) and (2, 90) decided exactly at the boundary', () => {
    // 85 of 100 is not more than 85%; 85.01 is.
    expect(assessCell({ value: '100', count: 5, top: ['85', '4'] }).sensitive).toBe(false);
    const top1 = assessCell({ value: '100', count: 5, top: ['85.01', '4'] });
    expect(top1.reasons).toEqual(['dominance']);
    expect(top1.protection).toBe(1); // 85.01 / 0.85 − 100 ≈ 0.0118, raised to minProtection
    expect(assessCell({ value: '100', count: 5, top: ['60', '30'] }).sensitive).toBe(false); // exactly 90%
    const top2 = assessCell({ value: '100', count: 5, top: ['60', '35'] });
    expect(top2.reasons).toEqual(['dominance']);
    expect(top2.protection).toBeCloseTo(95 / 0.9 - 100, 9);
  });

  it('p%: the runner-up must not estimate the leader within p%', () => {
    const rules = { ...DEFAULT_SDC_RULES, dominance: [], pPercent: 10 };
    // T − x1 − x2 = 5 < 10% of 60 = 6 → sensitive, protection 6 − 5 = 1.
    const a = assessCell({ value: '100', count: 4, top: ['60', '35'] }, rules);
    expect(a.reasons).toEqual(['p-percent']);
    expect(a.protection).toBe(1);
    const b = assessCell({ value: '1000', count: 4, top: ['600', '300'] }, rules); // 100 ≥ 60
    expect(b.sensitive).toBe(false);
    expect(assessCell({ value: '100', count: 4, top: ['60', '34.5'] }, rules).protection).toBe(1); // 0.5 → minProtection
  });
});

describe('the table and its audit', () => {
  const rows = { code: 'city', children: [{ code: 'a' }, { code: 'b' }] };
  const cols = { code: 'all', children: [{ code: 'x' }, { code: 'y' }] };
  const grid: Record<string, number> = { 'a|x': 10, 'a|y': 20, 'b|x': 30, 'b|y': 40 };
  const value = (r: string, c: string) =>
    Object.entries(grid)
      .filter(([k]) => (r === 'city' || k.startsWith(`${r}|`)) && (c === 'all' || k.endsWith(`|${c}`)))
      .reduce((s, [, v]) => s + v, 0);
  const table = buildSdcTable(rows, cols, (r, c) => ({
    value: String(value(r, c)),
    count: 5,
    top: ['1', '1'],
  }));

  it('checks additivity exactly', () => {
    expect(() =>
      buildSdcTable(rows, cols, (r, c) => ({
        value: r === 'city' && c === 'all' ? '101' : String(value(r, c)),
        count: 5,
        top: ['1', '1'],
      })),
    ).toThrow(/sum of its parts/);
  });

  it('a simplex answers small LPs', () => {
    // x + y = 10, x − z = 3: x ∈ [3, 10].
    const p = new EqualityPolytope(
      [
        [1, 1, 0],
        [1, 0, -1],
      ],
      [10, 3],
      3,
    );
    expect(p.minimize([1, 0, 0])).toBeCloseTo(3, 9);
    expect(-p.minimize([-1, 0, 0])).toBeCloseTo(10, 9);
    expect(-p.minimize([0, 0, -1])).toBeCloseTo(7, 9);
    expect(new EqualityPolytope([[1, 1]], [-1], 2).feasible).toBe(false);
    expect(new EqualityPolytope([[1, -1]], [0], 2).minimize([0, -1])).toBe(Number.NEGATIVE_INFINITY);
  });

  it('the audit gives the exact interval of a 2 × 2 rectangle', () => {
    // Rows a, b; cols x, y: 10 20 / 30 40. Hide the four inner cells: a|x ∈ [0, 30].
    const hidden = table.values.map(() => false);
    const at = (r: string, c: string) => table.rows.indexOf(r) * table.cols.length + table.cols.indexOf(c);
    for (const k of ['a|x', 'a|y', 'b|x', 'b|y']) hidden[at(...(k.split('|') as [string, string]))] = true;
    const iv = auditTable(table, hidden);
    expect(iv.get(at('a', 'x'))!.lower).toBeCloseTo(0, 9);
    expect(iv.get(at('a', 'x'))!.upper).toBeCloseTo(30, 9);
    expect(iv.get(at('b', 'y'))!.lower).toBeCloseTo(30, 9);
    expect(iv.get(at('b', 'y'))!.upper).toBeCloseTo(60, 9);
    expect(differencingAttack(table, hidden).size).toBe(0);
    // Hide one cell alone: a difference gives it back, and the audit pins it.
    const one = table.values.map((_, i) => i === at('a', 'x'));
    expect(differencingAttack(table, one).get(at('a', 'x'))).toBe(10);
    const pinned = auditTable(table, one).get(at('a', 'x'))!;
    expect(pinned.lower).toBeCloseTo(10, 9);
    expect(pinned.upper).toBeCloseTo(10, 9);
    expect(protectionHolds(10, 1, { lower: 10, upper: 10 })).toBe(false);
  });
});

describe('secondary suppression', () => {
  const cases = [
    { name: 'flat margins', flat: true, counties: 6, sections: [4, 4, 4] },
    { name: 'sections under the total', flat: false, counties: 6, sections: [3, 4, 2, 3] },
    {
      name: 'townships under counties × sections',
      flat: false,
      counties: 3,
      townships: 3,
      sections: [3, 1, 2],
    },
    {
      name: 'one-way: the city by division under sections',
      flat: false,
      oneWay: true,
      counties: 1,
      sections: [4, 1, 6, 3],
    },
    {
      name: '10 counties × 40 divisions in 8 sections',
      flat: false,
      counties: 10,
      sections: [5, 5, 5, 5, 5, 5, 5, 5],
    },
  ];
  for (const c of cases) {
    it(`protects every sensitive cell: ${c.name}`, () => {
      const seeds = c.counties === 10 ? [1, 2] : [1, 2, 3, 4, 5, 6];
      let naiveRecoveries = 0;
      for (const seed of seeds) {
        const table = randomTable({ seed, ...c });
        const primaries = table.assessments.flatMap((a, i) => (a.sensitive ? [i] : []));
        expect(primaries.length).toBeGreaterThan(0);
        const result = protectTable(table);
        const suppressed = result.status.map((s) => s !== 'published');
        // The audit the function returns is a fresh one over the final table.
        const audit = auditTable(table, suppressed);
        for (const p of primaries) {
          expect(result.status[p]).toBe('primary');
          const iv = audit.get(p)!;
          const prot = table.assessments[p].protection;
          expect(protectionHolds(table.values[p], prot, iv), `cell ${p} ${JSON.stringify(iv)}`).toBe(true);
          expect(iv.upper - iv.lower).toBeGreaterThan(0);
        }
        // The audit's constructive side, checked by adding up: for some primary cells, two whole
        // tables agreeing with everything published, with the cell beyond its protection each way.
        const scale = Math.max(...table.values);
        for (const p of primaries.slice(0, 12)) {
          const { low, high } = auditWitnesses(table, suppressed, p);
          const prot = table.assessments[p].protection;
          for (const w of high ? [low, high] : [low]) {
            for (const eq of table.equations) {
              const parts = eq.parts.reduce((acc, q) => acc + w[q], 0);
              expect(Math.abs(w[eq.total] - parts)).toBeLessThan(1e-6 * scale);
            }
            for (let i = 0; i < w.length; i++) {
              expect(w[i]).toBeGreaterThan(-1e-6 * scale);
              if (!suppressed[i]) expect(w[i]).toBe(table.values[i]);
            }
          }
          if (high) expect(high[p]).toBeGreaterThanOrEqual(table.values[p] + prot - 1e-6 * scale);
          expect(low[p]).toBeLessThanOrEqual(
            table.values[p] - Math.min(prot, table.values[p]) + 1e-6 * scale,
          );
        }
        // Differences of rows, columns and totals recover no sensitive cell.
        expect(
          [...differencingAttack(table, suppressed).keys()].filter((k) => primaries.includes(k)),
        ).toEqual([]);
        // Without secondary suppression the same attack recovers sensitive cells (it has teeth).
        const onlyPrimary = table.assessments.map((a) => a.sensitive);
        const naive = differencingAttack(table, onlyPrimary);
        naiveRecoveries += [...naive.keys()].filter((k) => primaries.includes(k)).length;
        for (const [k, v] of naive) expect(v).toBeCloseTo(table.values[k], 6);
        // Secondary suppression stays a minority of published cells.
        expect(result.status.filter((s) => s === 'secondary').length).toBeLessThan(table.values.length / 2);
      }
      expect(naiveRecoveries).toBeGreaterThan(0);
    });
  }

  it('protects a lone small unit whose column is otherwise empty (no zero cell counts as cover)', () => {
    const rows = { code: 'city', children: [{ code: 'a' }, { code: 'b' }, { code: 'c' }] };
    const cols = { code: 'all', children: [{ code: 'x' }, { code: 'y' }, { code: 'z' }] };
    const leaf: Record<string, number[]> = {
      'a|x': [1],
      'a|y': [40, 30, 20, 10],
      'b|y': [50, 40, 30],
      'c|y': [9, 8, 7, 6],
      'a|z': [5, 5, 5],
      'b|z': [70, 60, 50],
      'c|z': [8, 8, 8, 8],
    };
    const units = (r: string, c: string) =>
      Object.entries(leaf)
        .filter(([k]) => (r === 'city' || k.startsWith(`${r}|`)) && (c === 'all' || k.endsWith(`|${c}`)))
        .flatMap(([, v]) => v)
        .sort((p, q) => q - p);
    const table = buildSdcTable(rows, cols, (r, c) => {
      const u = units(r, c);
      return u.length
        ? { value: String(u.reduce((s, v) => s + v, 0)), count: u.length, top: u.slice(0, 2).map(String) }
        : undefined;
    });
    const result = protectTable(table);
    const suppressed = result.status.map((s) => s !== 'published');
    const audit = auditTable(table, suppressed);
    const ax = table.rows.indexOf('a') * table.cols.length + table.cols.indexOf('x');
    expect(result.status[ax]).toBe('primary');
    // The city's x total is the lone unit's value: it must be hidden too, and the audit agrees.
    expect(result.status[table.rows.indexOf('city') * table.cols.length + table.cols.indexOf('x')]).not.toBe(
      'published',
    );
    expect(audit.get(ax)!.upper).toBeGreaterThanOrEqual(2);
    expect(differencingAttack(table, suppressed).has(ax)).toBe(false);
  });

  it('keeps auditing until protected when the protection is large', () => {
    const rules = { ...DEFAULT_SDC_RULES, frequencyProtectionPercent: 60, minProtection: 50 };
    for (const seed of [3, 4]) {
      const table = randomTable({ seed, counties: 5, sections: [3, 3, 2] }, rules);
      const result = protectTable(table);
      const audit = auditTable(
        table,
        result.status.map((s) => s !== 'published'),
      );
      for (let p = 0; p < table.values.length; p++) {
        if (!table.assessments[p].sensitive) continue;
        expect(protectionHolds(table.values[p], table.assessments[p].protection, audit.get(p)!)).toBe(true);
      }
    }
  });

  it('repairs from the audit alone when started from the primary cells', () => {
    for (const seed of [1, 2]) {
      const table = randomTable({ seed, counties: 5, townships: 2, sections: [3, 1, 2] });
      const result = protectTable(table, { hypercube: false });
      expect(result.rounds).toBeGreaterThan(1);
      const suppressed = result.status.map((s) => s !== 'published');
      const audit = auditTable(table, suppressed);
      for (let p = 0; p < table.values.length; p++) {
        if (!table.assessments[p].sensitive) continue;
        expect(protectionHolds(table.values[p], table.assessments[p].protection, audit.get(p)!)).toBe(true);
        expect(differencingAttack(table, suppressed).has(p)).toBe(false);
      }
    }
  });

  it('publishes everything when nothing is sensitive, and hides the lot when the total itself is', () => {
    const rows = { code: 'city', children: [{ code: 'a' }, { code: 'b' }] };
    const cols = { code: 'all', children: [{ code: 'x' }, { code: 'y' }] };
    const many = buildSdcTable(rows, cols, (r, c) => {
      const n = (r === 'city' ? 2 : 1) * (c === 'all' ? 2 : 1);
      return { value: String(100 * n), count: 10 * n, top: ['10', '10'] };
    });
    expect(protectTable(many).status.every((s) => s === 'published')).toBe(true);
    // Two units in the whole table (a, x) and (b, y): even the grand total discloses them.
    const two = buildSdcTable(rows, cols, (r, c) => {
      const units = [r !== 'b' && c !== 'y' ? 600 : 0, r !== 'a' && c !== 'x' ? 400 : 0].filter((v) => v > 0);
      return units.length
        ? {
            value: String(units.reduce((p, q) => p + q)),
            count: units.length,
            top: units.map(String).sort((p, q) => Number(q) - Number(p)),
          }
        : undefined;
    });
    const result = protectTable(two);
    const suppressed = result.status.map((s) => s !== 'published');
    expect(suppressed[0]).toBe(true); // the grand total
    const audit = auditTable(two, suppressed);
    expect(audit.get(0)!.upper).toBe(Number.POSITIVE_INFINITY);
    for (let p = 0; p < two.values.length; p++) {
      if (two.assessments[p].sensitive) {
        expect(protectionHolds(two.values[p], two.assessments[p].protection, audit.get(p)!)).toBe(true);
      }
    }
  });

  it('protects under the p% rule with a larger protection level', () => {
    const rules = { ...DEFAULT_SDC_RULES, pPercent: 15, frequencyProtectionPercent: 20 };
    const table = randomTable({ seed: 9, counties: 5, sections: [3, 3, 3] }, rules);
    const result = protectTable(table);
    const audit = auditTable(
      table,
      result.status.map((s) => s !== 'published'),
    );
    for (let p = 0; p < table.values.length; p++) {
      if (!table.assessments[p].sensitive) continue;
      expect(protectionHolds(table.values[p], table.assessments[p].protection, audit.get(p)!)).toBe(true);
    }
  });
});

describe('exact audit witnesses', () => {
  it('rebuild each primary cell’s extreme tables in rationals and check them exactly', () => {
    for (const seed of [1, 2, 3]) {
      const table = randomTable({
        seed,
        counties: 4,
        townships: seed === 3 ? 2 : undefined,
        sections: [3, 1, 2],
      });
      const suppressed = protectTable(table).status.map((s) => s !== 'published');
      for (let p = 0; p < table.values.length; p++) {
        const a = table.assessments[p];
        if (!a.sensitive) continue;
        const value = table.values[p];
        const low = exactWitness(table, suppressed, p, 'low')!;
        expect(low.verified).toBe(true);
        const lowAt = low.cells.get(p)!;
        // The witness is exact; the protection level is a double, so the comparison is too.
        expect(Number(lowAt.n) / Number(lowAt.d)).toBeLessThanOrEqual(
          value - Math.min(a.protection, value) + 1e-9,
        );
        const high = exactWitness(table, suppressed, p, 'high');
        if (high) {
          expect(high.verified).toBe(true);
          const highAt = high.cells.get(p)!;
          expect(Number(highAt.n) / Number(highAt.d)).toBeGreaterThanOrEqual(value + a.protection - 1e-9);
        }
      }
    }
  });
});
