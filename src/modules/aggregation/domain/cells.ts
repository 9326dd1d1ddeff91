/**
 * Aggregate cells (汇总单元): for each (cell key, indicator) the exact sum of approved values, the
 * count of contributing units, and — for disclosure control — which units contribute how much.
 *
 * Why the accumulator keeps each unit's contribution: an approval can be returned (退回) or
 * reopened and corrected later, and disclosure control needs the largest one or two contributions
 * of a cell. A running maximum cannot be maintained under deletion (removing the top unit needs
 * the next one, and so on), so the accumulator stores every unit's last applied contribution once
 * (unit → its cell keys and values) and each cell the set of its units. A removal subtracts the
 * exact stored value — never a recomputed one — so sums stay exact; the top-k of a cell is computed
 * on demand from the stored contributions (O(n) per cell, asked only when a table is published).
 * The database version mirrors this: a contributions table keyed by (unit, cell, indicator).
 *
 * A unit contributes to an indicator's cells only when it has a value (null = not reported);
 * a reported zero counts as a contribution (the unit is in the cell for the frequency rule).
 */
import { add, type Dec, decToText, normalize, parseDec, sub } from '../../../platform/decimal.ts';

/** What one approved submission contributes: its cells (from cuts.ts) and its indicator values. */
export interface UnitContribution {
  unitId: string;
  cells: readonly string[];
  /** indicator code → decimal text ("1250.5"), or null when not reported. */
  values: Readonly<Record<string, string | null>>;
}

/** A cell's published state, with the sum as canonical decimal text. */
export interface CellTotal {
  cell: string;
  indicator: string;
  sum: string;
  count: number;
}

interface CellState {
  /** Exact, not normalised while accumulating (normalising costs a bigint loop per add). */
  sum: Dec;
  units: Set<string>;
}

interface StoredUnit {
  cells: readonly string[];
  values: Map<string, Dec>;
}

/** The incremental accumulator; `recompute` builds the same state from scratch. */
export class AggregateCells {
  private readonly units = new Map<string, StoredUnit>();
  /** cell key → indicator → state: two short-key lookups beat hashing a concatenated key. */
  private readonly cells = new Map<string, Map<string, CellState>>();

  /** Full recomputation from the currently approved contributions. */
  static recompute(contributions: Iterable<UnitContribution>): AggregateCells {
    const agg = new AggregateCells();
    for (const c of contributions) agg.apply(c);
    return agg;
  }

  /** Adds an approved unit's contribution (审核通过); a unit already present is replaced. */
  apply(contribution: UnitContribution): void {
    if (this.units.has(contribution.unitId)) this.remove(contribution.unitId);
    const values = new Map<string, Dec>();
    for (const [indicator, raw] of Object.entries(contribution.values)) {
      if (raw === null) continue;
      const v = parseDec(raw);
      if (!v) throw new Error(`unit ${contribution.unitId}: ${indicator} is not a decimal: ${raw}`);
      values.set(indicator, v);
    }
    const cells = [...new Set(contribution.cells)];
    this.units.set(contribution.unitId, { cells, values });
    if (values.size === 0) return;
    for (const cell of cells) {
      let byIndicator = this.cells.get(cell);
      if (!byIndicator) {
        byIndicator = new Map();
        this.cells.set(cell, byIndicator);
      }
      for (const [indicator, v] of values) {
        const state = byIndicator.get(indicator);
        if (state) {
          state.sum = add(state.sum, v);
          state.units.add(contribution.unitId);
        } else {
          byIndicator.set(indicator, { sum: v, units: new Set([contribution.unitId]) });
        }
      }
    }
  }

  /** Takes a unit's contribution out (退回 / reopened); false when it was not in. */
  remove(unitId: string): boolean {
    const stored = this.units.get(unitId);
    if (!stored) return false;
    for (const cell of stored.cells) {
      const byIndicator = this.cells.get(cell);
      if (!byIndicator) continue; // the unit had no values
      for (const [indicator, v] of stored.values) {
        const state = byIndicator.get(indicator)!;
        state.units.delete(unitId);
        if (state.units.size === 0) {
          // The last unit leaves: the cell disappears, as it would from a recomputation.
          if (sub(state.sum, v).c !== 0n)
            throw new Error(`cell ${cell} ${indicator} drifted from its contributions`);
          byIndicator.delete(indicator);
        } else {
          state.sum = sub(state.sum, v);
        }
      }
      if (byIndicator.size === 0) this.cells.delete(cell);
    }
    this.units.delete(unitId);
    return true;
  }

  /** A corrected resubmission (更正): the old contribution out, the new one in. */
  replace(contribution: UnitContribution): void {
    this.apply(contribution);
  }

  has(unitId: string): boolean {
    return this.units.has(unitId);
  }

  /** The exact sum and count of a cell, or null when no unit contributes. */
  get(cell: string, indicator: string): { sum: Dec; count: number } | null {
    const state = this.cells.get(cell)?.get(indicator);
    return state ? { sum: normalize(state.sum), count: state.units.size } : null;
  }

  /** Each contributing unit's value in a cell, largest first (ties by unit id, for determinism). */
  contributions(cell: string, indicator: string): { unitId: string; value: Dec }[] {
    const state = this.cells.get(cell)?.get(indicator);
    if (!state) return [];
    const out = [...state.units].map((unitId) => ({
      unitId,
      value: this.units.get(unitId)!.values.get(indicator)!,
    }));
    return out.sort((a, b) => cmp(b.value, a.value) || (a.unitId < b.unitId ? -1 : 1));
  }

  /** The k largest contributions of a cell (k = 2 for the dominance and p% rules), largest first. */
  top(cell: string, indicator: string, k = 2): Dec[] {
    const state = this.cells.get(cell)?.get(indicator);
    if (!state) return [];
    const best: Dec[] = [];
    for (const unitId of state.units) {
      const v = this.units.get(unitId)!.values.get(indicator)!;
      let i = best.length;
      while (i > 0 && cmp(best[i - 1], v) < 0) i--;
      if (i < k) {
        best.splice(i, 0, v);
        if (best.length > k) best.pop();
      }
    }
    return best;
  }

  /** What disclosure control reads of a cell (sdc.ts SdcCell): sum, count and the top two. */
  disclosureView(cell: string, indicator: string): { value: Dec; count: number; top: Dec[] } | undefined {
    const totals = this.get(cell, indicator);
    return totals ? { value: totals.sum, count: totals.count, top: this.top(cell, indicator, 2) } : undefined;
  }

  /** Every cell, sorted by cell then indicator: the form two accumulators are compared in. */
  snapshot(): CellTotal[] {
    const out: CellTotal[] = [];
    for (const [cell, byIndicator] of this.cells) {
      for (const [indicator, state] of byIndicator) {
        out.push({ cell, indicator, sum: decToText(state.sum), count: state.units.size });
      }
    }
    return out.sort((a, b) =>
      a.cell < b.cell
        ? -1
        : a.cell > b.cell
          ? 1
          : a.indicator < b.indicator
            ? -1
            : a.indicator > b.indicator
              ? 1
              : 0,
    );
  }
}

function cmp(a: Dec, b: Dec): number {
  const d = sub(a, b).c;
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}
