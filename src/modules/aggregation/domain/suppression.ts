/**
 * Secondary (complementary) suppression (隐藏/次级抑制) and its audit.
 *
 * Method: a hypercube heuristic in the manner of GHMITER (τ-ARGUS), checked by linear
 * programming. For each cell to protect and each sub-table it belongs to (one row group × one
 * column group of the hierarchy), pick the cheapest rectangle of four cells (the cell, one in its
 * row, one in its column, the opposite corner) along which the cell can move by its protection
 * level while every sum stays the same and no cell goes negative; its new cells are suppressed
 * and must in turn be protected in their other sub-tables (a suppressed subtotal moving means its
 * parts move). Cost = the value the new cells hide (+1 each), so small cells are preferred and
 * totals avoided.
 *
 * The heuristic alone proves nothing, so the result is audited: auditTable solves, for every
 * suppressed cell, min and max of its value over all non-negative tables agreeing with every
 * published cell and every additivity equation (what an attacker with the published table and
 * linear programming can learn). Each primary cell must reach value + protection upward and
 * value − min(protection, value) downward; where one does not, more cells are suppressed around
 * it, and the audit runs again, until it passes. Suppression only grows, and a fully suppressed
 * table passes, so the loop ends; `protectTable` returns the passing audit with its result.
 */

import type { SdcTable } from './sdc.ts';
import { EqualityPolytope } from './simplex.ts';

export type CellStatus = 'published' | 'primary' | 'secondary';

export interface Interval {
  lower: number;
  upper: number;
}

export interface ProtectionResult {
  status: CellStatus[];
  /** Feasible interval of every primary cell (index → interval) from the final, passing audit. */
  intervals: Map<number, Interval>;
  /** Audit rounds (each one LP pass over the table). */
  rounds: number;
}

/** LP error allowed, relative to the table's largest value (the simplex works at about 1e-12). */
const REL_TOL = 1e-9;

/** Whether an audited interval covers a cell's protection (upward fully, downward down to zero). */
export function protectionHolds(value: number, protection: number, iv: Interval, scale = value): boolean {
  const tol = REL_TOL * Math.max(1, Math.abs(scale));
  const down = Math.min(protection, value);
  return iv.upper >= value + protection - tol && iv.lower <= value - down + tol && iv.upper - iv.lower > tol;
}

/**
 * The feasible interval of each suppressed cell (or of the suppressed cells in `only`) given the
 * published cells, the table's equations and non-negativity (upper = Infinity when unbounded).
 */
export function auditTable(
  table: Pick<SdcTable, 'values' | 'equations'>,
  suppressed: readonly boolean[],
  only?: readonly number[],
): Map<number, Interval> {
  const out = new Map<number, Interval>();
  if (!suppressed.some(Boolean)) return out;
  const { region, vars, scale } = feasibleRegion(table, suppressed);
  const c = new Float64Array(vars.length);
  const wanted = only ? new Set(only) : null;
  vars.forEach((cell, j) => {
    if (wanted && !wanted.has(cell)) return;
    c[j] = 1;
    const lower = region.isBasic(j) ? region.minimize(c) : 0;
    c[j] = -1;
    const upper = -region.minimize(c);
    c[j] = 0;
    out.set(cell, { lower: Math.max(0, lower * scale), upper: upper * scale });
  });
  return out;
}

/** The suppressed cells' feasible region, scaled by the table's largest value. */
export function feasibleRegion(
  table: Pick<SdcTable, 'values' | 'equations'>,
  suppressed: readonly boolean[],
): {
  region: EqualityPolytope;
  vars: number[];
  scale: number;
  /** The equations with a suppressed cell, in the order of the region's rows. */
  equations: SdcTable['equations'];
} {
  const vars: number[] = [];
  const varOf = new Map<number, number>();
  suppressed.forEach((s, cell) => {
    if (s) {
      varOf.set(cell, vars.length);
      vars.push(cell);
    }
  });
  // Scale to about 1 so the simplex's tolerances are relative.
  const scale = Math.max(1, ...table.values.map(Math.abs));
  const a: number[][] = [];
  const b: number[] = [];
  const equations: SdcTable['equations'] = [];
  for (const eq of table.equations) {
    const row = new Array<number>(vars.length).fill(0);
    let rhs = 0;
    let any = false;
    const term = (cell: number, coef: number) => {
      const v = varOf.get(cell);
      if (v === undefined) rhs -= (coef * table.values[cell]) / scale;
      else {
        row[v] += coef;
        any = true;
      }
    };
    term(eq.total, 1);
    for (const p of eq.parts) term(p, -1);
    if (any) {
      a.push(row);
      b.push(rhs);
      equations.push(eq);
    }
  }
  const region = new EqualityPolytope(a, b, vars.length);
  if (!region.feasible) throw new Error('the published table contradicts its own equations');
  return { region, vars, scale, equations };
}

/**
 * Two whole tables that agree with every published cell and every equation, one with `cell` at
 * its largest feasible value and one at its smallest (high is null when unbounded): the
 * constructive side of the audit — protection holds because these tables exist, which anyone can
 * check by adding up, without trusting the simplex.
 */
export function auditWitnesses(
  table: Pick<SdcTable, 'values' | 'equations'>,
  suppressed: readonly boolean[],
  cell: number,
): { low: number[]; high: number[] | null } {
  const { region, vars, scale } = feasibleRegion(table, suppressed);
  const j = vars.indexOf(cell);
  if (j < 0) throw new Error(`cell ${cell} is not suppressed`);
  const c = new Float64Array(vars.length);
  const tableAt = (x: Float64Array | null) => {
    if (!x) return null;
    const out = [...table.values];
    vars.forEach((v, k) => {
      out[v] = x[k] * scale;
    });
    return out;
  };
  c[j] = 1;
  const low = tableAt(region.solve(c).x)!;
  c[j] = -1;
  return { low, high: tableAt(region.solve(c).x) };
}

/**
 * The attack a reader with a calculator tries: any equation with a single unpublished cell gives
 * it by difference; repeat with what was recovered. Returns the recovered cells and values.
 */
export function differencingAttack(
  table: Pick<SdcTable, 'values' | 'equations'>,
  suppressed: readonly boolean[],
): Map<number, number> {
  const known = suppressed.map((s) => !s);
  const value = table.values.map((v, i) => (known[i] ? v : Number.NaN));
  const recovered = new Map<number, number>();
  for (let progress = true; progress; ) {
    progress = false;
    for (const eq of table.equations) {
      const cells = [eq.total, ...eq.parts];
      const unknown = cells.filter((c) => !known[c]);
      if (unknown.length !== 1) continue;
      const u = unknown[0];
      const partsSum = eq.parts.reduce((s, p) => (p === u ? s : s + value[p]), 0);
      value[u] = u === eq.total ? partsSum : value[eq.total] - partsSum;
      known[u] = true;
      recovered.set(u, value[u]);
      progress = true;
    }
  }
  return recovered;
}

interface Rectangle {
  cells: number[];
  signs: number[];
}

/** Primary suppression, secondary suppression and the audit, until every primary cell is protected. */
export interface ProtectOptions {
  /** Audit rounds that may add rectangles before whole sub-tables are hidden (default 50). */
  maxRounds?: number;
  /**
   * Start from the hypercube pass (default). False starts from the primary cells alone and lets
   * the audit find every gap — slower, used by the tests to exercise the audit-driven repair.
   */
  hypercube?: boolean;
}

export function protectTable(table: SdcTable, options: ProtectOptions = {}): ProtectionResult {
  const maxRounds = options.maxRounds ?? 50;
  const nc = table.cols.length;
  const n = table.values.length;
  const { values } = table;
  const scale = Math.max(1, ...values.map(Math.abs));
  const status: CellStatus[] = table.assessments.map((a) => (a.sensitive ? 'primary' : 'published'));
  const primaries = status.flatMap((s, i) => (s === 'primary' ? [i] : []));
  // Sub-table s = (row group g, column group h), g or h = -1 along a dimension with no
  // hierarchy (a one-way table): there the "rectangle" is a pair of cells in one line.
  const nSub = table.colGroups.length + 1;
  const groupsOf = (groups: SdcTable['rowGroups'], size: number) => {
    const of: number[][] = Array.from({ length: size }, () => (groups.length ? [] : [-1]));
    groups.forEach((g, gi) => {
      for (const m of [g.total, ...g.parts]) of[m].push(gi);
    });
    return of;
  };
  const rowGroupsOf = groupsOf(table.rowGroups, table.rows.length);
  const colGroupsOf = groupsOf(table.colGroups, nc);
  const subtablesOf = (cell: number): number[] => {
    const r = Math.floor(cell / nc);
    const c = cell % nc;
    return rowGroupsOf[r].flatMap((g) => colGroupsOf[c].map((h) => (g + 1) * nSub + h + 1));
  };
  // The rows and columns of sub-table s as seen from `cell` (its own line along a flat dimension).
  const lines = (cell: number, s: number) => {
    const g = table.rowGroups[Math.floor(s / nSub) - 1];
    const h = table.colGroups[(s % nSub) - 1];
    return {
      g,
      h,
      rows: g ? [g.total, ...g.parts] : [Math.floor(cell / nc)],
      cols: h ? [h.total, ...h.parts] : [cell % nc],
    };
  };

  // Every rectangle through `cell` in sub-table `s`, with the direction each corner moves.
  const rectangles = (cell: number, s: number): Rectangle[] => {
    const r = Math.floor(cell / nc);
    const c = cell % nc;
    const { g, h, rows, cols } = lines(cell, s);
    const sign = (grp: { total: number }, self: number, other: number) =>
      grp.total === self || grp.total === other ? 1 : -1;
    const out: Rectangle[] = [];
    if (!g || !h) {
      // A pair along the one dimension that has equations.
      const along = g ? rows.map((r2) => [r2, c]) : cols.map((c2) => [r, c2]);
      for (const [r2, c2] of along) {
        if (r2 === r && c2 === c) continue;
        out.push({ cells: [cell, r2 * nc + c2], signs: [1, g ? sign(g, r, r2) : sign(h!, c, c2)] });
      }
      return out;
    }
    for (const r2 of rows) {
      if (r2 === r) continue;
      const sr = sign(g, r, r2);
      for (const c2 of cols) {
        if (c2 === c) continue;
        const sc = sign(h, c, c2);
        out.push({ cells: [cell, r2 * nc + c, r * nc + c2, r2 * nc + c2], signs: [1, sr, sc, sr * sc] });
      }
    }
    return out;
  };

  const capacity = (rect: Rectangle) => {
    let up = Number.POSITIVE_INFINITY;
    let down = Number.POSITIVE_INFINITY;
    for (let k = 1; k < rect.cells.length; k++) {
      // Moving the cell up lowers the corners of opposite sign; moving it down lowers the others.
      if (rect.signs[k] < 0) up = Math.min(up, values[rect.cells[k]]);
      else down = Math.min(down, values[rect.cells[k]]);
    }
    return { up, down };
  };

  const suppress = (cell: number) => {
    if (status[cell] === 'published') status[cell] = 'secondary';
  };

  const done = new Map<string, number>();
  const queue: { cell: number; level: number; from: number; fresh: boolean }[] = [];

  // Protects `cell` by `level` in each of its sub-tables but `from`; `fresh` demands new cells.
  const protect = (cell: number, level: number, from: number, fresh: boolean) => {
    const down = Math.min(level, values[cell]);
    for (const s of subtablesOf(cell)) {
      if (s === from) continue;
      const key = `${cell}:${s}`;
      if (!fresh && (done.get(key) ?? -1) >= level) continue;
      done.set(key, Math.max(level, done.get(key) ?? -1));
      let best: Rectangle | null = null;
      let bestCost = Number.POSITIVE_INFINITY;
      let fallback: Rectangle | null = null;
      let fallbackScore = -1;
      for (const rect of rectangles(cell, s)) {
        let cost = 0;
        for (let k = 1; k < rect.cells.length; k++) {
          if (status[rect.cells[k]] === 'published') cost += values[rect.cells[k]] + 1;
        }
        if (fresh && cost === 0) continue;
        const cap = capacity(rect);
        // Values are exact decimals read into doubles: no tolerance is needed to compare them.
        if (cap.up >= level && cap.down >= down) {
          if (cost < bestCost) {
            best = rect;
            bestCost = cost;
          }
        } else {
          const score = Math.min(cap.up / level, down > 0 ? cap.down / down : 1);
          if (score > fallbackScore) {
            fallback = rect;
            fallbackScore = score;
          }
        }
      }
      const chosen = best ?? fallback;
      if (!chosen) continue;
      for (let k = 1; k < chosen.cells.length; k++) {
        const q = chosen.cells[k];
        const wasPublished = status[q] === 'published';
        suppress(q);
        if (wasPublished || !fresh) queue.push({ cell: q, level, from: s, fresh: false });
      }
    }
  };

  const drain = () => {
    while (queue.length) {
      const item = queue.shift()!;
      protect(item.cell, item.level, item.from, item.fresh);
    }
  };

  if (options.hypercube !== false) {
    for (const p of primaries)
      queue.push({ cell: p, level: table.assessments[p].protection, from: -1, fresh: false });
    drain();
  }

  for (let round = 1; ; round++) {
    const suppressed = status.map((s) => s !== 'published');
    const intervals = auditTable(table, suppressed, primaries);
    const failing = primaries.filter(
      (p) => !protectionHolds(values[p], table.assessments[p].protection, intervals.get(p)!, scale),
    );
    if (!failing.length) return { status, intervals, rounds: round };
    const before = status.filter((s) => s !== 'published').length;
    if (before === n) throw new Error('a fully suppressed table failed its audit: numerical trouble');
    if (round < maxRounds) {
      for (const p of failing)
        queue.push({ cell: p, level: table.assessments[p].protection, from: -1, fresh: true });
      drain();
    }
    if (status.filter((s) => s !== 'published').length === before) {
      // No rectangle adds anything: hide the failing cells' whole sub-tables (last resort).
      for (const p of failing) {
        for (const s of subtablesOf(p)) {
          const { rows, cols } = lines(p, s);
          for (const r of rows) for (const c of cols) suppress(r * nc + c);
        }
      }
      if (status.filter((s) => s !== 'published').length === before) {
        for (let i = 0; i < n; i++) suppress(i);
      }
    }
  }
}
