/** Aggregation routes (/api/aggregation/…): validate, authorise, call the service, present. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf, requireActor } from '../../platform/request.ts';
import {
  FormItemsView,
  FormParams,
  FormPeriodParams,
  FormSummary,
  MicrodataPage,
  MicrodataQuery,
  RecomputeRequest,
  RecomputeView,
  SeriesQuery,
  SeriesView,
  SignOffList,
  SignOffRequest,
  SignOffView,
  TableQuery,
  TableView,
  VintagesParams,
  VintagesView,
} from './contract.ts';
import { tableWorkbook } from './excel.ts';
import type { AggregationService } from './service.ts';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function aggregationRoutes(service: AggregationService) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const tags = ['aggregation'];

    app.get(
      '/api/aggregation/forms',
      {
        schema: {
          tags,
          summary: 'Forms with aggregated periods in your area (units approved, sign-off)',
          response: { 200: z.object({ items: z.array(FormSummary) }) },
        },
      },
      async (req) => ({ items: await service.forms(requireActor(req)) }),
    );

    app.get(
      '/api/aggregation/forms/:formId/periods/:period/items',
      {
        schema: {
          tags,
          summary: 'The additive items (可汇总指标) of a form as of a period',
          params: FormPeriodParams,
          response: { 200: FormItemsView },
        },
      },
      async (req) => service.items(requireActor(req), req.params.formId, req.params.period),
    );

    app.get(
      '/api/aggregation/forms/:formId/periods/:period/table',
      {
        schema: {
          tags,
          summary: '汇总表: one item by division level (× industry, size or registration type), with growth',
          description:
            'Live aggregates of approved data (they change with every approval), or as known at `asOf`. Outside the bureau (enterprise accounts, or view=public) suppressed cells have value null and status primary/secondary.',
          params: FormPeriodParams,
          querystring: TableQuery,
          response: { 200: TableView },
        },
      },
      async (req) => service.table(requireActor(req), req.params.formId, req.params.period, req.query),
    );

    app.get(
      '/api/aggregation/forms/:formId/periods/:period/table.xlsx',
      {
        schema: {
          tags,
          summary: 'The same summary table as an Excel workbook',
          params: FormPeriodParams,
          querystring: TableQuery,
          response: { 200: z.any().describe('xlsx file') },
        },
      },
      async (req, reply) => {
        const table = await service.table(requireActor(req), req.params.formId, req.params.period, req.query);
        const body = await tableWorkbook(table, req.locale);
        const name = `${table.form.code}-${table.period}-${table.item.code}-${table.rowLevel}${table.colDimension ? `-${table.colDimension}` : ''}`;
        return reply
          .header('content-type', XLSX_TYPE)
          .header('content-disposition', `attachment; filename="${encodeURIComponent(name)}.xlsx"`)
          .send(body);
      },
    );

    app.get(
      '/api/aggregation/forms/:formId/series',
      {
        schema: {
          tags,
          summary: 'One aggregate cell over every period, with growth and STL seasonal adjustment',
          params: FormParams,
          querystring: SeriesQuery,
          response: { 200: SeriesView },
        },
      },
      async (req) => service.series(requireActor(req), req.params.formId, req.query),
    );

    app.get(
      '/api/aggregation/microdata',
      {
        schema: {
          tags,
          summary: '统计原始数据库: approved values by unit in your area, current or as known at a time',
          querystring: MicrodataQuery,
          response: { 200: MicrodataPage },
        },
      },
      async (req) => service.microdata(requireActor(req), req.query),
    );

    app.get(
      '/api/aggregation/microdata/:formId/:period/:unitId',
      {
        schema: {
          tags,
          summary: 'Every vintage (版本) of one unit’s approved report',
          params: VintagesParams,
          response: { 200: VintagesView },
        },
      },
      async (req) => service.vintages(requireActor(req), req.params),
    );

    app.post(
      '/api/aggregation/forms/:formId/periods/:period/sign-off',
      {
        schema: {
          tags,
          summary:
            '封库: sign a period off (freezes this release; publishes totals into the statistical database)',
          params: FormPeriodParams,
          body: SignOffRequest,
          response: { 200: SignOffView },
        },
      },
      async (req) => service.signOff(contextOf(req), req.params.formId, req.params.period, req.body.note),
    );

    app.get(
      '/api/aggregation/forms/:formId/periods/:period/sign-offs',
      {
        schema: {
          tags,
          summary: 'Sign-offs of a period (each a frozen release, as of its time)',
          params: FormPeriodParams,
          response: { 200: SignOffList },
        },
      },
      async (req) => service.signOffs(requireActor(req), req.params.formId, req.params.period),
    );

    app.post(
      '/api/aggregation/recompute',
      {
        schema: {
          tags,
          summary: '全量重算: bring the microdata in line with approvals and rebuild the aggregates (admin)',
          body: RecomputeRequest,
          response: { 200: RecomputeView },
        },
      },
      async (req) => service.recompute(contextOf(req), req.body),
    );
  };
}
