/**
 * The full recompute's plan (全量重算的汇总路径): which cuts are summed from the microdata and
 * which are rolled up from a finer cut already summed.
 *
 * Summing every cut from the reports multiplies each unit's ~100 values by its ~22 cells: 220
 * million rows through a hash aggregate for 100,000 units. Most cuts are coarser versions of
 * another (county × section is township × section with townships merged; the city is the county
 * totals merged), so only a few are read from the reports and the rest are rolled up from much
 * smaller results. The plan is pure: a cut is derivable from another when every dimension it has
 * is in the source at the same or a finer level and everything the source has besides is a
 * partition (a named grouping is not one: units can be in two groupings or none, so a cut is
 * never summed over groupings).
 */
import type { Cut, IndustryLevel, RegionLevel } from './cuts.ts';

export type RollupSource = { kind: 'reports' } | { kind: 'cut'; id: string };

export interface RollupStep {
  cut: Cut;
  from: RollupSource;
}

const REGION_RANK: Record<RegionLevel, number> = { township: 0, county: 1, city: 2 };
const INDUSTRY_RANK: Record<Exclude<IndustryLevel, 'grouping'>, number> = {
  class: 0,
  group: 1,
  division: 2,
  section: 3,
};

/** Whether the cells of `target` are sums of cells of `source` (each source cell in exactly one). */
export function derivable(target: Cut, source: Cut): boolean {
  if (target.region) {
    if (!source.region || REGION_RANK[source.region] > REGION_RANK[target.region]) return false;
  }
  if (target.industry === 'grouping') {
    // A grouping is a set of classes (or of groups or divisions containing them): from the
    // classes, or from the same grouping at a finer region.
    if (source.industry !== 'grouping' && source.industry !== 'class') return false;
  } else if (target.industry) {
    if (!source.industry || source.industry === 'grouping') return false;
    if (INDUSTRY_RANK[source.industry] > INDUSTRY_RANK[target.industry]) return false;
  } else if (source.industry === 'grouping') {
    return false;
  }
  if (target.size && !source.size) return false;
  if (target.registration && !source.registration) return false;
  return true;
}

/**
 * Rough cell counts of a cut, for choosing the smallest source: the product of each dimension's
 * number of codes, capped by the number of reports (a cut cannot have more non-empty cells).
 */
export const DEFAULT_CARDINALITY = {
  region: { township: 150, county: 10, city: 1 } as Record<RegionLevel, number>,
  industry: { class: 400, group: 150, division: 35, section: 10, grouping: 3 } as Record<
    IndustryLevel,
    number
  >,
  size: 5,
  registration: 12,
};

export function estimateCells(cut: Cut, reports: number, card = DEFAULT_CARDINALITY): number {
  let n = 1;
  if (cut.region) n *= card.region[cut.region];
  if (cut.industry) n *= card.industry[cut.industry];
  if (cut.size) n *= card.size;
  if (cut.registration) n *= card.registration;
  return Math.min(n, reports);
}

/**
 * Orders the cuts finest first and gives each the cheapest source: the reports (a pass over every
 * unit's values, costed a little above a cut of as many cells because of the unnesting) or the
 * smallest finer cut already planned.
 */
export function planRollup(cuts: readonly Cut[], reports: number, card = DEFAULT_CARDINALITY): RollupStep[] {
  const size = (c: Cut) => estimateCells(c, reports, card);
  const ordered = [...cuts].sort((a, b) => size(b) - size(a) || a.id.localeCompare(b.id));
  const planned: Cut[] = [];
  const steps: RollupStep[] = [];
  for (const cut of ordered) {
    let best: RollupStep = { cut, from: { kind: 'reports' } };
    let bestCost = Math.max(reports, 1) * 1.3;
    for (const source of planned) {
      if (!derivable(cut, source)) continue;
      const cost = size(source);
      if (cost < bestCost) {
        best = { cut, from: { kind: 'cut', id: source.id } };
        bestCost = cost;
      }
    }
    steps.push(best);
    planned.push(cut);
  }
  return steps;
}
