import { describe, expect, it } from 'vitest';
import {
  describeAnomaly,
  type HbResult,
  hidiroglouBerthelot,
  modifiedZScores,
  quantile,
  type UnitPair,
} from './anomaly.ts';

const pairs = (rows: [string, number | null, number | null][]): UnitPair[] =>
  rows.map(([unitId, previous, current]) => ({ unitId, previous, current }));

const flagged = (results: HbResult[]) =>
  results
    .filter((r) => r.status === 'flagged')
    .map((r) => (r.status === 'flagged' ? [r.unitId, r.side] : []));

describe('quantile (R type 7)', () => {
  it('interpolates between order statistics', () => {
    // R: quantile(c(1, 2, 4, 8), c(.25, .5, .75)) = 1.75 3.00 5.00
    const s = [1, 2, 4, 8];
    expect(quantile(s, 0.25)).toBe(1.75);
    expect(quantile(s, 0.5)).toBe(3);
    expect(quantile(s, 0.75)).toBe(5);
    expect(quantile([5], 0.25)).toBe(5);
  });
});

describe('Hidiroglou–Berthelot edit', () => {
  // Eight units, U = 0 so effects are the centred ratios and can be checked by hand:
  // ratios 1.0, 1.1 ×4, 1.2, 0.5, 3.0 → median 1.1;
  // s = 1 − 1.1/r below the median, r/1.1 − 1 above: −0.1, 0 ×4, 0.0909, −1.2, 1.7273.
  // Sorted E: −1.2, −0.1, 0, 0, 0, 0, 0.0909, 1.7273; type-7 quartiles Q1 = −0.025, M = 0,
  // Q3 = 0.0227; A·E_M = 0, so bounds are 0 ∓ 4·0.025 = −0.1 and 0 + 4·0.0227 = 0.0909.
  const units = pairs([
    ['u1', 100, 100],
    ['u2', 100, 110],
    ['u3', 200, 220],
    ['u4', 300, 330],
    ['u5', 50, 55],
    ['u6', 100, 120],
    ['u7', 100, 50],
    ['u8', 100, 300],
  ]);

  it('flags the units whose ratio is far from the median, with the numbers that decided it', () => {
    const { results, summary } = hidiroglouBerthelot(units, { u: 0, a: 0.05, c: 4 });
    expect(summary.medianRatio).toBeCloseTo(1.1, 12);
    expect(summary.quartiles?.q1).toBeCloseTo(-0.025, 12);
    expect(summary.quartiles?.median).toBeCloseTo(0, 12);
    expect(summary.quartiles?.q3).toBeCloseTo(0.25 * (1.2 / 1.1 - 1), 12);
    expect(summary.lower).toBeCloseTo(-0.1, 12);
    expect(summary.upper).toBeCloseTo(1.2 / 1.1 - 1, 12);
    expect(flagged(results)).toEqual([
      ['u7', 'low'],
      ['u8', 'high'],
    ]);
    const u7 = results[6];
    expect(u7).toMatchObject({ status: 'flagged', side: 'low', ratio: 0.5 });
    if (u7.status === 'flagged') expect(u7.centred).toBeCloseTo(-1.2, 12);
    expect(summary).toMatchObject({ assessed: 8, flagged: 2, u: 0, a: 0.05, c: [4, 4] });
  });

  it('takes a separate C for each tail', () => {
    // C = 50 below: 0 − 50·0.025 = −1.25 spares u7 (E = −1.2); C = 20 above: 0 + 20·0.0227 =
    // 0.4545, still under u8's 1.7273.
    const { results, summary } = hidiroglouBerthelot(units, { u: 0, c: [50, 20] });
    expect(summary.c).toEqual([50, 20]);
    expect(summary.lower).toBeCloseTo(-1.25, 12);
    expect(flagged(results)).toEqual([['u8', 'high']]);
  });

  it('weights by size with U: the same jump matters more for a large unit', () => {
    const base = pairs([
      ['a', 100, 100],
      ['b', 120, 126],
      ['c', 80, 78],
      ['d', 150, 150],
      ['e', 90, 93],
      ['f', 110, 108],
      ['g', 130, 134],
      ['h', 70, 70],
    ]);
    const small = { unitId: 'small', previous: 2, current: 2.6 };
    const large = { unitId: 'large', previous: 20000, current: 26000 };
    const { results, summary } = hidiroglouBerthelot([...base, small, large], { u: 1 });
    // Bounds as base R computes them with the same formula (quantile type 7):
    // r <- cur/prev; m <- median(r); s <- ifelse(r < m, 1 - m/r, r/m - 1); E <- s*pmax(prev, cur)
    expect(summary.lower).toBeCloseTo(-7.939336, 5);
    expect(summary.upper).toBeCloseTo(8.257051, 5);
    const bySize = Object.fromEntries(results.map((r) => [r.unitId, r.status]));
    expect(bySize.large).toBe('flagged');
    expect(bySize.small).toBe('ok');
    // Ratios sorted: 0.975, 0.9818, 1, 1, 1, 134/130, 1.0333, 1.05, 1.3, 1.3, so the median is
    // (1 + 134/130)/2 = 1.01538; E_i = s_i · max(x_t, x_t−1)^U = (1.3/r_M − 1) · 26000.
    const l = results.find((r) => r.unitId === 'large');
    if (l?.status !== 'flagged') throw new Error('large unit not flagged');
    expect(l.medianRatio).toBeCloseTo((1 + 134 / 130) / 2, 12);
    expect(l.effect).toBeCloseTo((1.3 / l.medianRatio - 1) * 26000, 8);
    // With U = 0 (ratios only) the two are treated alike.
    const flat = hidiroglouBerthelot([...base, small, large], { u: 0 }).results;
    const s0 = flat.find((r) => r.unitId === 'small');
    const l0 = flat.find((r) => r.unitId === 'large');
    expect(s0?.status).toBe(l0?.status);
  });

  it('does not assess missing, zero or negative values, and says which', () => {
    const { results, summary } = hidiroglouBerthelot(
      pairs([
        ['ok1', 10, 11],
        ['ok2', 20, 21],
        ['noCur', 10, null],
        ['noPrev', null, 10],
        ['zeroPrev', 0, 10],
        ['zeroCur', 10, 0],
        ['neg', -5, 10],
        ['nan', 10, Number.NaN],
      ]),
    );
    expect(results.map((r) => (r.status === 'not_assessed' ? r.reason : r.status))).toEqual([
      'ok',
      'ok',
      'missing_current',
      'missing_previous',
      'non_positive',
      'non_positive',
      'non_positive',
      'missing_current',
    ]);
    expect(summary.assessed).toBe(2);
  });

  it('flags nothing when every ratio is the same', () => {
    const { results, summary } = hidiroglouBerthelot(
      pairs([
        ['a', 10, 12],
        ['b', 100, 120],
        ['c', 5, 6],
        ['d', 1000, 1200],
      ]),
      { u: 1 },
    );
    expect(results.every((r) => r.status === 'ok')).toBe(true);
    expect(summary).toMatchObject({ lower: null, upper: null, flagged: 0 });
  });

  it('flags nothing when most units repeat last period exactly (every quartile of E is 0)', () => {
    // Six of eight units repeat their figure: E's quartiles are all 0, so there is no spread to
    // judge the other two by (R's HBmethod stops here); the modified z-score is the test to use.
    const { results, summary } = hidiroglouBerthelot(
      pairs([
        ['a', 10, 10],
        ['b', 100, 100],
        ['c', 5, 5],
        ['d', 1000, 1000],
        ['e', 50, 50],
        ['f', 70, 70],
        ['g', 80, 40],
        ['h', 30, 33],
      ]),
    );
    expect(summary).toMatchObject({
      quartiles: { q1: 0, median: 0, q3: 0 },
      lower: null,
      upper: null,
      flagged: 0,
    });
    expect(results.every((r) => r.status === 'ok')).toBe(true);
  });

  it('handles no units at all, and rejects parameters out of range', () => {
    expect(hidiroglouBerthelot([]).summary).toMatchObject({ assessed: 0, medianRatio: null, lower: null });
    expect(() => hidiroglouBerthelot(units, { u: 1.5 })).toThrow(RangeError);
    expect(() => hidiroglouBerthelot(units, { c: -1 })).toThrow(RangeError);
  });
});

describe('modified z-score', () => {
  const values = (xs: (number | null)[]) => xs.map((value, i) => ({ unitId: `u${i}`, value }));

  it('scores by median and MAD (0.6745 (x − median) / MAD) and flags |M| > 3.5', () => {
    // median 12; |x − 12| = 2, 0, 1, 1, 0, 38 → MAD 1.
    const { results, summary } = modifiedZScores(values([10, 12, 11, 13, 12, 50]));
    expect(summary).toMatchObject({ median: 12, scale: { kind: 'mad', value: 1 }, flagged: 1 });
    const scores = results.map((r) => (r.status === 'not_assessed' ? null : r.score));
    expect(scores[0]).toBeCloseTo(-1.349, 12);
    expect(scores[5]).toBeCloseTo(25.631, 12);
    expect(results.map((r) => r.status)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'flagged']);
  });

  it('falls back to the mean absolute deviation when the MAD is 0', () => {
    // median 5, deviations 0,0,0,0,4: MAD 0, MeanAD 0.8 → M = 4 / (1.253314 · 0.8) = 3.9894.
    const { results, summary } = modifiedZScores(values([5, 5, 5, 5, 9]));
    expect(summary.scale).toEqual({ kind: 'mean_absolute_deviation', value: 0.8 });
    const last = results[4];
    expect(last.status).toBe('flagged');
    if (last.status !== 'not_assessed') expect(last.score).toBeCloseTo(3.98942, 4);
  });

  it('flags nothing when every value is equal, and skips missing values', () => {
    const { results, summary } = modifiedZScores(values([7, null, 7, 7]));
    expect(summary).toMatchObject({ assessed: 3, flagged: 0, scale: { kind: 'none', value: 0 } });
    expect(results[1]).toEqual({ unitId: 'u1', status: 'not_assessed', reason: 'missing' });
    expect(modifiedZScores(values([null])).summary.median).toBeNull();
  });

  it('honours a custom threshold', () => {
    const xs = values([10, 12, 11, 13, 12, 16]); // M(16) = 0.6745·4/1 = 2.698
    expect(modifiedZScores(xs).summary.flagged).toBe(0);
    expect(modifiedZScores(xs, { threshold: 2.5 }).summary.flagged).toBe(1);
  });
});

describe('describeAnomaly', () => {
  it('explains a flag in Chinese and English with the deciding numbers', () => {
    const { results } = hidiroglouBerthelot(
      pairs([
        ['a', 100, 100],
        ['b', 100, 110],
        ['c', 100, 112],
        ['d', 100, 108],
        ['e', 100, 300],
      ]),
      { u: 0 },
    );
    const e = results[4];
    expect(describeAnomaly(e, 'en-US')).toContain('Ratio to the previous period 3');
    expect(describeAnomaly(e, 'en-US')).toContain('above the upper bound');
    expect(describeAnomaly(e, 'zh-CN')).toContain('高于上限');
    expect(describeAnomaly(results[1], 'zh-CN')).toBeNull();

    const z = modifiedZScores([
      { unitId: 'x', value: 5 },
      { unitId: 'y', value: 5 },
      { unitId: 'v', value: 5 },
      { unitId: 'u', value: 5 },
      { unitId: 'z', value: 9 },
      { unitId: 'w', value: null },
    ]);
    expect(describeAnomaly(z.results[4], 'en-US', z.summary)).toMatch(
      /Modified z-score .* mean absolute deviation/,
    );
    expect(describeAnomaly(z.results[4], 'zh-CN', z.summary)).toContain('平均绝对偏差');
    expect(describeAnomaly(z.results[5], 'zh-CN')).toBe('无数据，未检验');
  });
});

describe('invariants', () => {
  /** Deterministic pseudo-random numbers, so a failure can be replayed. */
  function lcg(seed: number) {
    let s = seed >>> 0;
    return () => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return s / 2 ** 32;
    };
  }

  it('HB flags the same units when every value is rescaled (a change of currency unit)', () => {
    const rand = lcg(11);
    for (let round = 0; round < 50; round++) {
      const units = Array.from({ length: 5 + Math.floor(rand() * 60) }, (_, i) => {
        const previous = 1 + rand() * 1000;
        const jump = rand() < 0.1 ? 0.2 + rand() * 4 : 0.9 + rand() * 0.2;
        return { unitId: `u${i}`, previous, current: previous * jump };
      });
      const k = 10_000; // 元 → 万元 and back
      const scaled = units.map((x) => ({ ...x, previous: x.previous * k, current: x.current * k }));
      for (const u of [0, 0.5, 1]) {
        const a = hidiroglouBerthelot(units, { u }).results.map((r) => r.status);
        const b = hidiroglouBerthelot(scaled, { u }).results.map((r) => r.status);
        expect(b).toEqual(a);
      }
    }
  });

  it('modified z-scores do not change under a positive affine change of the values', () => {
    const rand = lcg(5);
    for (let round = 0; round < 50; round++) {
      const xs = Array.from({ length: 3 + Math.floor(rand() * 40) }, (_, i) => ({
        unitId: `u${i}`,
        value: rand() < 0.2 ? 100 : Math.round(rand() * 200),
      }));
      const moved = xs.map((x) => ({ ...x, value: 3 * x.value + 7 }));
      const a = modifiedZScores(xs).results;
      const b = modifiedZScores(moved).results;
      a.forEach((r, i) => {
        const s = b[i];
        if (r.status === 'not_assessed' || s.status === 'not_assessed') throw new Error('all present');
        expect(s.score).toBeCloseTo(r.score, 9);
        expect(s.status).toBe(r.status);
      });
    }
  });
});
