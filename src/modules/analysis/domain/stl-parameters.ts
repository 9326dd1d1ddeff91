/**
 * STL parameters as R's `stats::stl` takes them: the names, the defaults R fills in, what the
 * Fortran then makes of them, and a cost estimate services use to refuse runaway requests.
 */

/** STL parameters with R's names (camelCased); undefined means R's default. */
export interface StlOptions {
  /** Seasonal loess span (lags, odd, ≥ 7 recommended) or "periodic". Required, as in R. */
  sWindow: number | 'periodic';
  sDegree?: 0 | 1;
  tWindow?: number;
  tDegree?: 0 | 1;
  lWindow?: number;
  lDegree?: 0 | 1;
  sJump?: number;
  tJump?: number;
  lJump?: number;
  robust?: boolean;
  inner?: number;
  outer?: number;
}

/** The parameters actually used, as R reports them in `fit$win`, `fit$deg`, `fit$jump` … */
export interface StlParameters {
  period: number;
  periodic: boolean;
  robust: boolean;
  sWindow: number;
  sDegree: 0 | 1;
  tWindow: number;
  tDegree: 0 | 1;
  lWindow: number;
  lDegree: 0 | 1;
  sJump: number;
  tJump: number;
  lJump: number;
  inner: number;
  outer: number;
}

/** Why parameters cannot be used; the service turns these into bilingual problems. */
export class StlParameterError extends Error {
  constructor(
    readonly reason: 'period' | 'too_short' | 'window' | 'jump' | 'iterations' | 'degree' | 'not_finite',
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'StlParameterError';
  }
}

/** The span the Fortran actually uses: at least 3, and odd (an even span gains one). */
export function fortranSpan(w: number): number {
  const v = Math.max(3, w);
  return v % 2 === 0 ? v + 1 : v;
}

/** R's nextodd(): round, then add one if even. */
function nextOdd(x: number): number {
  // R's round() is round-half-even on doubles; spans reaching here are integral or ceilings.
  let r = Math.round(x);
  if (Math.abs(x % 1) === 0.5 && r % 2 !== 0) r -= 1;
  return r % 2 === 0 ? r + 1 : r;
}

function positiveInteger(value: number, field: string, min: number, reason: StlParameterError['reason']) {
  if (!Number.isInteger(value) || value < min)
    throw new StlParameterError(reason, field, `${field} must be an integer ≥ ${min}`);
  return value;
}

/**
 * Fills in R's defaults: t.window = nextodd(ceiling(1.5·period / (1 − 1.5/s.window))),
 * l.window = nextodd(period), l.degree = t.degree, jumps = ceiling(window/10), inner 2 (1 if
 * robust), outer 0 (15 if robust); periodic sets s.window = 10n+1 and s.degree = 0 first.
 */
export function resolveStlParameters(n: number, period: number, options: StlOptions): StlParameters {
  if (!Number.isInteger(period) || period < 2)
    throw new StlParameterError('period', 'frequency', 'frequency must be an integer ≥ 2');
  if (n <= 2 * period)
    throw new StlParameterError('too_short', 'values', 'the series must be longer than two periods');
  const periodic = options.sWindow === 'periodic';
  const sWindow = periodic ? 10 * n + 1 : positiveInteger(options.sWindow as number, 'sWindow', 3, 'window');
  const sDegree = periodic ? 0 : (options.sDegree ?? 0);
  const tDegree = options.tDegree ?? 1;
  const lDegree = options.lDegree ?? tDegree;
  for (const [field, d] of [
    ['sDegree', sDegree],
    ['tDegree', tDegree],
    ['lDegree', lDegree],
  ] as const)
    if (d !== 0 && d !== 1) throw new StlParameterError('degree', field, `${field} must be 0 or 1`);
  const tWindow =
    options.tWindow === undefined
      ? nextOdd(Math.ceil((1.5 * period) / (1 - 1.5 / sWindow)))
      : positiveInteger(options.tWindow, 'tWindow', 3, 'window');
  const lWindow =
    options.lWindow === undefined
      ? nextOdd(period)
      : positiveInteger(options.lWindow, 'lWindow', 3, 'window');
  const robust = options.robust ?? false;
  const jump = (given: number | undefined, window: number, field: string) =>
    given === undefined ? Math.ceil(window / 10) : positiveInteger(given, field, 1, 'jump');
  const inner = options.inner ?? (robust ? 1 : 2);
  const outer = options.outer ?? (robust ? 15 : 0);
  positiveInteger(inner, 'inner', 1, 'iterations');
  positiveInteger(outer, 'outer', 0, 'iterations');
  return {
    period,
    periodic,
    robust,
    sWindow,
    sDegree,
    tWindow,
    tDegree,
    lWindow,
    lDegree,
    sJump: jump(options.sJump, sWindow, 'sJump'),
    tJump: jump(options.tJump, tWindow, 'tJump'),
    lJump: jump(options.lJump, lWindow, 'lJump'),
    inner,
    outer,
  };
}

/**
 * About how many (point × window) terms the loess fits of a decomposition sum over: what a
 * request costs, so a service can refuse parameters that would hold the process for minutes.
 */
export function stlWork(n: number, p: StlParameters): number {
  const odd = fortranSpan;
  const k = Math.ceil(n / p.period);
  const seasonal = (n / p.sJump + 3 * p.period) * Math.min(odd(p.sWindow), k);
  const lowPass = (n / p.lJump + 1) * Math.min(odd(p.lWindow), n);
  const trend = (n / p.tJump + 1) * Math.min(odd(p.tWindow), n);
  return Math.ceil(p.inner * (p.outer + 1) * (seasonal + lowPass + trend));
}
