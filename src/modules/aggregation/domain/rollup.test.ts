import { describe, expect, it } from 'vitest';
import { type Cut, STANDARD_CUTS } from './cuts.ts';
import { derivable, planRollup } from './rollup.ts';

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
    for (const reports of [10, 2_000, 100_000]) {
      const steps = planRollup(STANDARD_CUTS, reports);
      expect(steps.map((s) => s.cut.id).sort()).toEqual(STANDARD_CUTS.map((c) => c.id).sort());
      const done = new Set<string>();
      for (const s of steps) {
        if (s.from.kind === 'cut') {
          expect(done.has(s.from.id), `${s.cut.id} from ${s.from.id}`).toBe(true);
          expect(
            derivable(s.cut, STANDARD_CUTS.find((c) => c.id === (s.from as { id: string }).id) as Cut),
          ).toBe(true);
        }
        done.add(s.cut.id);
      }
      // With more reports than cells in the fine cuts, 7 passes over the reports (the cuts nothing
      // finer gives) instead of 24.
      const fromReports = steps.filter((s) => s.from.kind === 'reports').length;
      if (reports >= 2_000) expect(fromReports).toBe(7);
    }
  });
});
