/** Review routes (/api/review/…): validate, authorise, call the service, present. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf, requireActor } from '../../platform/request.ts';
import {
  AnomalyExportQuery,
  AnomalyPage,
  AnomalyParams,
  AnomalyQuery,
  DecisionRequest,
  FormParams,
  InboxQuery,
  InboxView,
  LevelsRequest,
  LevelsView,
  ListQuery,
  NewQueryRequest,
  QueryParams,
  ReopenRequest,
  ReplyRequest,
  ReviewDetail,
  ReviewPage,
  RuleParams,
  SubmissionParams,
  VerdictRequest,
  ViolationExportQuery,
  ViolationPage,
  ViolationQuery,
} from './contract.ts';
import type { ReviewService } from './service.ts';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const keyOf = (p: { unitId: string; formId: string; period: string }) => ({
  unitId: p.unitId,
  formId: p.formId,
  period: p.period,
});

export function reviewRoutes(service: ReviewService) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const tags = ['review'];
    const one = '/api/review/units/:unitId/forms/:formId/periods/:period';

    app.get(
      '/api/review/submissions',
      {
        schema: {
          tags,
          summary: 'Handed-in submissions of a period in your area: status, review level and open problems',
          querystring: ListQuery,
          response: { 200: ReviewPage },
        },
      },
      async (req) => service.list(requireActor(req), req.query),
    );

    app.get(
      '/api/review/inbox',
      {
        schema: {
          tags,
          summary:
            "The reporter's unit: forms returned (with the reason), open queries, rejected explanations",
          querystring: InboxQuery,
          response: { 200: InboxView },
        },
      },
      async (req) => service.inbox(requireActor(req), req.query.period),
    );

    app.get(
      one,
      {
        schema: {
          tags,
          summary: 'One submission for review: values, failed rules beside explanations, decisions, queries',
          params: SubmissionParams,
          response: { 200: ReviewDetail },
        },
      },
      async (req) => service.detail(requireActor(req), keyOf(req.params)),
    );

    app.post(
      `${one}/decisions`,
      {
        schema: {
          tags,
          summary:
            'Approve at the current level (final at the top), or return to the unit or a lower level with a reason. A stale `version` → 409 review.conflict',
          params: SubmissionParams,
          body: DecisionRequest,
          response: { 200: ReviewDetail },
        },
      },
      async (req) => {
        const ctx = contextOf(req);
        await service.decide(ctx, keyOf(req.params), req.body);
        return service.detail(ctx.actor, keyOf(req.params));
      },
    );

    app.post(
      `${one}/reopen`,
      {
        schema: {
          tags,
          summary: 'Reopen an approved submission for review (top level only, with a reason)',
          params: SubmissionParams,
          body: ReopenRequest,
          response: { 200: ReviewDetail },
        },
      },
      async (req) => {
        const ctx = contextOf(req);
        await service.reopen(ctx, keyOf(req.params), req.body);
        return service.detail(ctx.actor, keyOf(req.params));
      },
    );

    app.post(
      `${one}/queries`,
      {
        schema: {
          tags,
          summary: 'Ask the unit about a cell (查询)',
          params: SubmissionParams,
          body: NewQueryRequest,
          response: { 201: ReviewDetail },
        },
      },
      async (req, reply) => {
        const ctx = contextOf(req);
        await service.openQuery(ctx, keyOf(req.params), req.body);
        reply.status(201);
        return service.detail(ctx.actor, keyOf(req.params));
      },
    );

    app.post(
      `${one}/queries/:queryId/messages`,
      {
        schema: {
          tags,
          summary: 'Answer a query (the unit) or add to its thread (a reviewer)',
          params: QueryParams,
          body: ReplyRequest,
          response: { 200: ReviewDetail },
        },
      },
      async (req) => {
        const ctx = contextOf(req);
        await service.reply(ctx, keyOf(req.params), req.params.queryId, req.body.body);
        return service.detail(ctx.actor, keyOf(req.params));
      },
    );

    app.post(
      `${one}/queries/:queryId/close`,
      {
        schema: {
          tags,
          summary: 'Close a query',
          params: QueryParams,
          response: { 200: ReviewDetail },
        },
      },
      async (req) => {
        const ctx = contextOf(req);
        await service.closeQuery(ctx, keyOf(req.params), req.params.queryId);
        return service.detail(ctx.actor, keyOf(req.params));
      },
    );

    app.put(
      `${one}/explanations/:ruleId`,
      {
        schema: {
          tags,
          summary: "Accept or reject the unit's explanation (说明) of a failing verify rule, with a note",
          params: RuleParams,
          body: VerdictRequest,
          response: { 200: ReviewDetail },
        },
      },
      async (req) => {
        const ctx = contextOf(req);
        await service.judgeExplanation(ctx, keyOf(req.params), req.params.ruleId, req.body);
        return service.detail(ctx.actor, keyOf(req.params));
      },
    );

    app.get(
      '/api/review/violations',
      {
        schema: {
          tags,
          summary: 'Every rule failure of a period in your area, with state, filters and counts',
          querystring: ViolationQuery,
          response: { 200: ViolationPage },
        },
      },
      async (req) => service.violations(requireActor(req), req.query),
    );

    app.get(
      '/api/review/violations/export',
      {
        schema: {
          tags,
          summary: 'Export every violation of the filter (CSV or xlsx), uncapped',
          querystring: ViolationExportQuery,
          response: { 200: z.any().describe('CSV (UTF-8 with BOM) or xlsx file') },
        },
      },
      async (req, reply) => {
        const { format } = req.query;
        const stream = await service.exportViolations(requireActor(req), req.query, req.locale);
        const name = `violations-${req.query.period}`;
        return reply
          .header('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_TYPE)
          .header('content-disposition', `attachment; filename="${name}.${format}"`)
          .send(stream);
      },
    );

    app.get(
      '/api/review/forms/:formId/periods/:period/anomalies',
      {
        schema: {
          tags,
          summary:
            'Anomalous values (异常值) of a form and period in your area: the Hidiroglou–Berthelot edit and the modified z-score on ratios to the previous period and the same period last year, each with why',
          params: AnomalyParams,
          querystring: AnomalyQuery,
          response: { 200: AnomalyPage },
        },
      },
      async (req) => service.anomalies(requireActor(req), req.params.formId, req.params.period, req.query),
    );

    app.get(
      '/api/review/forms/:formId/periods/:period/anomalies/export',
      {
        schema: {
          tags,
          summary: 'Export every anomalous value of the filter as CSV, uncapped',
          params: AnomalyParams,
          querystring: AnomalyExportQuery,
          response: { 200: z.any().describe('CSV (UTF-8 with BOM)') },
        },
      },
      async (req, reply) => {
        const { formId, period } = req.params;
        const stream = await service.exportAnomalies(
          requireActor(req),
          formId,
          period,
          req.query,
          req.locale,
        );
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="anomalies-${period}.csv"`)
          .send(stream);
      },
    );

    app.get(
      '/api/review/forms/:formId/levels',
      {
        schema: {
          tags,
          summary: "A form's review levels, lowest first",
          params: FormParams,
          response: { 200: LevelsView },
        },
      },
      async (req) => service.levels(requireActor(req), req.params.formId),
    );

    app.put(
      '/api/review/forms/:formId/levels',
      {
        schema: {
          tags,
          summary: "Set a form's review levels (e.g. county → city)",
          params: FormParams,
          body: LevelsRequest,
          response: { 200: LevelsView },
        },
      },
      async (req) => service.setLevels(contextOf(req), req.params.formId, req.body.levels),
    );
  };
}
