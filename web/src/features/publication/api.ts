/** Publication calls, typed from the server's contract. */
import type { z } from 'zod';
import type {
  DatasetEdit,
  DatasetInput,
  DatasetList,
  DatasetView,
  ReleaseEdit,
  ReleaseInput,
  ReleaseList,
  ReleaseView,
  SourceList,
  StagingInput,
  StagingPreview,
} from '../../../../src/modules/publication/contract.ts';
import { api } from '../../api/client.ts';

export type Release = z.infer<typeof ReleaseView>;
export type Releases = z.infer<typeof ReleaseList>;
export type Dataset = z.infer<typeof DatasetView>;
export type DatasetBody = z.input<typeof DatasetInput>;
export type Preview = z.infer<typeof StagingPreview>;
export type Staging = z.input<typeof StagingInput>;
export type Sources = z.infer<typeof SourceList>;

const P = '/api/publication';

export const publicationApi = {
  releases: (from: string, to: string) => api<Releases>(`${P}/releases`, { query: { from, to } }),
  createRelease: (body: z.input<typeof ReleaseInput>) => api<Release>(`${P}/releases`, { body }),
  editRelease: (id: string, body: z.input<typeof ReleaseEdit>) =>
    api<Release>(`${P}/releases/${id}`, { method: 'PATCH', body }),
  cancelRelease: (id: string) => api<Release>(`${P}/releases/${id}/cancel`, { method: 'POST' }),
  preview: (id: string, dataset: string, body: Staging) =>
    api<Preview>(`${P}/releases/${id}/stagings/${dataset}/preview`, { body }),
  stage: (id: string, dataset: string, body: Staging) =>
    api<Release>(`${P}/releases/${id}/stagings/${dataset}`, { method: 'PUT', body }),
  unstage: (id: string, dataset: string) =>
    api<Release>(`${P}/releases/${id}/stagings/${dataset}`, { method: 'DELETE' }),
  datasets: () => api<z.infer<typeof DatasetList>>(`${P}/datasets`),
  createDataset: (body: DatasetBody) => api<Dataset>(`${P}/datasets`, { body }),
  editDataset: (code: string, body: z.input<typeof DatasetEdit>) =>
    api<Dataset>(`${P}/datasets/${code}`, { method: 'PUT', body }),
  sources: () => api<Sources>(`${P}/sources`),
};
