/** Registry routes: reference data, unit search and edits, import (preview → confirm) and export. */
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../config.ts';
import { commonProblems } from '../../platform/problems.ts';
import { contextOf, requireActor } from '../../platform/request.ts';
import {
  ChangeStatusRequest,
  CreateUnitRequest,
  DivisionQuery,
  DivisionView,
  ExportQuery,
  GroupingView,
  ImportPreview,
  ImportQuery,
  ImportResult,
  IndustryQuery,
  IndustryView,
  OfficeQuery,
  OfficeView,
  RegistrationTypeView,
  TemplateQuery,
  UnitId,
  UnitPage,
  UnitQuery,
  UnitView,
  UpdateUnitRequest,
} from './contract.ts';
import type { ImportService } from './imports.ts';
import { registryProblems as P } from './problems.ts';
import type { RegistryService } from './service.ts';
import type { FileFormat } from './transfer.ts';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const FILE_TYPES = ['text/csv', 'application/csv', 'application/octet-stream', XLSX_TYPE];
const Ok = z.object({ ok: z.literal(true) });
const FileBody = z.any().describe('the file: a multipart/form-data field, or the raw CSV/xlsx body');
const Binary = z.any().describe('CSV (UTF-8 with BOM) or xlsx file');

/** The uploaded file, from multipart/form-data or a raw CSV/xlsx body. */
async function uploadedFile(req: FastifyRequest): Promise<{ data: Buffer; fileName: string | null }> {
  if (req.isMultipart()) {
    const part = await req.file();
    if (!part) throw P.no_file();
    return { data: await part.toBuffer(), fileName: part.filename || null };
  }
  if (Buffer.isBuffer(req.body)) return { data: req.body, fileName: null };
  throw commonProblems.unsupported_media_type({ type: req.headers['content-type'] ?? '' });
}

export function registryRoutes(service: RegistryService, imports: ImportService, config: Config) {
  return async (fastify: FastifyInstance) => {
    await fastify.register(multipart, {
      limits: { fileSize: config.uploadLimitBytes, files: 1, fields: 10, parts: 12 },
    });
    fastify.addContentTypeParser(
      FILE_TYPES,
      { parseAs: 'buffer', bodyLimit: config.uploadLimitBytes },
      (_req, body, done) => done(null, body),
    );
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const tags = ['registry'];

    const sendFile = (reply: any, format: FileFormat, name: string, data: Buffer) =>
      reply
        .header('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_TYPE)
        .header(
          'content-disposition',
          `attachment; filename="${name}.${format}"; filename*=UTF-8''${encodeURIComponent(name)}.${format}`,
        )
        .send(data);

    // ---- reference ----
    app.get(
      '/api/registry/divisions',
      {
        schema: {
          tags,
          summary: 'Divisions (统计用区划), by parent or level',
          querystring: DivisionQuery,
          response: { 200: z.array(DivisionView) },
        },
      },
      async (req) => service.listDivisions(req.query),
    );
    app.get(
      '/api/registry/industries',
      {
        schema: {
          tags,
          summary: 'Industries (GB/T 4754-2017), by parent, level or text',
          querystring: IndustryQuery,
          response: { 200: z.array(IndustryView) },
        },
      },
      async (req) => service.listIndustries(req.query),
    );
    app.get(
      '/api/registry/industry-groupings',
      {
        schema: {
          tags,
          summary: 'Named industry groupings (e.g. 高技术制造业) as code lists',
          response: { 200: z.array(GroupingView) },
        },
      },
      async () => service.listGroupings(),
    );
    app.get(
      '/api/registry/offices',
      {
        schema: {
          tags,
          summary: 'Statistical offices (统计机构)',
          querystring: OfficeQuery,
          response: { 200: z.array(OfficeView) },
        },
      },
      async (req) => service.listOffices(req.query),
    );
    app.get(
      '/api/registry/registration-types',
      {
        schema: {
          tags,
          summary: 'Registration types (登记注册类型)',
          response: { 200: z.array(RegistrationTypeView) },
        },
      },
      async () => service.registrationTypes(),
    );

    // ---- units ----
    app.get(
      '/api/registry/units',
      {
        schema: {
          tags,
          summary:
            'Search the register (inside your area): text, division, industry or grouping, size, status',
          querystring: UnitQuery,
          response: { 200: UnitPage },
        },
      },
      async (req) => service.listUnits(requireActor(req), req.query),
    );
    app.get(
      '/api/registry/units/export',
      {
        schema: {
          tags,
          summary: 'Export the units of the current filter as xlsx or CSV (re-importable)',
          querystring: ExportQuery,
          response: { 200: Binary },
        },
      },
      async (req, reply) => {
        const { format, ...q } = req.query;
        const data = await imports.export(requireActor(req), q, format);
        return sendFile(reply, format, `registry-${new Date().toISOString().slice(0, 10)}`, data);
      },
    );
    app.get(
      '/api/registry/units/:id',
      {
        schema: {
          tags,
          summary: 'One unit (404 outside your area)',
          params: UnitId,
          response: { 200: UnitView },
        },
      },
      async (req) => service.getUnit(requireActor(req), req.params.id),
    );
    app.post(
      '/api/registry/units',
      {
        schema: {
          tags,
          summary: 'Add a unit to the register',
          body: CreateUnitRequest,
          response: { 201: UnitView },
        },
      },
      async (req, reply) => {
        const unit = await service.createUnit(contextOf(req), req.body);
        reply.status(201);
        return unit;
      },
    );
    app.patch(
      '/api/registry/units/:id',
      {
        schema: {
          tags,
          summary: 'Change a unit (optimistic: send the version you read; 409 if it changed)',
          params: UnitId,
          body: UpdateUnitRequest,
          response: { 200: UnitView },
        },
      },
      async (req) => service.updateUnit(contextOf(req), req.params.id, req.body),
    );
    app.post(
      '/api/registry/units/:id/status',
      {
        schema: {
          tags,
          summary: 'Change the status: active, suspended, exited (with exit date) or re-entry',
          params: UnitId,
          body: ChangeStatusRequest,
          response: { 200: UnitView },
        },
      },
      async (req) => service.changeStatus(contextOf(req), req.params.id, req.body),
    );

    // ---- import / export ----
    app.get(
      '/api/registry/import-template',
      {
        schema: {
          tags,
          summary: 'The import template (xlsx or CSV)',
          querystring: TemplateQuery,
          response: { 200: Binary },
        },
      },
      async (req, reply) => {
        const format = req.query.format;
        return sendFile(reply, format, 'registry-template', await imports.template(format));
      },
    );
    app.post(
      '/api/registry/imports',
      {
        bodyLimit: config.uploadLimitBytes,
        schema: {
          tags,
          summary:
            'Upload a register file (multipart/form-data, or a raw text/csv or xlsx body): checks every row and returns the preview; nothing is written',
          consumes: ['multipart/form-data', 'text/csv', XLSX_TYPE, 'application/octet-stream'],
          querystring: ImportQuery,
          body: FileBody,
          response: { 201: ImportPreview },
        },
      },
      async (req, reply) => {
        const ctx = contextOf(req);
        const { data, fileName } = await uploadedFile(req);
        const preview = await imports.preview(ctx, data, {
          format: req.query.format,
          mode: req.query.mode,
          fileName: req.query.fileName ?? fileName,
        });
        reply.status(201);
        return preview;
      },
    );
    app.get(
      '/api/registry/imports/:id',
      { schema: { tags, summary: 'An import preview', params: UnitId, response: { 200: ImportPreview } } },
      async (req) => imports.get(requireActor(req), req.params.id),
    );
    app.post(
      '/api/registry/imports/:id/confirm',
      {
        schema: {
          tags,
          summary: 'Write every row of a clean preview in one transaction (all or none)',
          params: UnitId,
          response: { 200: ImportResult },
        },
      },
      async (req) => imports.confirm(contextOf(req), req.params.id),
    );
    app.delete(
      '/api/registry/imports/:id',
      { schema: { tags, summary: 'Discard an import preview', params: UnitId, response: { 200: Ok } } },
      async (req) => {
        await imports.discard(contextOf(req), req.params.id);
        return { ok: true as const };
      },
    );
  };
}
