/**
 * Staging (暂存) as pure rules: which statdb observations become which public cells, and what a
 * snapshot changes against the cells in force at the release minute — added, revised (value
 * changed: needs a note), restated (same value, new status or note) or unchanged (not written).
 */
import { compare, parseDec } from '../../../platform/decimal.ts';

export const CELL_DIMENSIONS = ['region', 'industry', 'size', 'regtype'] as const;
export type CellDimension = (typeof CELL_DIMENSIONS)[number];

export interface StagedCell {
  indicator: string;
  region: string;
  industry: string;
  size: string;
  regtype: string;
  period: string;
  value: string;
  status: 'preliminary' | 'revised' | 'final';
  note: string | null;
}

export interface CurrentCell extends StagedCell {
  id: number;
}

/** A cell's identity, whatever its value and vintage. */
export const cellKey = (c: Omit<StagedCell, 'value' | 'status' | 'note'>) =>
  `${c.indicator}|${c.region}|${c.industry}|${c.size}|${c.regtype}|${c.period}`;

/**
 * The public cells of one indicator's statdb observations: a dataset dimension takes the
 * observation's code; every other dimension is fixed at statdb's default (the city, `total`), so
 * only the whole's series of an indicator broken down further than the dataset is staged. Codes
 * selected per dimension narrow it; observations without a value (suppressed) are left out.
 */
export function cellsOf(
  observations: {
    indicator: string;
    dims: Record<string, string>;
    period: string;
    value: string | null;
    status: StagedCell['status'];
    note: string | null;
  }[],
  datasetDimensions: readonly string[],
  defaults: Record<CellDimension, string>,
  selected: Partial<Record<string, string[]>>,
): StagedCell[] {
  const wanted = new Map(Object.entries(selected).map(([d, codes]) => [d, new Set(codes)]));
  const out: StagedCell[] = [];
  for (const o of observations) {
    if (o.value === null) continue;
    if (wanted.has('indicator') && !wanted.get('indicator')!.has(o.indicator)) continue;
    const cell: StagedCell = {
      indicator: o.indicator,
      region: defaults.region,
      industry: defaults.industry,
      size: defaults.size,
      regtype: defaults.regtype,
      period: o.period,
      value: o.value,
      status: o.status,
      note: o.note,
    };
    let keep = true;
    for (const d of CELL_DIMENSIONS) {
      const code = o.dims[d];
      if (datasetDimensions.includes(d)) {
        if (code === undefined) keep = false;
        else cell[d] = code;
      } else if (code !== undefined && code !== defaults[d]) keep = false;
      if (keep && wanted.has(d) && !wanted.get(d)!.has(cell[d])) keep = false;
    }
    if (keep) out.push(cell);
  }
  return out;
}

const sameValue = (a: string, b: string) => compare(parseDec(a)!, parseDec(b)!) === 0;

export interface StagingPlan {
  added: StagedCell[];
  revised: { cell: StagedCell; old: CurrentCell }[];
  restated: { cell: StagedCell; old: CurrentCell }[];
  unchanged: number;
}

/** Compares a snapshot with the cells in force just before the release minute (by key). */
export function planStaging(snapshot: StagedCell[], current: Map<string, CurrentCell>): StagingPlan {
  const plan: StagingPlan = { added: [], revised: [], restated: [], unchanged: 0 };
  for (const cell of snapshot) {
    const old = current.get(cellKey(cell));
    if (!old) plan.added.push(cell);
    else if (!sameValue(old.value, cell.value)) plan.revised.push({ cell, old });
    // A public row's note may be the revision note of its release: statdb having no note of its
    // own is no change; a note statdb does give is.
    else if (old.status !== cell.status || (cell.note !== null && cell.note !== old.note))
      plan.restated.push({ cell, old });
    else plan.unchanged++;
  }
  return plan;
}

/** Why an instant cannot be a release minute (null when it can): seconds, or not after `now`. */
export function minuteProblem(at: Date, now: Date): 'not_minute' | 'past' | null {
  if (at.getUTCSeconds() !== 0 || at.getUTCMilliseconds() !== 0) return 'not_minute';
  if (at.getTime() <= now.getTime()) return 'past';
  return null;
}
