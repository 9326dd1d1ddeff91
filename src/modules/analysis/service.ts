/**
 * Analysis use cases. Seasonal adjustment is pure computation on the posted series: no table is
 * read or written, so there is no transaction and nothing to audit.
 */
import type { StlRequest, StlView } from './contract.ts';
import { resolveStlParameters, StlParameterError, stl, stlWork } from './domain/stl.ts';
import { analysisProblems } from './problems.ts';

/**
 * Most (point × window) loess terms one request may cost: about half a second of one core (a
 * term is about 10 ns, bench/stl.bench.ts). The default robust decomposition of 10,000 monthly
 * points needs about 3.2e6, so only unusual spans with jump 1 on long series reach it.
 */
export const STL_WORK_LIMIT = 5e7;

/** Fills interior nulls linearly; returns the positions filled. */
function interpolateGaps(values: (number | null)[]): { filled: number[]; positions: number[] } {
  const filled = values.slice() as number[];
  const positions: number[] = [];
  for (let i = 0; i < values.length; i++) {
    if (values[i] !== null) continue;
    let j = i;
    while (j < values.length && values[j] === null) j++;
    if (i === 0 || j === values.length) throw analysisProblems.missing_at_ends({ first: i });
    const a = values[i - 1] as number;
    const b = values[j] as number;
    for (let m = i; m < j; m++) {
      filled[m] = a + ((b - a) * (m - i + 1)) / (j - i + 1);
      positions.push(m);
    }
    i = j;
  }
  return { filled, positions };
}

function addPeriods(start: { year: number; period: number }, steps: number, frequency: number) {
  const index = start.period - 1 + steps;
  return { year: start.year + Math.floor(index / frequency), period: (index % frequency) + 1 };
}

export function createAnalysisService() {
  /** STL decomposition of a posted series, with R's parameter names and defaults. */
  function decompose(input: StlRequest): StlView {
    const { frequency } = input;
    const n = input.values.length;
    if (n <= 2 * frequency) throw analysisProblems.too_short({ n, frequency, min: 2 * frequency + 1 });
    if (input.start && input.start.period > frequency)
      throw analysisProblems.bad_start({ period: input.start.period, frequency });

    const gaps: number[] = [];
    input.values.forEach((v, i) => {
      if (v === null) gaps.push(i);
    });
    let values: number[];
    let interpolated: number[] = [];
    if (gaps.length === 0) values = input.values as number[];
    else if (input.missing === 'interpolate') {
      const r = interpolateGaps(input.values);
      values = r.filled;
      interpolated = r.positions;
    } else throw analysisProblems.missing_values({ count: gaps.length, first: gaps[0] });

    const options = {
      sWindow: input['s.window'],
      sDegree: input['s.degree'],
      tWindow: input['t.window'],
      tDegree: input['t.degree'],
      lWindow: input['l.window'],
      lDegree: input['l.degree'],
      sJump: input['s.jump'],
      tJump: input['t.jump'],
      lJump: input['l.jump'],
      robust: input.robust,
      inner: input.inner,
      outer: input.outer,
    };
    let parameters: ReturnType<typeof resolveStlParameters>;
    try {
      parameters = resolveStlParameters(n, frequency, options);
    } catch (e) {
      // The contract's bounds already exclude these; kept so a gap between them is a 400.
      if (e instanceof StlParameterError)
        throw analysisProblems.too_short({ n, frequency, min: 2 * frequency + 1 });
      throw e;
    }
    const work = stlWork(n, parameters);
    if (work > STL_WORK_LIMIT) throw analysisProblems.too_much_work({ work, limit: STL_WORK_LIMIT });

    const fit = stl(values, frequency, options);
    const p = fit.parameters;
    const adjusted = values.map((v, i) => v - fit.seasonal[i]);
    return {
      n,
      frequency,
      start: input.start ?? null,
      end: input.start ? addPeriods(input.start, n - 1, frequency) : null,
      parameters: {
        's.window': p.sWindow,
        's.degree': p.sDegree,
        't.window': p.tWindow,
        't.degree': p.tDegree,
        'l.window': p.lWindow,
        'l.degree': p.lDegree,
        's.jump': p.sJump,
        't.jump': p.tJump,
        'l.jump': p.lJump,
        inner: p.inner,
        outer: p.outer,
        robust: p.robust,
        periodic: p.periodic,
      },
      seasonal: Array.from(fit.seasonal),
      trend: Array.from(fit.trend),
      remainder: Array.from(fit.remainder),
      weights: Array.from(fit.weights),
      seasonallyAdjusted: adjusted,
      interpolated,
    };
  }

  return { decompose };
}

export type AnalysisService = ReturnType<typeof createAnalysisService>;
