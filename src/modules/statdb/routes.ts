/** Statistical database routes (/api/statdb/…): validate, authorise, call, present. */
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../config.ts';
import { assertRole } from '../../platform/auth.ts';
import type { Db } from '../../platform/db.ts';
import { commonProblems } from '../../platform/problems.ts';
import { contextOf, requireActor } from '../../platform/request.ts';
import {
  DefineIndicators,
  DefineResult,
  DimensionList,
  ImportQuery,
  ImportResult,
  IndicatorList,
  IndicatorParams,
  IndicatorQuery,
  IndicatorView,
  ObservationPage,
  ObservationQuery,
  SeasonalView,
  VintageList,
  VintageQuery,
} from './contract.ts';
import type { Imports } from './imports.ts';
import { statdbProblems as P } from './problems.ts';
import { type Queries, WRITERS } from './queries.ts';
import type { Store } from './store.ts';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const FILE_TYPES = ['text/csv', 'application/csv', 'application/octet-stream', XLSX_TYPE];

/** The uploaded file, from multipart/form-data or a raw CSV/xlsx body. */
async function uploadedFile(req: FastifyRequest): Promise<Buffer> {
  if (req.isMultipart()) {
    const part = await req.file();
    if (!part) throw P.no_file();
    return part.toBuffer();
  }
  if (Buffer.isBuffer(req.body)) return req.body;
  throw commonProblems.unsupported_media_type({ type: req.headers['content-type'] ?? '' });
}

export function statdbRoutes(deps: {
  db: Db;
  store: Store;
  queries: Queries;
  imports: Imports;
  config: Config;
}) {
  const { store, queries, imports } = deps;
  return async (fastify: FastifyInstance) => {
    await fastify.register(multipart, {
      limits: { fileSize: deps.config.uploadLimitBytes, files: 1, parts: 4 },
    });
    fastify.addContentTypeParser(
      FILE_TYPES,
      { parseAs: 'buffer', bodyLimit: deps.config.uploadLimitBytes },
      (_req, body, done) => done(null, body),
    );
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const tags = ['statdb'];

    app.get(
      '/api/statdb/indicators',
      {
        schema: {
          tags,
          summary: 'Indicators of the statistical database (综合数据库指标), searchable by code or name',
          querystring: IndicatorQuery,
          response: { 200: IndicatorList },
        },
      },
      async (req) => queries.listIndicators(requireActor(req), req.query),
    );

    app.get(
      '/api/statdb/indicators/:code',
      {
        schema: {
          tags,
          summary: "An indicator's metadata: definition, unit, source, footnotes, dimensions",
          params: IndicatorParams,
          response: { 200: IndicatorView },
        },
      },
      async (req) => queries.getIndicator(requireActor(req), req.params.code),
    );

    app.put(
      '/api/statdb/indicators',
      {
        schema: {
          tags,
          summary: 'Define or update indicators (designer, admin, city statistician; audited)',
          body: DefineIndicators,
          response: { 200: DefineResult },
        },
      },
      async (req) => {
        const ctx = contextOf(req, WRITERS);
        const writer = { by: ctx.actor.username, actor: ctx.actor, ip: ctx.ip, userAgent: ctx.userAgent };
        return deps.db
          .transaction()
          .execute((trx) => store.defineIndicators(trx, req.body.indicators, ctx.actor.username, writer));
      },
    );

    app.get(
      '/api/statdb/dimensions',
      {
        schema: {
          tags,
          summary: 'The dimensions and their code lists (region, industry, size class, registration type)',
          response: { 200: DimensionList },
        },
      },
      async (req) => queries.dimensions(requireActor(req)),
    );

    app.get(
      '/api/statdb/observations',
      {
        schema: {
          tags,
          summary:
            'Series of an indicator for the selected codes and periods, with 同比, 环比, 累计 and 累计增长 per point; asOf reads an earlier state',
          querystring: ObservationQuery,
          response: { 200: ObservationPage },
        },
      },
      async (req) => queries.observations(requireActor(req), req.query),
    );

    app.get(
      '/api/statdb/observations.csv',
      {
        schema: {
          tags,
          summary: 'The same selection as CSV (UTF-8 with BOM)',
          querystring: ObservationQuery,
          produces: ['text/csv'],
          response: { 200: z.any().describe('CSV (UTF-8 with BOM)') },
        },
      },
      async (req, reply) => {
        const text = await queries.csv(requireActor(req), req.query);
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${req.query.indicator}.csv"`)
          .send(text);
      },
    );

    app.get(
      '/api/statdb/seasonal',
      {
        schema: {
          tags,
          summary:
            '季节调整: STL of one monthly or quarterly series (adjusted = value − seasonal), or a note why not',
          querystring: ObservationQuery,
          response: { 200: SeasonalView },
        },
      },
      async (req) => queries.seasonal(requireActor(req), req.query),
    );

    app.get(
      '/api/statdb/vintages',
      {
        schema: {
          tags,
          summary: 'Every vintage of one observation (revisions never overwrite), oldest first',
          querystring: VintageQuery,
          response: { 200: VintageList },
        },
      },
      async (req) => queries.vintages(requireActor(req), req.query),
    );

    app.post(
      '/api/statdb/imports',
      {
        bodyLimit: deps.config.uploadLimitBytes,
        schema: {
          tags,
          summary:
            'Import historical series from CSV or xlsx (long: indicator, dimensions, period, value, status, note; wide: a yearbook table). Every problem listed with row and column (422); nothing written on any error',
          consumes: ['multipart/form-data', 'text/csv', XLSX_TYPE, 'application/octet-stream'],
          querystring: ImportQuery,
          body: z.any().describe('the file: a multipart/form-data field, or the raw CSV/xlsx body'),
          response: { 200: ImportResult },
        },
      },
      async (req) => {
        // Role first, so an enterprise account learns nothing about the file it sent.
        const ctx = contextOf(req);
        assertRole(ctx.actor, WRITERS);
        const data = await uploadedFile(req);
        const { layout, indicator, status, source, region, industry, size, regtype } = req.query;
        return imports.importFile(ctx, data, {
          layout,
          indicator,
          status,
          source,
          fixed: { region, industry, size, regtype },
        });
      },
    );
  };
}
