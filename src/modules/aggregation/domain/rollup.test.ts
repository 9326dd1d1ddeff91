import { describe, expect, it } from 'vitest';
import { type Cut, STANDARD_CUTS } from './cuts.ts';
import { derivable, INTERMEDIATE_CUTS, planRollup } from './rollup.ts';

const cut = (id: string) => STANDARD_CUTS.find((c) => c.id === id)!;

describe('the recompute plan', () => {
  it('rolls a cut up only from a finer one that partitions it', () => {
    expect(derivable(cut('county×section'), cut('township×section'))).toBe(true);
    expect(derivable(cut('county×section'), cut('county×division'))).toBe(true);
    expect(derivable(cut('city'), cut('county×size'))).toBe(true);
    // Coarser region or industry cannot give a finer one.
    expect(derivable(cut('township×section'), cut('county×section'))).toBe(false);
    expect(derivable(cut('county×division'), cut('county×section'))).toBe(false);
    // A grouping is not a partition: nothing is summed over groupings …
    expect(derivable(cut('county'), cut('township×grouping'))).toBe(false);
    // … and a grouping comes from the classes or the same grouping at a finer region.
    expect(derivable(cut('county×grouping'), cut('county×class'))).toBe(true);
    expect(derivable(cut('county×grouping'), cut('township×grouping'))).toBe(true);
    expect(derivable(cut('county×grouping'), cut('county×group'))).toBe(false);
    // Size and registration must be in the source to be in the result.
    expect(derivable(cut('city×size'), cut('city×division×size'))).toBe(true);
    expect(derivable(cut('city×division×size'), cut('city×division'))).toBe(false);
  });

  it('plans every cut once, each source before the cuts rolled up from it, and few passes over the reports', () => {
    const all = [...STANDARD_CUTS, ...INTERMEDIATE_CUTS];
    for (const reports of [10, 2_000, 20_000, 100_000]) {
      const steps = planRollup(STANDARD_CUTS, reports);
      const stored = steps.map((s) => s.cut.id).filter((id) => !INTERMEDIATE_CUTS.some((c) => c.id === id));
      expect(stored.sort()).toEqual(STANDARD_CUTS.map((c) => c.id).sort());
      const done = new Set<string>();
      for (const s of steps) {
        if (s.from.kind === 'cut') {
          const sourceId = s.from.id;
          expect(done.has(sourceId), `${s.cut.id} from ${sourceId}`).toBe(true);
          expect(derivable(s.cut, all.find((c) => c.id === sourceId) as Cut)).toBe(true);
        }
        done.add(s.cut.id);
      }
      // With more reports than cells in the fine cuts, 7 passes over the reports (the cuts nothing
      // finer gives) instead of 24; with many more, township × class takes three of them over.
      const fromReports = steps.filter((s) => s.from.kind === 'reports').length;
      if (reports >= 2_000 && reports < 90_000) expect(fromReports).toBe(7);
      if (reports >= 100_000) {
        expect(fromReports).toBe(5);
        const from = (id: string) => steps.find((s) => s.cut.id === id)!.from;
        for (const id of ['township×division', 'county×class', 'township×grouping'])
          expect(from(id), id).toEqual({ kind: 'cut', id: '_township×class' });
      }
    }
  });
});
