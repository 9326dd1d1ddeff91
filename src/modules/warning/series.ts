/**
 * Reading a watched series from the statistical database: its metadata, a label in both languages
 * (region name + indicator name), and its transformed values (同比, 环比 or level, optionally after
 * STL seasonal adjustment).
 */
import type { Dec } from '../../platform/decimal.ts';
import type { StlOptions, StlResult } from '../analysis/index.ts';
import { type SeasonalAdjuster, type Transform, transformSeries } from './domain/transform.ts';
import type { WarningRegister, WarningSeries, WarningStatdb } from './ports.ts';

/** How long a series read stays in memory (see `read`). */
const CACHE_MS = 10_000;

/** Canonical text of a dimension selection, so selections compare equal whatever their key order. */
export const dimsText = (dims: unknown) =>
  JSON.stringify(
    Object.entries((dims ?? {}) as Record<string, string>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );

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

  // Series read in the last CACHE_MS, by indicator and selection: a board and an evaluation read
  // the same few series again and again. A change this process hears of drops its entry at once
  // (before the evaluation it triggers reads); changes made by another process show within
  // CACHE_MS, as other in-process caches of the platform do.
  const cache = new Map<string, { at: number; series: Promise<WarningSeries> }>();
  const keyOf = (indicator: string, dims: Record<string, string>) => `${indicator} ${dimsText(dims)}`;

  function read(indicator: string, dims: Record<string, string>): Promise<WarningSeries> {
    const key = keyOf(indicator, dims);
    const now = Date.now();
    const hit = cache.get(key);
    if (hit && now - hit.at < CACHE_MS) return hit.series;
    const series = deps.statdb().series({ indicator, dims });
    cache.set(key, { at: now, series });
    // A failed read (unknown indicator, a dropped connection) is not kept.
    series.catch(() => {
      if (cache.get(key)?.series === series) cache.delete(key);
    });
    return series;
  }

  return {
    labelOf,
    /** Forgets the series of an indicator that changed. */
    forget(change: { indicator: string; dims: Record<string, string> }) {
      // Every selection of the indicator: one read with a dimension left to its default is the
      // same series as the change's full selection, under another key.
      for (const key of cache.keys()) if (key.startsWith(`${change.indicator} `)) cache.delete(key);
    },
    /** The series (throws statdb's problem when unknown) with its transformed values. */
    async load(w: WatchedSeries): Promise<LoadedSeries> {
      const series = await read(w.indicator, w.dims);
      const values = transformSeries(series.points, w.transform, {
        adjust: w.seasonallyAdjusted ? adjust : null,
      });
      return { series, label: await labelOf(series), values };
    },
  };
}

export type SeriesReader = ReturnType<typeof createSeriesReader>;
