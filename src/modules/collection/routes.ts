/** Collection routes (/api/collection/…): validate, authorise, call the service, present. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf, requireActor } from '../../platform/request.ts';
import {
  AreaPage,
  AreaQuery,
  CheckRequest,
  CheckResult,
  CloseRequest,
  ClosureView,
  DiffQuery,
  DiffView,
  EntryView,
  RecheckReport,
  SaveDraftRequest,
  SubmissionParams,
  SubmissionView,
  SubmitRequest,
  TaskList,
  TaskQuery,
  UnitQuery,
  VersionDetail,
  VersionItem,
  VersionParams,
  WindowSettings,
} from './contract.ts';
import { collectionProblems as P } from './problems.ts';
import type { CollectionService } from './service.ts';

/**
 * The hot write routes (autosave, submit) answer a SubmissionView built by `view()`, typed by
 * the contract at compile time: it is sent as JSON without zod re-encoding it (60 rule results
 * and 100 cells cost a tenth of a millisecond per request). Errors go through the problem
 * handler as everywhere; the schema still documents the answer.
 */
const plainJson = { serializerCompiler: () => (data: unknown) => JSON.stringify(data) };

const KEY_RE = /^[\x21-\x7e]{1,200}$/;

/** The client's Idempotency-Key header, if any (visible ASCII, at most 200 characters). */
function idempotencyKey(req: FastifyRequest): string | undefined {
  const raw = req.headers['idempotency-key'];
  if (raw === undefined) return undefined;
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (!KEY_RE.test(key)) throw P.bad_idempotency_key();
  return key;
}

export function collectionRoutes(service: CollectionService) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const tags = ['collection'];
    const base = '/api/collection/forms/:formId/periods/:period';

    app.get(
      '/api/collection/tasks',
      {
        schema: {
          tags,
          summary: "A unit's reporting tasks (填报任务): forms, status, deadline, late flag",
          querystring: TaskQuery,
          response: { 200: TaskList },
        },
      },
      async (req) => service.tasks(requireActor(req), req.query),
    );

    app.get(
      '/api/collection/submissions',
      {
        schema: {
          tags,
          summary:
            'Expected reporters of a form and period in your area, with status, lateness and open problems',
          querystring: AreaQuery,
          response: { 200: AreaPage },
        },
      },
      async (req) => service.area(requireActor(req), req.query),
    );

    app.get(
      base,
      {
        schema: {
          tags,
          summary: 'The entry form: definition, values, last period and last year beside each cell, checks',
          params: SubmissionParams,
          querystring: UnitQuery,
          response: { 200: EntryView },
        },
      },
      async (req) => service.entry(requireActor(req), req.params.formId, req.params.period, req.query.unitId),
    );

    app.get(
      `${base}/status`,
      {
        schema: {
          tags,
          summary: 'Status, values and the results of the last check (for enterprise software)',
          params: SubmissionParams,
          querystring: UnitQuery,
          response: { 200: SubmissionView },
        },
      },
      async (req) =>
        service.status(requireActor(req), req.params.formId, req.params.period, req.query.unitId),
    );

    app.put(
      `${base}/draft`,
      {
        ...plainJson,
        schema: {
          tags,
          summary:
            'Save a draft (autosave): changed cells are checked, computed cells recomputed, a version kept',
          params: SubmissionParams,
          querystring: UnitQuery,
          body: SaveDraftRequest,
          response: { 200: SubmissionView },
        },
      },
      async (req) =>
        service.saveDraft(contextOf(req), req.params.formId, req.params.period, req.body, req.query.unitId),
    );

    app.post(
      `${base}/submit`,
      {
        ...plainJson,
        schema: {
          tags,
          summary:
            'Submit (上报): the server runs every check. Fatal failures → 422, unexplained verify failures → 400. Send `Idempotency-Key` to make retries safe.',
          params: SubmissionParams,
          querystring: UnitQuery,
          headers: z.looseObject({
            'idempotency-key': z
              .string()
              .optional()
              .describe('Client-chosen key: a repeat with the same body returns the first answer'),
          }),
          body: SubmitRequest,
          response: { 200: SubmissionView },
        },
      },
      async (req) =>
        service.submit(contextOf(req), req.params.formId, req.params.period, req.body, {
          unitId: req.query.unitId,
          idempotencyKey: idempotencyKey(req),
        }),
    );

    app.post(
      `${base}/check`,
      {
        schema: {
          tags,
          summary: 'Check values as a submission would be checked, saving nothing; every problem at once',
          params: SubmissionParams,
          querystring: UnitQuery,
          body: CheckRequest,
          response: { 200: CheckResult },
        },
      },
      async (req) =>
        service.check(requireActor(req), req.params.formId, req.params.period, req.body, req.query.unitId),
    );

    app.get(
      `${base}/versions`,
      {
        schema: {
          tags,
          summary: 'Every saved version: who saved, when and why',
          params: SubmissionParams,
          querystring: UnitQuery,
          response: { 200: z.array(VersionItem) },
        },
      },
      async (req) =>
        service.versions(requireActor(req), req.params.formId, req.params.period, req.query.unitId),
    );

    app.get(
      `${base}/versions/:seq`,
      {
        schema: {
          tags,
          summary: 'One saved version with its values and explanations',
          params: VersionParams,
          querystring: UnitQuery,
          response: { 200: VersionDetail },
        },
      },
      async (req) =>
        service.version(
          requireActor(req),
          req.params.formId,
          req.params.period,
          req.params.seq,
          req.query.unitId,
        ),
    );

    app.get(
      `${base}/diff`,
      {
        schema: {
          tags,
          summary: 'Cells and explanations changed between two saved versions',
          params: SubmissionParams,
          querystring: DiffQuery,
          response: { 200: DiffView },
        },
      },
      async (req) =>
        service.diff(
          requireActor(req),
          req.params.formId,
          req.params.period,
          req.query.from,
          req.query.to,
          req.query.unitId,
        ),
    );

    app.post(
      `${base}/close`,
      {
        schema: {
          tags,
          summary: 'Close a period by hand (city statisticians, administrators)',
          params: SubmissionParams,
          body: CloseRequest,
          response: { 200: ClosureView },
        },
      },
      async (req) =>
        service.closePeriod(contextOf(req), req.params.formId, req.params.period, req.body.reason),
    );

    app.post(
      `${base}/recheck`,
      {
        schema: {
          tags,
          summary:
            'Re-check every submission of the period with the rules in force (designers, administrators, city statisticians)',
          params: SubmissionParams,
          response: { 200: RecheckReport },
        },
      },
      async (req) => service.recheck(contextOf(req), req.params.formId, req.params.period),
    );

    app.get(
      '/api/collection/settings',
      {
        schema: {
          tags,
          summary: 'Reporting window settings: the grace after deadlines',
          response: { 200: WindowSettings },
        },
      },
      async (req) => {
        requireActor(req);
        return service.windowSettings();
      },
    );

    app.put(
      '/api/collection/settings',
      {
        schema: {
          tags,
          summary: 'Change the grace after deadlines (administrators)',
          body: WindowSettings,
          response: { 200: WindowSettings },
        },
      },
      async (req) => service.setWindowSettings(contextOf(req), req.body),
    );

    app.post(
      `${base}/reopen`,
      {
        schema: {
          tags,
          summary: 'Reopen a period closed by hand',
          params: SubmissionParams,
          response: { 200: ClosureView },
        },
      },
      async (req) => service.reopenPeriod(contextOf(req), req.params.formId, req.params.period),
    );
  };
}
