import { describe, expect, it } from 'vitest';
import { add, decToText, parseDec, ZERO } from '../../../platform/decimal.ts';
import { mulberry32 } from '../../registry/domain/prng.ts';
import { AggregateCells, type UnitContribution } from './cells.ts';
import { compileCuts, STANDARD_CUTS } from './cuts.ts';

const keysOf = compileCuts(STANDARD_CUTS, [{ id: 'equipment', codes: ['34', '35'] }]);

/** An oracle that shares no code with the accumulator: group, then sum. */
function naiveTotals(contributions: Iterable<UnitContribution>) {
  const sums = new Map<string, { sum: ReturnType<typeof parseDec>; count: number }>();
  for (const c of contributions) {
    for (const cell of new Set(c.cells)) {
      for (const [indicator, raw] of Object.entries(c.values)) {
        if (raw === null) continue;
        const key = JSON.stringify([cell, indicator]);
        const was = sums.get(key) ?? { sum: ZERO, count: 0 };
        sums.set(key, { sum: add(was.sum!, parseDec(raw)!), count: was.count + 1 });
      }
    }
  }
  return [...sums]
    .map(([key, v]) => {
      const [cell, indicator] = JSON.parse(key) as [string, string];
      return { cell, indicator, sum: decToText(v.sum!), count: v.count };
    })
    .sort((a, b) => (a.cell < b.cell ? -1 : a.cell > b.cell ? 1 : a.indicator < b.indicator ? -1 : 1));
}

describe('aggregate cells', () => {
  it('sums exactly, counts contributors and keeps the top two under removal', () => {
    const agg = new AggregateCells();
    const cells = ['c:1', 'c:2'];
    agg.apply({ unitId: 'a', cells, values: { output: '0.1', jobs: '3' } });
    agg.apply({ unitId: 'b', cells: ['c:1'], values: { output: '0.2', jobs: null } });
    agg.apply({ unitId: 'c', cells: ['c:1'], values: { output: '0.7' } });
    expect(decToText(agg.get('c:1', 'output')!.sum)).toBe('1');
    expect(agg.get('c:1', 'output')!.count).toBe(3);
    expect(agg.get('c:1', 'jobs')!.count).toBe(1);
    expect(agg.top('c:1', 'output').map((d) => decToText(d))).toEqual(['0.7', '0.2']);
    agg.remove('c');
    expect(agg.top('c:1', 'output').map((d) => decToText(d))).toEqual(['0.2', '0.1']);
    expect(agg.contributions('c:1', 'output').map((x) => x.unitId)).toEqual(['b', 'a']);
    agg.replace({ unitId: 'a', cells: ['c:2'], values: { output: '5' } });
    expect(decToText(agg.get('c:1', 'output')!.sum)).toBe('0.2');
    expect(agg.get('c:1', 'jobs')).toBeNull();
    expect(decToText(agg.get('c:2', 'output')!.sum)).toBe('5');
    expect(agg.remove('zzz')).toBe(false);
    const view = agg.disclosureView('c:1', 'output')!;
    expect([decToText(view.value), view.count, view.top.map((d) => decToText(d))]).toEqual([
      '0.2',
      1,
      ['0.2'],
    ]);
    expect(agg.disclosureView('c:9', 'output')).toBeUndefined();
    expect(() => agg.apply({ unitId: 'x', cells, values: { output: '1e3' } })).toThrow(/decimal/);
  });

  it('incremental approve / return / reopen / correct equals a full recomputation, exactly', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const rnd = mulberry32(seed);
      const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
      const townships = ['330203001', '330203002', '330205001', '330281101', '330212003'];
      const classes = ['3411', '3511', '1311', '5211', '7010', '3911'];
      const value = () =>
        rnd() < 0.1 ? null : `${rnd() < 0.2 ? '-' : ''}${Math.floor(rnd() * 1e7)}.${Math.floor(rnd() * 100)}`;
      const submission = (unitId: string): UnitContribution => ({
        unitId,
        cells: keysOf({
          township: pick(townships),
          industryClass: pick(classes),
          sizeClass: pick(['large', 'medium', 'small', 'micro', null]),
          registrationType: pick(['110', '173', '310', null]),
        }),
        values: { output: value(), revenue: value(), jobs: `${Math.floor(rnd() * 500)}` },
      });
      const agg = new AggregateCells();
      const approved = new Map<string, UnitContribution>();
      const pending = new Map<string, UnitContribution>();
      for (let step = 0; step < 400; step++) {
        const unitId = `u${Math.floor(rnd() * 40)}`;
        const action = rnd();
        if (action < 0.4) {
          // 审核通过 (a first submission, or a pending correction)
          const c = pending.get(unitId) ?? submission(unitId);
          pending.delete(unitId);
          approved.set(unitId, c);
          agg.apply(c);
        } else if (action < 0.6 && approved.has(unitId)) {
          // 退回 / reopened: out of the aggregates until approved again
          pending.set(unitId, approved.get(unitId)!);
          approved.delete(unitId);
          expect(agg.remove(unitId)).toBe(true);
        } else if (action < 0.8 && approved.has(unitId)) {
          // 更正 of an approved report, classification may change too
          const c = submission(unitId);
          approved.set(unitId, c);
          agg.replace(c);
        } else if (pending.has(unitId)) {
          pending.set(unitId, submission(unitId)); // edited while returned; no effect yet
        }
        if (step % 50 === 49)
          expect(agg.snapshot()).toEqual(AggregateCells.recompute(approved.values()).snapshot());
      }
      const full = AggregateCells.recompute(approved.values());
      expect(agg.snapshot()).toEqual(full.snapshot());
      expect(agg.snapshot()).toEqual(naiveTotals(approved.values()));
      for (const { cell, indicator } of full.snapshot()) {
        expect(agg.top(cell, indicator, 3)).toEqual(full.top(cell, indicator, 3));
      }
    }
  });
});
