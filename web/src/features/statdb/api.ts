/** Statistical database calls, typed from the server's contract. */
import type { z } from 'zod';
import type {
  DimensionList,
  ImportResult,
  IndicatorList,
  ObservationPage,
  ObservationProblem,
  SeasonalView,
  VintageList,
} from '../../../../src/modules/statdb/contract.ts';
import { api, type Query, withQuery } from '../../api/client.ts';

export type Indicators = z.infer<typeof IndicatorList>;
export type Indicator = Indicators['items'][number];
export type Dimensions = z.infer<typeof DimensionList>;
export type Observations = z.infer<typeof ObservationPage>;
export type Seasonal = z.infer<typeof SeasonalView>;
export type Vintages = z.infer<typeof VintageList>;
export type ImportSummary = z.infer<typeof ImportResult>;
export type ImportProblem = ObservationProblem;

/** A selection as the API takes it: indicator, codes per dimension (comma list), period range. */
export type Selection = Record<string, string | undefined>;

export const statdbApi = {
  indicators: () => api<Indicators>('/api/statdb/indicators'),
  dimensions: () => api<Dimensions>('/api/statdb/dimensions'),
  observations: (q: Selection) => api<Observations>('/api/statdb/observations', { query: q as Query }),
  seasonal: (q: Selection) => api<Seasonal>('/api/statdb/seasonal', { query: q as Query }),
  vintages: (q: Selection) => api<Vintages>('/api/statdb/vintages', { query: q as Query }),
  csvUrl: (q: Selection) => withQuery('/api/statdb/observations.csv', q as Query),
  queryUrl: (q: Selection) => withQuery('/api/statdb/observations', q as Query),
  import: (file: File, q: Selection) => {
    const form = new FormData();
    form.append('file', file);
    return api<ImportSummary>(withQuery('/api/statdb/imports', q as Query), { form });
  },
};
