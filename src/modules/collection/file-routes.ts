/**
 * Files of online reporting: the Excel template of a form and period (download, fill, upload —
 * an upload is a draft save with the same checks, audit and versions as `PUT …/draft`) and the
 * submitted form as a PDF. Access is the entry view's: the service decides who sees which unit.
 */
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Actor } from '../../platform/auth.ts';
import { Problem } from '../../platform/problems.ts';
import { contextOf, requireActor } from '../../platform/request.ts';
import { SubmissionParams, SubmissionView, UnitQuery } from './contract.ts';
import type { CellIssue, RawValue } from './domain/cells.ts';
import { buildTemplate, readTemplate, TEMPLATE_UPLOAD_LIMIT, type UploadedTemplate } from './excel.ts';
import { renderSubmissionPdf } from './pdf.ts';
import { collectionProblems as P } from './problems.ts';
import { type CollectionService, requestHash } from './service.ts';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const Binary = z.any();

/** What the files need of the register beyond the collection service: the unit's credit code. */
export interface FileRegister {
  getUnit(actor: Actor, id: string): Promise<{ id: string; name: string; creditCode: string }>;
}

export const PdfQuery = UnitQuery.extend({
  /** A saved version to print; the latest submitted version when absent. */
  seq: z.coerce.number().int().min(1).optional(),
});

/** Attachment headers with an ASCII fallback name and the UTF-8 one. */
function sendFile(reply: FastifyReply, type: string, name: string, data: Buffer) {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return reply
    .header('content-type', type)
    .header(
      'content-disposition',
      `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    )
    .header('cache-control', 'no-store')
    .send(data);
}

/** The one file of a multipart upload, at most TEMPLATE_UPLOAD_LIMIT bytes. */
async function uploadedFile(req: FastifyRequest): Promise<Buffer> {
  if (!req.isMultipart()) throw P.upload_no_file();
  try {
    const part = await req.file({
      limits: { fileSize: TEMPLATE_UPLOAD_LIMIT, files: 1, fields: 5, parts: 6 },
      throwFileSizeLimit: false,
    });
    if (part?.fieldname !== 'file') throw P.upload_no_file();
    const data = await part.toBuffer();
    if (part.file.truncated) throw P.upload_too_large({ limit: '2 MB' });
    return data;
  } catch (e) {
    // The plugin's own limits carry a 4xx status and have a problem of their own (http.ts).
    if (e instanceof Problem || (e as { statusCode?: number }).statusCode) throw e;
    // A body cut short or not multipart inside: busboy's plain errors.
    const why = String((e as Error).message ?? e).slice(0, 120);
    throw P.upload_not_xlsx({
      reason: { 'zh-CN': `上传内容不完整（${why}）`, 'en-US': `the upload is incomplete (${why})` },
    });
  }
}

const mb = (n: number) => `${n / 1024 / 1024} MB`;

/** Reads the template's values and hands them to the draft save; bad cells come back by address. */
async function saveUpload(
  service: CollectionService,
  req: FastifyRequest<{ Params: z.infer<typeof SubmissionParams>; Querystring: z.infer<typeof UnitQuery> }>,
  file: UploadedTemplate,
) {
  const { formId, period } = req.params;
  const actor = requireActor(req);
  const entry = await service.entry(actor, formId, period, req.query.unitId);
  const def = entry.definition as { version: { number: number }; form: { code: string } };
  const k = file.key;
  const wrong: [zh: string, en: string][] = [];
  if (k.formId !== entry.formId) {
    wrong.push([
      `模板为报表 ${k.formCode}，应为 ${entry.formCode}`,
      `the file is for form ${k.formCode}, not ${entry.formCode}`,
    ]);
  }
  if (k.period !== entry.period) {
    wrong.push([
      `模板为 ${k.period} 期，应为 ${entry.period}`,
      `the file is for period ${k.period}, not ${entry.period}`,
    ]);
  }
  if (k.unitId !== entry.unitId)
    wrong.push(['模板属于另一个调查单位', 'the file is for another reporting unit']);
  if (k.formId === entry.formId && k.formVersion !== def.version.number) {
    wrong.push([
      `模板为报表第 ${k.formVersion} 版，本期启用的是第 ${def.version.number} 版`,
      `the file is for form version ${k.formVersion}; version ${def.version.number} is in force`,
    ]);
  }
  if (wrong.length) {
    throw P.upload_template_mismatch(
      {
        what: {
          'zh-CN': wrong.map((w) => w[0]).join('；'),
          'en-US': wrong.map((w) => w[1]).join('; '),
        },
      },
      {
        expected: {
          formId: entry.formId,
          formCode: entry.formCode,
          period: entry.period,
          formVersion: def.version.number,
        },
        found: { formId: k.formId, formCode: k.formCode, period: k.period, formVersion: k.formVersion },
      },
    );
  }
  const types = new Map(entry.cells.map((c) => [c.ref, c.type]));
  const values: Record<string, RawValue> = {};
  const addressOf = new Map<string, string>();
  for (const c of file.cells) {
    addressOf.set(c.ref, c.address);
    const type = types.get(c.ref);
    // A code typed into a cell Excel formats as General arrives as a number: it is still the code.
    values[c.ref] = (type === 'text' || type === 'code') && typeof c.raw === 'number' ? String(c.raw) : c.raw;
  }
  try {
    return await service.saveDraft(
      contextOf(req),
      formId,
      period,
      { values, reason: 'save' },
      req.query.unitId,
    );
  } catch (e) {
    if (!(e instanceof Problem) || e.code !== P.codes.invalid_cells) throw e;
    const issues = (e.details as { cells: CellIssue[] }).cells;
    const cells = issues.map((i) => {
      const address = addressOf.get(i.cell) ?? '?';
      return {
        address,
        sheet: k.sheet,
        cell: i.cell,
        code: i.code,
        message: {
          'zh-CN': `单元格 ${address}：${i.message['zh-CN']}`,
          'en-US': `cell ${address}: ${i.message['en-US']}`,
        },
      };
    });
    throw P.upload_invalid_cells(
      { count: cells.length, cells: cells.map((c) => `${c.address}（${c.cell}）`).join(', ') },
      { cells },
    );
  }
}

export function collectionFileRoutes(service: CollectionService, registry: () => FileRegister) {
  return async (fastify: FastifyInstance) => {
    await fastify.register(multipart, {
      limits: { fileSize: TEMPLATE_UPLOAD_LIMIT, files: 1, fields: 5, parts: 6 },
    });
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const tags = ['collection'];
    const base = '/api/collection/forms/:formId/periods/:period';

    app.get(
      `${base}/template.xlsx`,
      {
        schema: {
          tags,
          summary:
            'Excel template of the form (填报模板): laid out like the paper form, pre-filled with the unit’s values, with a hidden key for upload',
          params: SubmissionParams,
          querystring: UnitQuery,
          produces: [XLSX_TYPE],
          response: { 200: Binary.describe('xlsx workbook') },
        },
      },
      async (req, reply) => {
        const actor = requireActor(req);
        const entry = await service.entry(actor, req.params.formId, req.params.period, req.query.unitId);
        const unit = await registry().getUnit(actor, entry.unitId);
        const data = await buildTemplate(entry, unit, new Date());
        return sendFile(reply, XLSX_TYPE, `${entry.formCode}-${entry.period}-${unit.name}.xlsx`, data);
      },
    );

    app.post(
      `${base}/upload`,
      {
        schema: {
          tags,
          summary: `Upload a filled template (multipart field "file", at most ${mb(TEMPLATE_UPLOAD_LIMIT)}): saved as a draft with the same checks as PUT …/draft; every bad cell listed by address (422), nothing saved`,
          consumes: ['multipart/form-data'],
          params: SubmissionParams,
          querystring: UnitQuery,
          response: { 200: SubmissionView },
        },
      },
      async (req) => {
        requireActor(req);
        const file = await readTemplate(await uploadedFile(req));
        return saveUpload(service, req, file);
      },
    );

    app.get(
      `${base}/pdf`,
      {
        schema: {
          tags,
          summary:
            'The submitted form as a PDF (latest submitted version, or saved version `seq`): values, failed checks with explanations, SHA-256 of the values',
          params: SubmissionParams,
          querystring: PdfQuery,
          produces: ['application/pdf'],
          response: { 200: Binary.describe('PDF document') },
        },
      },
      async (req, reply) => {
        const actor = requireActor(req);
        const { formId, period } = req.params;
        const { unitId } = req.query;
        const entry = await service.entry(actor, formId, period, unitId);
        let seq = req.query.seq;
        if (seq === undefined) {
          const versions = await service.versions(actor, formId, period, entry.unitId);
          seq = versions.filter((v) => v.status === 'submitted').at(-1)?.seq;
          if (seq === undefined) throw P.not_submitted();
        }
        const version = await service.version(actor, formId, period, seq, entry.unitId);
        let results = entry.results;
        if (seq !== entry.lastSeq) {
          // An older version: its values checked as a submission would be (stored results are the latest's).
          const entered = new Set(entry.cells.filter((c) => c.source === 'entered').map((c) => c.ref));
          const rules = new Set(
            ((entry.definition as { rules?: { id: string }[] }).rules ?? []).map((r) => r.id),
          );
          const values = Object.fromEntries(Object.entries(version.values).filter(([k]) => entered.has(k)));
          const explanations = Object.fromEntries(
            Object.entries(version.explanations).filter(([k]) => rules.has(k)),
          );
          results = (await service.check(actor, formId, period, { values, explanations }, entry.unitId))
            .results;
        }
        const unit = await registry().getUnit(actor, entry.unitId);
        const data = await renderSubmissionPdf({
          entry,
          unit,
          version,
          results,
          valuesHash: requestHash(version.values),
          generatedAt: new Date(),
        });
        return sendFile(reply, 'application/pdf', `${entry.formCode}-${entry.period}-${unit.name}.pdf`, data);
      },
    );
  };
}
