/**
 * STL against R: every fixture in ../fixtures (eight built-in series with chosen parameters, and
 * forty seeded random series with random parameters) was written by make-stl-fixtures.R from R's
 * stats::stl. The requirement: seasonal, trend, remainder and robustness weights agree to an
 * absolute 1e-6 (the series range from log values near 5 to counts near 17,000; no relative
 * scaling is needed). Observed: identical to the last bit, because every floating-point
 * operation is done in the Fortran's order; a further test holds that to 1e-12 so a harmless-
 * looking reordering is caught (w·d·d instead of w·(d·d) drifted by up to 1e-9).
 */
import { describe, expect, it } from 'vitest';
import {
  loadRandomStlFixtures,
  loadStlFixtures,
  optionsFromR,
  type StlFixture,
} from '../fixtures/stl-fixtures.ts';
import { StlParameterError, type StlParameters, StlWorkspace, stl } from './stl.ts';

const fixtures = loadStlFixtures();

/** The parameters as R reports them in fit$win, fit$deg, fit$jump, fit$inner, fit$outer. */
const asR = (p: StlParameters) => ({
  's.window': p.sWindow,
  't.window': p.tWindow,
  'l.window': p.lWindow,
  's.degree': p.sDegree,
  't.degree': p.tDegree,
  'l.degree': p.lDegree,
  's.jump': p.sJump,
  't.jump': p.tJump,
  'l.jump': p.lJump,
  inner: p.inner,
  outer: p.outer,
});

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>) {
  expect(a.length).toBe(b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

describe('STL reproduces R stats::stl', () => {
  expect(fixtures.length).toBeGreaterThanOrEqual(8);
  for (const fx of fixtures) {
    for (const c of fx.cases) {
      it(`${fx.expression}: ${c.call}`, () => {
        const fit = stl(fx.values, fx.frequency, optionsFromR(c.args));
        const worst = Math.max(
          maxDiff(fit.seasonal, c.seasonal),
          maxDiff(fit.trend, c.trend),
          maxDiff(fit.remainder, c.remainder),
        );
        expect(worst).toBeLessThanOrEqual(1e-6);
        expect(maxDiff(fit.weights, c.weights)).toBeLessThanOrEqual(1e-6);
        expect(asR(fit.parameters)).toEqual(c.used);
      });
    }
  }
});

describe('STL reproduces R on random series and parameters', () => {
  const random = loadRandomStlFixtures();
  expect(random.length).toBe(40);
  for (const fx of random) {
    const c = fx.cases[0];
    it(`${fx.series} (frequency ${fx.frequency}, n ${fx.values.length}): ${c.call}`, () => {
      const fit = stl(fx.values, fx.frequency, optionsFromR(c.args));
      expect(maxDiff(fit.seasonal, c.seasonal)).toBeLessThanOrEqual(1e-6);
      expect(maxDiff(fit.trend, c.trend)).toBeLessThanOrEqual(1e-6);
      expect(maxDiff(fit.remainder, c.remainder)).toBeLessThanOrEqual(1e-6);
      expect(maxDiff(fit.weights, c.weights)).toBeLessThanOrEqual(1e-6);
      expect(asR(fit.parameters)).toEqual(c.used);
    });
  }
});

describe('STL keeps the Fortran order of operations', () => {
  it('agrees with R to 1e-12 on every fixture', () => {
    let worst = 0;
    for (const fx of [...fixtures, ...loadRandomStlFixtures()])
      for (const c of fx.cases) {
        const fit = stl(fx.values, fx.frequency, optionsFromR(c.args));
        worst = Math.max(worst, maxDiff(fit.seasonal, c.seasonal), maxDiff(fit.trend, c.trend));
      }
    expect(worst).toBeLessThanOrEqual(1e-12);
  });
});

describe('STL properties', () => {
  const nottem = fixtures.find((f) => f.series === 'nottem') as StlFixture;

  it('adds up: seasonal + trend + remainder is the series', () => {
    const fit = stl(nottem.values, 12, { sWindow: 7, robust: true });
    for (let i = 0; i < nottem.values.length; i++)
      expect(fit.seasonal[i] + fit.trend[i] + fit.remainder[i]).toBeCloseTo(nottem.values[i], 10);
  });

  it('is linear without robustness, and its robust weights do not depend on the unit', () => {
    const k = 1000;
    const scaled = nottem.values.map((v) => v * k);
    for (const options of [{ sWindow: 7 }, { sWindow: 13, robust: true }] as const) {
      const a = stl(nottem.values, 12, options);
      const b = stl(scaled, 12, options);
      for (let i = 0; i < a.trend.length; i++) {
        expect(b.trend[i]).toBeCloseTo(a.trend[i] * k, 6);
        expect(b.seasonal[i]).toBeCloseTo(a.seasonal[i] * k, 6);
        expect(b.weights[i]).toBeCloseTo(a.weights[i], 9);
      }
    }
  });

  it('gives the same answer with a reused workspace', () => {
    const ws = new StlWorkspace(nottem.values.length, 12);
    const a = stl(nottem.values, 12, { sWindow: 13, robust: true }, ws);
    stl(
      nottem.values.map((v) => v * 2),
      12,
      { sWindow: 7 },
      ws,
    );
    const b = stl(nottem.values, 12, { sWindow: 13, robust: true }, ws);
    expect(Array.from(b.trend)).toEqual(Array.from(a.trend));
    expect(Array.from(b.weights)).toEqual(Array.from(a.weights));
  });

  it('makes the periodic seasonal component exactly periodic', () => {
    const fit = stl(nottem.values, 12, { sWindow: 'periodic' });
    for (let i = 12; i < fit.seasonal.length; i++) expect(fit.seasonal[i]).toBe(fit.seasonal[i - 12]);
  });

  it('down-weights an outlier when robust', () => {
    const values = nottem.values.slice();
    values[100] += 60;
    const fit = stl(values, 12, { sWindow: 7, robust: true });
    expect(fit.weights[100]).toBe(0);
    expect(Math.abs(fit.remainder[100])).toBeGreaterThan(50);
  });

  it('rejects what R rejects, with the field at fault', () => {
    const fails = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(StlParameterError);
        return (e as StlParameterError).reason;
      }
      throw new Error('expected a StlParameterError');
    };
    expect(fails(() => stl(nottem.values.slice(0, 24), 12, { sWindow: 7 }))).toBe('too_short');
    expect(fails(() => stl(nottem.values, 1, { sWindow: 7 }))).toBe('period');
    expect(fails(() => stl(nottem.values, 12, { sWindow: 7, sJump: 0 }))).toBe('jump');
    expect(fails(() => stl(nottem.values, 12, { sWindow: 7, tDegree: 2 as 1 }))).toBe('degree');
    expect(fails(() => stl([...nottem.values.slice(1), Number.NaN], 12, { sWindow: 7 }))).toBe('not_finite');
  });
});
