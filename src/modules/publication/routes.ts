/** Publication's staff routes (/api/publication/…): validate, authorise, call, present. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf, requireActor } from '../../platform/request.ts';
import {
  DatasetEdit,
  DatasetInput,
  DatasetList,
  DatasetParams,
  DatasetView,
  ReleaseEdit,
  ReleaseInput,
  ReleaseList,
  ReleaseParams,
  ReleaseQuery,
  ReleaseView,
  SourceList,
  StagingInput,
  StagingParams,
  StagingPreview,
} from './contract.ts';
import { type PublicationService, RELEASE_MANAGERS } from './service.ts';

export function publicationRoutes(service: PublicationService) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const tags = ['publication'];
    const ctx = (req: Parameters<typeof contextOf>[0]) => contextOf(req, RELEASE_MANAGERS);

    app.get(
      '/api/publication/releases',
      {
        schema: {
          tags,
          summary: 'The release calendar (发布日程) with what each release stages',
          querystring: ReleaseQuery,
          response: { 200: ReleaseList },
        },
      },
      async (req) => service.listReleases(requireActor(req), req.query),
    );
    app.post(
      '/api/publication/releases',
      {
        schema: {
          tags,
          summary: 'Schedule a release at a future whole minute (audited)',
          body: ReleaseInput,
          response: { 201: ReleaseView },
        },
      },
      async (req, reply) => reply.code(201).send(await service.createRelease(ctx(req), req.body)),
    );
    app.get(
      '/api/publication/releases/:id',
      { schema: { tags, summary: 'One release', params: ReleaseParams, response: { 200: ReleaseView } } },
      async (req) => service.getRelease(requireActor(req), req.params.id),
    );
    app.patch(
      '/api/publication/releases/:id',
      {
        schema: {
          tags,
          summary: 'Edit a release; a new releaseAt moves it with everything staged (not once released)',
          params: ReleaseParams,
          body: ReleaseEdit,
          response: { 200: ReleaseView },
        },
      },
      async (req) => service.editRelease(ctx(req), req.params.id, req.body),
    );
    app.post(
      '/api/publication/releases/:id/cancel',
      {
        schema: {
          tags,
          summary: 'Cancel a release not yet released; its staged figures are withdrawn',
          params: ReleaseParams,
          response: { 200: ReleaseView },
        },
      },
      async (req) => service.cancelRelease(ctx(req), req.params.id),
    );
    app.post(
      '/api/publication/releases/:id/stagings/:dataset/preview',
      {
        schema: {
          tags,
          summary:
            'What staging the dataset would add and revise, and the periods public at the minute (nothing written)',
          params: StagingParams,
          body: StagingInput,
          response: { 200: StagingPreview },
        },
      },
      async (req) => service.previewStaging(ctx(req), req.params.id, req.params.dataset, req.body),
    );
    app.put(
      '/api/publication/releases/:id/stagings/:dataset',
      {
        schema: {
          tags,
          summary:
            "Stage a dataset: statdb's current values become public at the release minute; revisions need a note (422 listing them)",
          params: StagingParams,
          body: StagingInput,
          response: { 200: ReleaseView },
        },
      },
      async (req) => service.stage(ctx(req), req.params.id, req.params.dataset, req.body),
    );
    app.delete(
      '/api/publication/releases/:id/stagings/:dataset',
      {
        schema: {
          tags,
          summary: 'Unstage a dataset before the release minute',
          params: StagingParams,
          response: { 200: ReleaseView },
        },
      },
      async (req) => service.unstage(ctx(req), req.params.id, req.params.dataset),
    );

    app.get(
      '/api/publication/datasets',
      { schema: { tags, summary: 'Public datasets (公开数据表)', response: { 200: DatasetList } } },
      async (req) => service.listDatasets(requireActor(req)),
    );
    app.post(
      '/api/publication/datasets',
      {
        schema: {
          tags,
          summary:
            'Define a public dataset over statdb indicators of one frequency (422 listing every problem)',
          body: DatasetInput,
          response: { 201: DatasetView },
        },
      },
      async (req, reply) => reply.code(201).send(await service.createDataset(ctx(req), req.body)),
    );
    app.get(
      '/api/publication/datasets/:code',
      {
        schema: {
          tags,
          summary: 'One public dataset',
          params: DatasetParams,
          response: { 200: DatasetView },
        },
      },
      async (req) => service.getDataset(requireActor(req), req.params.code),
    );
    app.put(
      '/api/publication/datasets/:code',
      {
        schema: {
          tags,
          summary: 'Edit a public dataset (staged indicators and dimensions cannot be removed)',
          params: DatasetParams,
          body: DatasetEdit,
          response: { 200: DatasetView },
        },
      },
      async (req) => service.editDataset(ctx(req), { ...req.body, code: req.params.code }),
    );
    app.get(
      '/api/publication/sources',
      {
        schema: {
          tags,
          summary: 'The statdb indicators a dataset can be defined over',
          response: { 200: SourceList },
        },
      },
      async (req) => service.sources(requireActor(req)),
    );
  };
}
