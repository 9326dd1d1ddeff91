import { describe, expect, it } from 'vitest';
import { describeAnomaly, hidiroglouBerthelot, modifiedZScores } from '../../analysis/index.ts';
import { mulberry32 } from '../../registry/domain/prng.ts';
import { detectAnomalies, MIN_PAIRS, type PeriodColumns, reasonOf } from './anomalies.ts';

const tests = { hidiroglouBerthelot, modifiedZScores, describe: describeAnomaly };
const cells = [{ ref: 'A01.current', indicator: 'A01', column: 'current' }];
const bases = [
  { basis: 'previous' as const, period: '2026-09' },
  { basis: 'last_year' as const, period: '2025-10' },
];

/** n units growing ~2% a month (± noise), ~5% a year; `patch` changes one unit's figures. */
function population(n: number, patch: (i: number, v: { now: number; prev: number; ly: number }) => void) {
  const random = mulberry32(7);
  const unitIds = Array.from({ length: n }, (_, i) => `u${String(i).padStart(3, '0')}`);
  const column = (period: string): PeriodColumns => ({
    period,
    unitIds,
    cells: new Map([['A01.current', new Float64Array(n)]]),
  });
  const [now, prev, ly] = [column('2026-10'), column('2026-09'), column('2025-10')];
  for (let i = 0; i < n; i++) {
    const size = 100 + 1000 * random();
    const v = {
      prev: size,
      now: size * (1.02 + 0.04 * (random() - 0.5)),
      ly: size / (1.05 + 0.04 * (random() - 0.5)),
    };
    patch(i, v);
    now.cells.get('A01.current')![i] = v.now;
    prev.cells.get('A01.current')![i] = v.prev;
    ly.cells.get('A01.current')![i] = v.ly;
  }
  return [now, prev, ly];
}

describe('detectAnomalies', () => {
  it('flags a tenfold jump by both tests against both bases, with the figures in both languages', () => {
    const columns = population(40, (i, v) => {
      if (i === 7) v.now = v.prev * 10;
    });
    const r = detectAnomalies(tests, { cells, period: '2026-10', bases, columns });
    expect(r.units).toBe(40);
    expect(r.flagged.map((f) => f.unitId)).toEqual(['u007']);
    const [f] = r.flagged;
    expect(f.value).toBeCloseTo(f.previous! * 10);
    expect(f.findings.map((x) => `${x.test}:${x.basis}`).sort()).toEqual([
      'hb:last_year',
      'hb:previous',
      'mz:last_year',
      'mz:previous',
    ]);
    const hb = f.findings.find((x) => x.test === 'hb' && x.basis === 'previous')!;
    expect(hb).toMatchObject({ side: 'high', basePeriod: '2026-09' });
    expect(hb.ratio).toBeCloseTo(10);
    if (hb.test !== 'hb') throw new Error('hb');
    expect(hb.effect).toBeGreaterThan(hb.upper);
    expect(hb.strength).toBeGreaterThan(1);
    const why = reasonOf(tests, hb);
    expect(why['zh-CN']).toContain('上期（2026-09）');
    expect(why['zh-CN']).toContain('高于上限');
    expect(why['en-US']).toContain('above the upper bound');
    const ly = f.findings.find((x) => x.test === 'hb' && x.basis === 'last_year')!;
    expect(reasonOf(tests, ly)['zh-CN']).toContain('本期与上年同期之比');
    expect(reasonOf(tests, ly)['en-US']).toContain('Ratio to the same period last year');
    const mz = f.findings.find((x) => x.test === 'mz' && x.basis === 'previous')!;
    if (mz.test !== 'mz') throw new Error('mz');
    expect(Math.abs(mz.score)).toBeGreaterThan(3.5);
    expect(mz.scale.kind).toBe('mad');
    expect(reasonOf(tests, mz)['en-US']).toMatch(/ratio 10; Modified z-score [\d.]+ exceeds 3.5/);
    expect(f.strength).toBe(Math.max(...f.findings.map((x) => x.strength)));
    const tested = r.tests.find((t) => t.basis === 'previous')!;
    expect(tested).toMatchObject({ pairs: 40, skipped: null, hb: { flagged: 1 }, mz: { flagged: 1 } });
  });

  it('flags a collapse on the low side and orders by strength', () => {
    const columns = population(40, (i, v) => {
      if (i === 3) v.now = v.prev / 10;
      if (i === 9) v.now = v.prev * 3;
    });
    const r = detectAnomalies(tests, { cells, period: '2026-10', bases: bases.slice(0, 1), columns });
    expect(r.flagged.map((f) => f.unitId).sort()).toEqual(['u003', 'u009']);
    const low = r.flagged.find((f) => f.unitId === 'u003')!;
    expect(low.findings.find((x) => x.test === 'hb')).toMatchObject({ side: 'low' });
    expect(r.flagged[0].strength).toBeGreaterThanOrEqual(r.flagged[1].strength);
  });

  it('does not test a cell with fewer than the minimum of pairs, nor zeros and missing bases', () => {
    const columns = population(MIN_PAIRS, (i, v) => {
      if (i === 0) v.now = v.prev * 10;
      if (i === 1) v.prev = 0;
    });
    const r = detectAnomalies(tests, { cells, period: '2026-10', bases: bases.slice(0, 1), columns });
    expect(r.tests[0]).toMatchObject({ pairs: MIN_PAIRS - 1, skipped: 'too_few_pairs', hb: null });
    expect(r.flagged).toEqual([]);
  });

  it('leaves HB out when most units repeat last month exactly (no spread), and the z-score too', () => {
    const columns = population(30, (i, v) => {
      v.now = v.prev;
      if (i === 5) v.now = v.prev * 1.2;
    });
    const r = detectAnomalies(tests, { cells, period: '2026-10', bases: bases.slice(0, 1), columns });
    expect(r.tests[0]).toMatchObject({ hb: 'no_spread' });
    // The z-score falls back on the mean absolute deviation: one change among equals stands out.
    expect(r.flagged.map((f) => [f.unitId, f.findings.map((x) => x.test)])).toEqual([['u005', ['mz']]]);
  });

  it('flags nothing in an ordinary population', () => {
    const r = detectAnomalies(tests, { cells, period: '2026-10', bases, columns: population(40, () => {}) });
    expect(r.flagged).toEqual([]);
    expect(r.tests.every((t) => t.skipped === null)).toBe(true);
  });
});
