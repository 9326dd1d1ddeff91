/**
 * STL: seasonal-trend decomposition by loess (季节调整; Cleveland, Cleveland, McRae & Terpenning,
 * Journal of Official Statistics 6(1), 1990), matching R's `stats::stl` — the same parameters,
 * defaults and arithmetic as the Fortran routine R wraps, so results agree with R to rounding.
 *
 * Faithfulness notes, each deliberate:
 * - Positions are 1-based doubles in the loess (as in the Fortran), and every sum and product is
 *   formed in the Fortran's order (w·(d·d), not (w·d)·d), so results are identical to R's to the
 *   last bit on every fixture; rounding differences would otherwise grow through the robustness
 *   iterations.
 * - The thresholds 0.999, 0.001 and the 0.001 range guard are single-precision literals in the
 *   Fortran (`.999*h`); `Math.fround` reproduces their values, which decides whether a point on
 *   the edge of a window gets weight 0 or a tiny positive one.
 * - The robustness weights' median comes from the Fortran's partial sort, called as R calls it
 *   (see partial-sort.ts: a full sort gives a different answer).
 * - Spans are made odd and at least 3 by the Fortran, while R computes the default jumps from the
 *   spans as given; both are kept (see `resolveStlParameters`). One deliberate difference: spans
 *   must be integers ≥ 3 here, where R also takes fractions and smaller numbers (then its
 *   default t.window can turn negative and a zero jump loops forever).
 * - For `s.window = "periodic"` R smooths with a span of 10n+1 and degree 0, then replaces the
 *   seasonal component by the mean of each cycle position; the trend is left as fitted.
 *
 * All arrays are Float64Array, allocated once per call in a `StlWorkspace` (reusable across calls
 * of the same length and period); no iteration allocates.
 */
import { partialSort } from './partial-sort.ts';
import {
  fortranSpan,
  resolveStlParameters,
  type StlOptions,
  StlParameterError,
  type StlParameters,
} from './stl-parameters.ts';

export type { StlOptions, StlParameters } from './stl-parameters.ts';
export { resolveStlParameters, StlParameterError, stlWork } from './stl-parameters.ts';

const F999 = Math.fround(0.999);
const F001 = Math.fround(0.001);

export interface StlResult {
  seasonal: Float64Array;
  trend: Float64Array;
  remainder: Float64Array;
  /** Robustness weights of the final pass (all 1 without outer iterations). */
  weights: Float64Array;
  parameters: StlParameters;
}

/** Scratch space for one series length and period; reuse it to decompose many series. */
export class StlWorkspace {
  readonly n: number;
  readonly period: number;
  /** Columns of length n + 2·period, as the Fortran's `work(n+2*np,5)` (its fourth is unused). */
  readonly w1: Float64Array;
  readonly w2: Float64Array;
  readonly w3: Float64Array;
  readonly w5: Float64Array;
  /** Cycle-subseries scratch (values, smoothed with both end extensions, weights, loess weights). */
  readonly sub: Float64Array;
  readonly subSmooth: Float64Array;
  readonly subRw: Float64Array;
  readonly subW: Float64Array;
  readonly sorted: Float64Array;

  constructor(n: number, period: number) {
    this.n = n;
    this.period = period;
    const len = n + 2 * period;
    this.w1 = new Float64Array(len);
    this.w2 = new Float64Array(len);
    this.w3 = new Float64Array(len);
    this.w5 = new Float64Array(len);
    const k = Math.ceil(n / period) + 2;
    this.sub = new Float64Array(k);
    this.subSmooth = new Float64Array(k);
    this.subRw = new Float64Array(k);
    this.subW = new Float64Array(k);
    this.sorted = new Float64Array(n);
  }
}

// Set by loessAt: false when every weight in the window was zero (the Fortran's `ok`). A module
// variable rather than a returned object so the hot loop allocates nothing.
let loessOk = true;

/**
 * Loess estimate at position xs (1-based) from y[nleft..nright] (1-based, stored at yo + j − 1),
 * tricube-weighted, times robustness weights when given; degree 1 adds the local-linear term.
 */
function loessAt(
  y: Float64Array,
  yo: number,
  n: number,
  len: number,
  degree: number,
  xs: number,
  nleft: number,
  nright: number,
  w: Float64Array,
  rw: Float64Array | null,
): number {
  const range = n - 1;
  let h = Math.max(xs - nleft, nright - xs);
  if (len > n) h += Math.trunc((len - n) / 2);
  const h9 = F999 * h;
  const h1 = F001 * h;
  let a = 0;
  for (let j = nleft; j <= nright; j++) {
    const r = Math.abs(j - xs);
    let wj = 0;
    if (r <= h9) {
      if (r <= h1) wj = 1;
      else {
        const q = r / h;
        const u = 1 - q * q * q;
        wj = u * u * u;
      }
      if (rw !== null) wj = rw[j - 1] * wj;
      a += wj;
    }
    w[j - 1] = wj;
  }
  if (a <= 0) {
    loessOk = false;
    return 0;
  }
  loessOk = true;
  // The Fortran's five passes (normalise, mean, spread, adjust, sum) fused into as few as the data
  // dependencies allow; each value is still computed by the same operations in the same order.
  let ys = 0;
  if (h > 0 && degree > 0) {
    let mean = 0;
    for (let j = nleft; j <= nright; j++) {
      const wj = w[j - 1] / a;
      w[j - 1] = wj;
      mean += wj * j;
    }
    let b = xs - mean;
    let c = 0;
    for (let j = nleft; j <= nright; j++) {
      const d = j - mean;
      c += w[j - 1] * (d * d);
    }
    // Guard against a degenerate design (all weight on one point), as the Fortran does.
    if (Math.sqrt(c) > F001 * range) {
      b /= c;
      for (let j = nleft; j <= nright; j++) ys += w[j - 1] * (b * (j - mean) + 1) * y[yo + j - 1];
    } else for (let j = nleft; j <= nright; j++) ys += w[j - 1] * y[yo + j - 1];
  } else for (let j = nleft; j <= nright; j++) ys += (w[j - 1] / a) * y[yo + j - 1];
  return ys;
}

/**
 * Loess smoothing of y[0..n) into ys[yso..yso+n): fitted every `jump` points, linearly
 * interpolated between (the Fortran's stless).
 */
function loessSmooth(
  y: Float64Array,
  n: number,
  len: number,
  degree: number,
  jump: number,
  rw: Float64Array | null,
  ys: Float64Array,
  yso: number,
  res: Float64Array,
): void {
  if (n < 2) {
    ys[yso] = y[0];
    return;
  }
  const step = Math.min(jump, n - 1);
  let nleft = 0;
  let nright = 0;
  if (len >= n) {
    nleft = 1;
    nright = n;
    for (let i = 1; i <= n; i += step) {
      const v = loessAt(y, 0, n, len, degree, i, nleft, nright, res, rw);
      ys[yso + i - 1] = loessOk ? v : y[i - 1];
    }
  } else if (step === 1) {
    const half = (len + 1) >> 1;
    nleft = 1;
    nright = len;
    for (let i = 1; i <= n; i++) {
      if (i > half && nright !== n) {
        nleft++;
        nright++;
      }
      const v = loessAt(y, 0, n, len, degree, i, nleft, nright, res, rw);
      ys[yso + i - 1] = loessOk ? v : y[i - 1];
    }
  } else {
    const half = (len + 1) >> 1;
    for (let i = 1; i <= n; i += step) {
      if (i < half) {
        nleft = 1;
        nright = len;
      } else if (i >= n - half + 1) {
        nleft = n - len + 1;
        nright = n;
      } else {
        nleft = i - half + 1;
        nright = len + i - half;
      }
      const v = loessAt(y, 0, n, len, degree, i, nleft, nright, res, rw);
      ys[yso + i - 1] = loessOk ? v : y[i - 1];
    }
  }
  if (step !== 1) {
    for (let i = 1; i <= n - step; i += step) {
      const delta = (ys[yso + i + step - 1] - ys[yso + i - 1]) / step;
      for (let j = i + 1; j <= i + step - 1; j++) ys[yso + j - 1] = ys[yso + i - 1] + delta * (j - i);
    }
    const k = Math.trunc((n - 1) / step) * step + 1;
    if (k !== n) {
      // The last window of the loop above is reused on purpose (the Fortran does).
      const v = loessAt(y, 0, n, len, degree, n, nleft, nright, res, rw);
      ys[yso + n - 1] = loessOk ? v : y[n - 1];
      if (k !== n - 1) {
        const delta = (ys[yso + n - 1] - ys[yso + k - 1]) / (n - k);
        for (let j = k + 1; j <= n - 1; j++) ys[yso + j - 1] = ys[yso + k - 1] + delta * (j - k);
      }
    }
  }
}

/**
 * Cycle-subseries smoothing (stlss): each cycle position's subseries is smoothed and extended one
 * point at each end, giving `season` of length n + 2·period.
 */
function smoothCycleSubseries(
  y: Float64Array,
  n: number,
  p: StlParameters,
  np: number,
  ns: number,
  rw: Float64Array | null,
  season: Float64Array,
  ws: StlWorkspace,
): void {
  const { sub, subSmooth, subRw, subW } = ws;
  const subRobust = rw === null ? null : subRw;
  for (let j = 1; j <= np; j++) {
    const k = Math.trunc((n - j) / np) + 1;
    for (let i = 1; i <= k; i++) sub[i - 1] = y[(i - 1) * np + j - 1];
    if (rw !== null) for (let i = 1; i <= k; i++) subRw[i - 1] = rw[(i - 1) * np + j - 1];
    loessSmooth(sub, k, ns, p.sDegree, p.sJump, subRobust, subSmooth, 1, subW);
    const first = loessAt(sub, 0, k, ns, p.sDegree, 0, 1, Math.min(ns, k), subW, subRobust);
    subSmooth[0] = loessOk ? first : subSmooth[1];
    const last = loessAt(sub, 0, k, ns, p.sDegree, k + 1, Math.max(1, k - ns + 1), k, subW, subRobust);
    subSmooth[k + 1] = loessOk ? last : subSmooth[k];
    for (let m = 1; m <= k + 2; m++) season[(m - 1) * np + j - 1] = subSmooth[m - 1];
  }
}

/** Running mean of length `len` over x[0..n), written to ave[0..n−len] (stlma). */
function movingAverage(x: Float64Array, n: number, len: number, ave: Float64Array): void {
  const newn = n - len + 1;
  let v = 0;
  for (let i = 0; i < len; i++) v += x[i];
  ave[0] = v / len;
  for (let j = 1, k = len, m = 0; j < newn; j++, k++, m++) {
    v = v - x[m] + x[k];
    ave[j] = v / len;
  }
}

/** One pass of inner iterations (stlstp): seasonal by subseries + low-pass, then trend. */
function innerLoop(
  y: Float64Array,
  n: number,
  p: StlParameters,
  spans: { np: number; ns: number; nt: number; nl: number },
  rw: Float64Array | null,
  season: Float64Array,
  trend: Float64Array,
  ws: StlWorkspace,
): void {
  const { np, ns, nt, nl } = spans;
  const { w1, w2, w3, w5 } = ws;
  for (let it = 0; it < p.inner; it++) {
    for (let i = 0; i < n; i++) w1[i] = y[i] - trend[i];
    smoothCycleSubseries(w1, n, p, np, ns, rw, w2, ws);
    // Low-pass filter of the cycle-subseries: moving averages of np, np and 3, then loess.
    const m = n + 2 * np;
    movingAverage(w2, m, np, w3);
    movingAverage(w3, m - np + 1, np, w1);
    movingAverage(w1, m - 2 * np + 2, 3, w3);
    loessSmooth(w3, n, nl, p.lDegree, p.lJump, null, w1, 0, w5);
    for (let i = 0; i < n; i++) season[i] = w2[np + i] - w1[i];
    for (let i = 0; i < n; i++) w1[i] = y[i] - season[i];
    loessSmooth(w1, n, nt, p.tDegree, p.tJump, rw, trend, 0, w3);
  }
}

const middle = new Int32Array(2);

/** Tukey biweight robustness weights from |y − fit| / (6·median) (stlrwt). */
function robustnessWeights(
  y: Float64Array,
  fit: Float64Array,
  n: number,
  rw: Float64Array,
  sorted: Float64Array,
) {
  for (let i = 0; i < n; i++) sorted[i] = Math.abs(y[i] - fit[i]);
  const mid1 = (n >> 1) + 1;
  const mid2 = n - mid1 + 1;
  // R's order of the two positions (descending for even n) matters: see partial-sort.ts.
  middle[0] = mid1;
  middle[1] = mid2;
  partialSort(sorted, n, middle);
  const cmad = 3.0 * (sorted[mid1 - 1] + sorted[mid2 - 1]);
  const c9 = F999 * cmad;
  const c1 = F001 * cmad;
  for (let i = 0; i < n; i++) {
    const r = Math.abs(y[i] - fit[i]);
    if (r <= c1) rw[i] = 1;
    else if (r <= c9) {
      const u = r / cmad;
      const v = 1 - u * u;
      rw[i] = v * v;
    } else rw[i] = 0;
  }
}

/**
 * Decomposes `values` (no missing values; finite) with period `frequency` into seasonal, trend
 * and remainder, exactly as R's `stl(ts(values, frequency = frequency), …)`.
 */
export function stl(
  values: ArrayLike<number>,
  frequency: number,
  options: StlOptions,
  workspace?: StlWorkspace,
): StlResult {
  const n = values.length;
  const p = resolveStlParameters(n, frequency, options);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = values[i];
  for (let i = 0; i < n; i++)
    if (!Number.isFinite(y[i]))
      throw new StlParameterError('not_finite', `values[${i}]`, 'values must be finite numbers');
  const np = Math.max(2, frequency);
  const ws = workspace && workspace.n === n && workspace.period === np ? workspace : new StlWorkspace(n, np);
  const spans = { np, ns: fortranSpan(p.sWindow), nt: fortranSpan(p.tWindow), nl: fortranSpan(p.lWindow) };

  const seasonal = new Float64Array(n);
  const trend = new Float64Array(n);
  const weights = new Float64Array(n);
  let useWeights = false;
  for (let k = 0; ; ) {
    innerLoop(y, n, p, spans, useWeights ? weights : null, seasonal, trend, ws);
    k++;
    if (k > p.outer) break;
    for (let i = 0; i < n; i++) ws.w1[i] = trend[i] + seasonal[i];
    robustnessWeights(y, ws.w1, n, weights, ws.sorted);
    useWeights = true;
  }
  if (p.outer <= 0) weights.fill(1);

  if (p.periodic) cycleMeans(seasonal, frequency);
  const remainder = new Float64Array(n);
  for (let i = 0; i < n; i++) remainder[i] = y[i] - seasonal[i] - trend[i];
  return { seasonal, trend, remainder, weights, parameters: p };
}

/**
 * Replaces each value by the mean of its cycle position (R: tapply(seasonal, cycle(x), mean)).
 * R's mean() adds a second, corrective pass over the deviations; it is reproduced so the means
 * agree to the last bit in ordinary cases.
 */
function cycleMeans(seasonal: Float64Array, period: number): void {
  const n = seasonal.length;
  for (let j = 0; j < period && j < n; j++) {
    let s = 0;
    let count = 0;
    for (let i = j; i < n; i += period) {
      s += seasonal[i];
      count++;
    }
    let mean = s / count;
    let t = 0;
    for (let i = j; i < n; i += period) t += seasonal[i] - mean;
    mean += t / count;
    for (let i = j; i < n; i += period) seasonal[i] = mean;
  }
}
