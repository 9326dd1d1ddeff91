/**
 * Reading a watched series from the statistical database: its metadata, a label in both languages
 * (region name + indicator name), and its transformed values (同比, 环比 or level, optionally after
 * STL seasonal adjustment).
 */
import type { Dec } from '../../platform/decimal.ts';
import type { StlOptions, StlResult } from '../analysis/index.ts';
import { type SeasonalAdjuster, type Transform, transformSeries } from './domain/transform.ts';
import type { WarningRegister, WarningSeries, WarningStatdb } from './ports.ts';

export type Stl = (values: ArrayLike<number>, frequency: number, options: StlOptions) => StlResult;

/**
 * STL as R's `stl(x, s.window = 13, robust = TRUE)`: a seasonal window of 13 lets the pattern
 * drift slowly over the years, and robustness keeps one odd month (a holiday shift) from bending
 * the seasonal factors of the others — the settings statistics offices commonly start from.
 */
export const STL_OPTIONS: StlOptions = { sWindow: 13, robust: true };

export interface WatchedSeries {
  indicator: string;
  dims: Record<string, string>;
  transform: Transform;
  seasonallyAdjusted: boolean;
}

export interface LoadedSeries {
  series: WarningSeries;
  label: { zh: string; en: string };
  values: Map<string, Dec | null>;
}

export function createSeriesReader(deps: {
  statdb: () => WarningStatdb;
  register: () => WarningRegister;
  stl: () => Stl;
}) {
  let regionNames: Promise<Map<string, string>> | null = null;
  const regions = () => {
    regionNames ??= deps
      .register()
      .listDivisions({})
      .then((list) => new Map(list.map((d) => [d.code, d.name])))
      .catch((e) => {
        regionNames = null;
        throw e;
      });
    return regionNames;
  };

  const adjust: SeasonalAdjuster = (values, perYear) => {
    const fit = deps.stl()(values, perYear, STL_OPTIONS);
    return values.map((v, i) => v - fit.seasonal[i]);
  };

  /** The label of a series: region name, indicator name, other dimensions' codes. */
  async function labelOf(series: WarningSeries) {
    const names = await regions();
    const parts = Object.entries(series.dims)
      .filter(([d]) => d !== 'region')
      .filter(([, code]) => code !== 'total')
      .map(([d, code]) => `${d}=${code}`);
    const region = series.dims.region ? (names.get(series.dims.region) ?? series.dims.region) : '';
    const extra = parts.length ? `（${parts.join('，')}）` : '';
    const extraEn = parts.length ? ` (${parts.join(', ')})` : '';
    return {
      zh: `${region}${region ? ' ' : ''}${series.indicator.name.zh}${extra}`,
      en: `${region}${region ? ', ' : ''}${series.indicator.name.en}${extraEn}`,
    };
  }

  return {
    labelOf,
    /** The series (throws statdb's problem when unknown) with its transformed values. */
    async load(w: WatchedSeries): Promise<LoadedSeries> {
      const series = await deps.statdb().series({ indicator: w.indicator, dims: w.dims });
      const values = transformSeries(series.points, w.transform, {
        adjust: w.seasonallyAdjusted ? adjust : null,
      });
      return { series, label: await labelOf(series), values };
    },
  };
}

export type SeriesReader = ReturnType<typeof createSeriesReader>;
