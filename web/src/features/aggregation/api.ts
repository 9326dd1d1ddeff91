/** Aggregation (汇总) calls, typed from the server's contract. */
import type { z } from 'zod';
import type {
  COLUMN_DIMENSIONS,
  FormItemsView,
  FormSummary,
  MicrodataPage,
  ROW_LEVELS,
  SeriesView,
  SignOffList,
  SignOffView,
  TableView,
  VintagesView,
} from '../../../../src/modules/aggregation/contract.ts';
import { api, download, type Query, withQuery } from '../../api/client.ts';

export type AggForm = z.infer<typeof FormSummary>;
export type Items = z.infer<typeof FormItemsView>;
export type Table = TableView;
export type TableCell = Table['cells'][number][number];
export type Series = z.infer<typeof SeriesView>;
export type Microdata = z.infer<typeof MicrodataPage>;
export type MicroRow = Microdata['items'][number];
export type Vintages = z.infer<typeof VintagesView>;
export type SignOffs = z.infer<typeof SignOffList>;
export type SignedOff = z.infer<typeof SignOffView>;
export type RowLevel = (typeof ROW_LEVELS)[number];
export type ColDimension = (typeof COLUMN_DIMENSIONS)[number];

/** What a summary table shows, as the API's query string takes it. */
export interface TableQuery {
  item: string;
  rows: RowLevel;
  cols?: ColDimension;
  region?: string;
  asOf?: string;
  comparable?: 'true';
  view?: 'public';
}

export interface MicrodataQuery {
  formId: string;
  period: string;
  item?: string;
  region?: string;
  industry?: string;
  asOf?: string;
  page?: number;
  pageSize?: number;
}

const A = '/api/aggregation';
const fp = (formId: string, period: string) => `${A}/forms/${formId}/periods/${period}`;

export const aggregationApi = {
  forms: () => api<{ items: AggForm[] }>(`${A}/forms`),
  items: (formId: string, period: string) => api<Items>(`${fp(formId, period)}/items`),
  tableUrl: (formId: string, period: string, q: TableQuery) =>
    withQuery(`${fp(formId, period)}/table`, q as unknown as Query),
  table: (formId: string, period: string, q: TableQuery) =>
    api<Table>(`${fp(formId, period)}/table`, { query: q as unknown as Query }),
  downloadTable: (formId: string, period: string, q: TableQuery) =>
    download(`${fp(formId, period)}/table.xlsx`, q as unknown as Query),
  seriesUrl: (formId: string, q: { item: string; cut: string; cell?: string }) =>
    withQuery(`${A}/forms/${formId}/series`, { ...q, seasonal: 'true' }),
  series: (formId: string, q: { item: string; cut: string; cell?: string }) =>
    api<Series>(`${A}/forms/${formId}/series`, { query: { ...q, seasonal: 'true' } }),
  microdataUrl: (q: MicrodataQuery) => withQuery(`${A}/microdata`, q as unknown as Query),
  microdata: (q: MicrodataQuery) => api<Microdata>(`${A}/microdata`, { query: q as unknown as Query }),
  vintages: (formId: string, period: string, unitId: string) =>
    api<Vintages>(`${A}/microdata/${formId}/${period}/${unitId}`),
  signOffs: (formId: string, period: string) => api<SignOffs>(`${fp(formId, period)}/sign-offs`),
  signOff: (formId: string, period: string, note: string) =>
    api<SignedOff>(`${fp(formId, period)}/sign-off`, { body: note ? { note } : {} }),
};
