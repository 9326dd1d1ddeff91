/**
 * A small dense two-phase simplex for the disclosure audit: min c·x subject to A x = b, x ≥ 0.
 *
 * Why our own: the audit solves two LPs per suppressed cell of one statistical table (a few
 * hundred variables at most), always over the same constraints, so one phase 1 gives a feasible
 * basis that every phase 2 starts from. No npm LP library is a dependency of the project.
 *
 * Floating point with tolerances: the audit's question is whether an interval is wider than a
 * protection level (a share of a cell value), not a published sum, so 1e-9 relative error is
 * harmless; callers scale the right-hand side to about 1. Dantzig's rule, falling back to Bland's
 * rule (which cannot cycle) after many pivots, so degenerate tables terminate.
 */

const EPS = 1e-9;

/** The feasible region {x ≥ 0 : A x = b}, ready to minimise linear objectives over. */
export class EqualityPolytope {
  /** False when no x ≥ 0 satisfies the equations. */
  readonly feasible: boolean;
  private readonly n: number;
  private rows: Float64Array[] = [];
  private basis: number[] = [];
  /** The equations kept after phase 1 (the others are redundant), by their index in `a`. */
  keptRows: number[] = [];

  /** `a` is m rows of n coefficients; `b` the m right-hand sides. */
  constructor(a: readonly (readonly number[])[], b: readonly number[], n: number) {
    this.n = n;
    const m = a.length;
    const width = n + m + 1; // variables, artificials, right-hand side
    const rows: Float64Array[] = [];
    for (let i = 0; i < m; i++) {
      const row = new Float64Array(width);
      const flip = b[i] < 0 ? -1 : 1;
      for (let j = 0; j < n; j++) row[j] = flip * a[i][j];
      row[n + i] = 1;
      row[width - 1] = flip * b[i];
      rows.push(row);
    }
    const basis = rows.map((_, i) => n + i);
    // Phase 1: minimise the sum of artificials; the objective row is minus the sum of the rows.
    const obj = new Float64Array(width);
    for (const row of rows) for (let j = 0; j < n; j++) obj[j] -= row[j];
    for (const row of rows) obj[width - 1] -= row[width - 1];
    runSimplex(rows, basis, obj, n + m);
    this.feasible = -obj[width - 1] <= EPS * Math.max(1, m);
    if (!this.feasible) return;
    // Drive artificials out of the basis; a row where none can leave is a redundant equation.
    const keep: number[] = [];
    for (let i = 0; i < rows.length; i++) {
      if (basis[i] < n) {
        keep.push(i);
        continue;
      }
      let j = 0;
      while (j < n && Math.abs(rows[i][j]) <= EPS) j++;
      if (j < n) {
        pivot(rows, basis, obj, i, j);
        keep.push(i);
      }
    }
    this.rows = keep.map((i) => {
      const row = new Float64Array(n + 1);
      row.set(rows[i].subarray(0, n));
      row[n] = rows[i][width - 1];
      return row;
    });
    this.basis = keep.map((i) => basis[i]);
    this.keptRows = keep;
  }

  /** min c·x over the region; -Infinity when unbounded below. Throws when infeasible. */
  minimize(c: readonly number[] | Float64Array): number {
    return this.solve(c).value;
  }

  /** min c·x, a point attaining it (null when unbounded below) and its basis (one variable per kept row). */
  solve(c: readonly number[] | Float64Array): { value: number; x: Float64Array | null; basis: number[] } {
    if (!this.feasible) throw new Error('infeasible');
    const n = this.n;
    const rows = this.rows.map((r) => Float64Array.from(r));
    const basis = [...this.basis];
    const obj = new Float64Array(n + 1);
    for (let j = 0; j < n; j++) obj[j] = c[j];
    for (let i = 0; i < rows.length; i++) {
      const cb = c[basis[i]];
      if (cb === 0) continue;
      const row = rows[i];
      for (let j = 0; j <= n; j++) obj[j] -= cb * row[j];
    }
    if (!runSimplex(rows, basis, obj, n)) return { value: Number.NEGATIVE_INFINITY, x: null, basis };
    const x = new Float64Array(n);
    for (let i = 0; i < rows.length; i++) x[basis[i]] = rows[i][n];
    return { value: -obj[n], x, basis };
  }

  /** Whether variable j is basic in the starting feasible basis (when it is not, its minimum is 0). */
  isBasic(j: number): boolean {
    return this.basis.includes(j);
  }
}

/** Pivots until optimal (true) or unbounded (false); columns ≥ `limit` never enter. */
function runSimplex(rows: Float64Array[], basis: number[], obj: Float64Array, limit: number): boolean {
  const blandAfter = 50 * (rows.length + limit);
  for (let iter = 0; ; iter++) {
    const bland = iter > blandAfter;
    let enter = -1;
    let best = -EPS;
    for (let j = 0; j < limit; j++) {
      if (obj[j] < best) {
        enter = j;
        if (bland) break;
        best = obj[j];
      }
    }
    if (enter < 0) return true;
    let leave = -1;
    let ratio = Number.POSITIVE_INFINITY;
    const rhs = rows.length ? rows[0].length - 1 : 0;
    for (let i = 0; i < rows.length; i++) {
      const a = rows[i][enter];
      if (a <= EPS) continue;
      const r = rows[i][rhs] / a;
      if (r < ratio - EPS || (r <= ratio + EPS && leave >= 0 && basis[i] < basis[leave])) {
        ratio = Math.min(r, ratio);
        leave = i;
      }
    }
    if (leave < 0) return false;
    pivot(rows, basis, obj, leave, enter);
  }
}

function pivot(rows: Float64Array[], basis: number[], obj: Float64Array, r: number, j: number): void {
  const prow = rows[r];
  const width = prow.length;
  const inv = 1 / prow[j];
  for (let k = 0; k < width; k++) prow[k] *= inv;
  prow[j] = 1;
  for (let i = 0; i < rows.length; i++) {
    if (i === r) continue;
    const row = rows[i];
    const f = row[j];
    if (f === 0) continue;
    for (let k = 0; k < width; k++) row[k] -= f * prow[k];
    row[j] = 0;
  }
  const f = obj[j];
  if (f !== 0) {
    for (let k = 0; k < width; k++) obj[k] -= f * prow[k];
    obj[j] = 0;
  }
  basis[r] = j;
}
