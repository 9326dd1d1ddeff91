/** Survey routes (/api/surveys/…): validate, authorise, call the service, present. */
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../config.ts';
import { contextOf, requireActor } from '../../platform/request.ts';
import {
  CheckResult,
  CreateOverrideRequest,
  FormDetail,
  FormSummary,
  FormsQuery,
  IdParam,
  OverrideQuery,
  OverrideView,
  PeriodList,
  PeriodsQuery,
  RevokeOverrideRequest,
  ScopePage,
  ScopeQuery,
  SetScopeRulesRequest,
  SurveyView,
  VersionDetail,
} from './contract.ts';
import { formDefinitionJsonSchema } from './domain/json-schema.ts';
import { surveysProblems as P } from './problems.ts';
import type { SurveysService } from './service.ts';

const TEXT_TYPES = [
  'text/plain',
  'application/yaml',
  'application/x-yaml',
  'text/yaml',
  'text/x-yaml',
  'application/json',
];

export function surveysRoutes(service: SurveysService, config: Config) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const tags = ['surveys'];

    app.get(
      '/api/surveys/definition-schema',
      {
        schema: {
          tags,
          summary: 'The JSON Schema of form definition files (YAML or JSON)',
          security: [],
          response: { 200: z.record(z.string(), z.unknown()) },
        },
      },
      async () => formDefinitionJsonSchema(),
    );

    app.get(
      '/api/surveys',
      {
        schema: {
          tags,
          summary: 'Surveys (调查制度) with their forms',
          response: { 200: z.array(SurveyView) },
        },
      },
      async (req) => service.listSurveys(requireActor(req)),
    );

    app.get(
      '/api/surveys/forms',
      {
        schema: {
          tags,
          summary: 'Forms (报表), optionally of one survey',
          querystring: FormsQuery,
          response: { 200: z.array(FormSummary) },
        },
      },
      async (req) => service.listForms(requireActor(req), req.query.surveyId),
    );

    app.get(
      '/api/surveys/forms/:id',
      {
        schema: {
          tags,
          summary: 'One form with its versions and scope rules',
          params: IdParam,
          response: { 200: FormDetail },
        },
      },
      async (req) => service.getForm(requireActor(req), req.params.id),
    );

    app.get(
      '/api/surveys/versions/:id',
      {
        schema: {
          tags,
          summary: 'One version’s full definition and cells (for preview and entry)',
          params: IdParam,
          response: { 200: VersionDetail },
        },
      },
      async (req) => service.getVersion(requireActor(req), req.params.id),
    );

    app.post(
      '/api/surveys/versions/:id/activate',
      {
        schema: {
          tags,
          summary: 'Activate a draft version (overlapped active versions are retired or cut short)',
          params: IdParam,
          response: { 200: VersionDetail },
        },
      },
      async (req) => service.activateVersion(contextOf(req), req.params.id),
    );

    // Definition uploads take the body as text (YAML or JSON, kept verbatim) or one multipart
    // file, so they live in their own context with their own body parsers.
    await app.register(async (sub) => {
      const texts = sub.withTypeProvider<ZodTypeProvider>();
      sub.removeContentTypeParser('application/json');
      sub.addContentTypeParser(
        TEXT_TYPES,
        { parseAs: 'string', bodyLimit: config.uploadLimitBytes },
        (_req, body, done) => done(null, body),
      );
      await sub.register(multipart, { limits: { fileSize: config.uploadLimitBytes, files: 1, fields: 5 } });

      const readText = async (req: FastifyRequest): Promise<string> => {
        if (req.isMultipart()) {
          const file = await req.file();
          if (!file) throw P.empty_definition();
          return (await file.toBuffer()).toString('utf8');
        }
        if (typeof req.body !== 'string') throw P.empty_definition();
        return req.body;
      };
      const Body = z
        .string()
        .max(config.uploadLimitBytes)
        .nullish()
        .describe('The definition as YAML or JSON text (or multipart/form-data with one file)');

      texts.post(
        '/api/surveys/definitions',
        {
          bodyLimit: config.uploadLimitBytes,
          schema: {
            tags,
            summary:
              'Import a form definition as a new draft version (400 lists every error; nothing written)',
            consumes: [...TEXT_TYPES, 'multipart/form-data'],
            body: Body,
            response: { 201: VersionDetail },
          },
        },
        async (req, reply) => {
          const ctx = contextOf(req);
          const text = await readText(req);
          const version = await service.importDefinition(ctx, text);
          reply.status(201);
          return version;
        },
      );

      texts.post(
        '/api/surveys/definitions/check',
        {
          bodyLimit: config.uploadLimitBytes,
          schema: {
            tags,
            summary: 'Check a form definition without importing it',
            consumes: [...TEXT_TYPES, 'multipart/form-data'],
            body: Body,
            response: { 200: CheckResult },
          },
        },
        async (req) => {
          const actor = requireActor(req);
          return service.checkDefinition(actor, await readText(req));
        },
      );
    });

    app.get(
      '/api/surveys/forms/:id/periods',
      {
        schema: {
          tags,
          summary: 'Reporting periods of a form with dates, deadlines and the version in force',
          params: IdParam,
          querystring: PeriodsQuery,
          response: { 200: PeriodList },
        },
      },
      async (req) => service.periods(requireActor(req), req.params.id, req.query),
    );

    app.get(
      '/api/surveys/forms/:id/scope',
      {
        schema: {
          tags,
          summary: 'Expected reporters (应报单位) of a form in a period, within your area',
          params: IdParam,
          querystring: ScopeQuery,
          response: { 200: ScopePage },
        },
      },
      async (req) => service.scope(requireActor(req), req.params.id, req.query),
    );

    app.put(
      '/api/surveys/forms/:id/scope/rules',
      {
        schema: {
          tags,
          summary: 'Replace the scope rules of a form',
          params: IdParam,
          body: SetScopeRulesRequest,
          response: { 200: FormDetail },
        },
      },
      async (req) => service.setScopeRules(contextOf(req), req.params.id, req.body.rules),
    );

    app.get(
      '/api/surveys/forms/:id/scope/overrides',
      {
        schema: {
          tags,
          summary: 'Manual additions and removals of a form’s scope, within your area',
          params: IdParam,
          querystring: OverrideQuery,
          response: { 200: z.array(OverrideView) },
        },
      },
      async (req) =>
        service.listOverrides(requireActor(req), req.params.id, req.query.includeRevoked === 'true'),
    );

    app.post(
      '/api/surveys/forms/:id/scope/overrides',
      {
        schema: {
          tags,
          summary: 'Add a unit to, or remove it from, a form’s scope (with a reason)',
          params: IdParam,
          body: CreateOverrideRequest,
          response: { 201: OverrideView },
        },
      },
      async (req, reply) => {
        const view = await service.createOverride(contextOf(req), req.params.id, req.body);
        reply.status(201);
        return view;
      },
    );

    app.post(
      '/api/surveys/scope-overrides/:id/revoke',
      {
        schema: {
          tags,
          summary: 'Withdraw a scope override (the rules decide again)',
          params: IdParam,
          body: RevokeOverrideRequest,
          response: { 200: OverrideView },
        },
      },
      async (req) => service.revokeOverride(contextOf(req), req.params.id, req.body.reason),
    );
  };
}
