/**
 * Exact witnesses for the disclosure audit: the floating-point simplex finds the table at a
 * suppressed cell's extreme; here that table is rebuilt in exact rational arithmetic from the
 * simplex's final basis (the square system the basis picks, solved by Gauss–Jordan on bigint
 * fractions) and checked against every equation and non-negativity exactly. A verified witness is
 * a proof that the extreme value is attainable by a table agreeing with everything published —
 * which is all protection needs — independent of the simplex's rounding.
 */
import { decFromNumber } from '../../../platform/decimal.ts';
import type { SdcTable } from './sdc.ts';
import { feasibleRegion } from './suppression.ts';

/** A rational n / d with d > 0, in lowest terms. */
export interface Rational {
  n: bigint;
  d: bigint;
}

const gcd = (a: bigint, b: bigint): bigint => {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y) [x, y] = [y, x % y];
  return x || 1n;
};
const rat = (n: bigint, d = 1n): Rational => {
  const g = gcd(n, d);
  return d < 0n ? { n: -n / g, d: -d / g } : { n: n / g, d: d / g };
};
const ZERO: Rational = { n: 0n, d: 1n };
const addQ = (a: Rational, b: Rational) => rat(a.n * b.d + b.n * a.d, a.d * b.d);
const subQ = (a: Rational, b: Rational) => rat(a.n * b.d - b.n * a.d, a.d * b.d);
const mulQ = (a: Rational, b: Rational) => rat(a.n * b.n, a.d * b.d);
const divQ = (a: Rational, b: Rational) => rat(a.n * b.d, a.d * b.n);

/** A table value (a double holding a decimal) as the exact decimal it denotes. */
function exactValue(v: number): Rational {
  const d = decFromNumber(v);
  if (!d) throw new Error(`not a finite value: ${v}`);
  return rat(d.c, 10n ** BigInt(d.s));
}

export interface ExactWitness {
  /** Every equation holds exactly and no cell is negative. */
  verified: boolean;
  /** The suppressed cells' exact values in the witness table (cell index → value). */
  cells: Map<number, Rational>;
}

/**
 * The exact table at `cell`'s smallest ('low') or largest ('high') feasible value; null when
 * the largest is unbounded (no finite witness needed: any value above is attainable).
 */
export function exactWitness(
  table: Pick<SdcTable, 'values' | 'equations'>,
  suppressed: readonly boolean[],
  cell: number,
  direction: 'low' | 'high',
): ExactWitness | null {
  const { region, vars, equations } = feasibleRegion(table, suppressed);
  const j = vars.indexOf(cell);
  if (j < 0) throw new Error(`cell ${cell} is not suppressed`);
  const c = new Float64Array(vars.length);
  c[j] = direction === 'low' ? 1 : -1;
  const { x, basis } = region.solve(c);
  if (!x) return null;
  const varOf = new Map(vars.map((v, k) => [v, k]));
  // Each equation as integer coefficients over the suppressed cells and an exact right-hand side.
  const rows = equations.map((eq) => {
    const coef = new Map<number, bigint>();
    let rhs = ZERO;
    const term = (q: number, k: bigint) => {
      const v = varOf.get(q);
      if (v === undefined) rhs = subQ(rhs, mulQ(rat(k), exactValue(table.values[q])));
      else coef.set(v, (coef.get(v) ?? 0n) + k);
    };
    term(eq.total, 1n);
    for (const p of eq.parts) term(p, -1n);
    return { coef, rhs };
  });
  // The square system of the kept rows over the basic variables, solved by Gauss–Jordan.
  const kept = region.keptRows;
  const m: Rational[][] = kept.map((i) => [...basis.map((v) => rat(rows[i].coef.get(v) ?? 0n)), rows[i].rhs]);
  const k = basis.length;
  for (let col = 0; col < k; col++) {
    const piv = m.findIndex((row, r) => r >= col && row[col].n !== 0n);
    if (piv < 0) return { verified: false, cells: new Map() };
    [m[col], m[piv]] = [m[piv], m[col]];
    const p = m[col][col];
    m[col] = m[col].map((e) => divQ(e, p));
    for (let r = 0; r < k; r++) {
      if (r === col || m[r][col].n === 0n) continue;
      const f = m[r][col];
      m[r] = m[r].map((e, t) => subQ(e, mulQ(f, m[col][t])));
    }
  }
  const exact: Rational[] = vars.map(() => ZERO);
  basis.forEach((v, r) => {
    exact[v] = m[r][k];
  });
  let verified = exact.every((e) => e.n >= 0n);
  for (const row of rows) {
    let lhs = ZERO;
    for (const [v, a] of row.coef) lhs = addQ(lhs, mulQ(rat(a), exact[v]));
    if (lhs.n !== row.rhs.n || lhs.d !== row.rhs.d) verified = false;
  }
  return { verified, cells: new Map(vars.map((v, t) => [v, exact[t]])) };
}
