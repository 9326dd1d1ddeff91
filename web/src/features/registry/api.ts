/**
 * Register (名录库) calls, typed from the server's contract. Paths live here only, so a change on
 * the server side is one edit.
 */
import type { z } from 'zod';
import type {
  ChangeStatusRequest,
  CreateUnitRequest,
  DivisionView,
  GroupingView,
  ImportPreview,
  ImportResult,
  IndustryView,
  OfficeView,
  UnitPage,
  UnitView,
  UpdateUnitRequest,
} from '../../../../src/modules/registry/contract.ts';
import { api, download, type Query, withQuery } from '../../api/client.ts';

export type Division = z.infer<typeof DivisionView>;
export type Industry = z.infer<typeof IndustryView>;
export type Grouping = z.infer<typeof GroupingView>;
export type Office = z.infer<typeof OfficeView>;
export type Unit = z.infer<typeof UnitView>;
export type Units = z.infer<typeof UnitPage>;
export type UnitListItem = Units['items'][number];
export type NewUnit = z.input<typeof CreateUnitRequest>;
export type UnitChange = z.input<typeof UpdateUnitRequest>;
export type StatusChange = z.input<typeof ChangeStatusRequest>;
export type { ImportPreview };
export type ImportDone = z.infer<typeof ImportResult>;

/** The filters of the unit search, as they appear in the page URL and the API query string. */
export interface UnitFilters {
  q?: string;
  division?: string;
  industry?: string;
  /** Named industry groupings (e.g. high-tech-manufacturing), comma-separated. */
  grouping?: string;
  size?: string;
  status?: string;
  sort?: string;
  page?: number;
  pageSize?: number;
}

const R = '/api/registry';

export const registryPaths = {
  units: `${R}/units`,
  exportUnits: `${R}/units/export`,
  template: `${R}/import-template`,
  imports: `${R}/imports`,
};

export const registryApi = {
  divisions: () => api<Division[]>(`${R}/divisions`),
  industries: () => api<Industry[]>(`${R}/industries`),
  groupings: () => api<Grouping[]>(`${R}/industry-groupings`),
  offices: (level?: Office['level']) => api<Office[]>(`${R}/offices`, { query: { level } }),
  units: (filters: UnitFilters) => api<Units>(registryPaths.units, { query: filters as Query }),
  unitsUrl: (filters: UnitFilters) => withQuery(registryPaths.units, filters as Query),
  unit: (id: string) => api<Unit>(`${R}/units/${id}`),
  createUnit: (body: NewUnit) => api<Unit>(`${R}/units`, { body }),
  updateUnit: (id: string, body: UnitChange) => api<Unit>(`${R}/units/${id}`, { method: 'PATCH', body }),
  changeStatus: (id: string, body: StatusChange) => api<Unit>(`${R}/units/${id}/status`, { body }),
  exportUnits: (filters: UnitFilters, format: 'xlsx' | 'csv') =>
    download(registryPaths.exportUnits, {
      ...(filters as Query),
      page: undefined,
      pageSize: undefined,
      format,
    }),
  template: (format: 'xlsx' | 'csv') => download(registryPaths.template, { format }),
  uploadImport: (file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return api<ImportPreview>(registryPaths.imports, { form, query: { fileName: file.name } });
  },
  confirmImport: (id: string) =>
    api<ImportDone>(`${registryPaths.imports}/${id}/confirm`, { method: 'POST' }),
  discardImport: (id: string) => api(`${registryPaths.imports}/${id}`, { method: 'DELETE' }),
};
