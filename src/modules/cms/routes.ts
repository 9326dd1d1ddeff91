/** Content management routes (/api/cms/…, and the files at /files/…): validate, authorise, call, present. */
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Clock } from '../../platform/clock.ts';
import { Problem } from '../../platform/problems.ts';
import { contextOf } from '../../platform/request.ts';
import type { Articles } from './articles.ts';
import {
  AnswerInput,
  ArticleInput,
  ArticleList,
  ArticleParams,
  ArticleQuery,
  ArticleSave,
  ArticleView,
  FileView,
  PreviewInput,
  PreviewView,
  PublishInput,
  QuestionList,
  QuestionParams,
  QuestionQuery,
  QuestionView,
  RejectInput,
  ReturnInput,
  VersionList,
  VersionParams,
  VersionView,
} from './contract.ts';
import { WRITERS } from './domain/workflow.ts';
import type { Files } from './files.ts';
import { cmsProblems as P } from './problems.ts';
import type { PublicReads } from './public.ts';
import type { Questions } from './questions.ts';

/** The one file of a multipart upload (field `file`); 413 past the limit, nothing kept. */
async function uploadedFile(req: FastifyRequest, limit: number): Promise<{ name: string; data: Buffer }> {
  if (!req.isMultipart()) throw P.no_file();
  try {
    const part = await req.file({
      limits: { fileSize: limit, files: 1, fields: 4, parts: 5 },
      throwFileSizeLimit: false,
    });
    if (part?.fieldname !== 'file') throw P.no_file();
    const data = await part.toBuffer();
    if (part.file.truncated) throw P.file_too_large({ limit });
    return { name: part.filename, data };
  } catch (e) {
    if (e instanceof Problem || (e as { statusCode?: number }).statusCode) throw e;
    throw P.no_file();
  }
}

/** Headers that keep a served file inert: its stored type only, no sniffing, a sandbox, and no page context. */
function sendStoredFile(
  reply: FastifyReply,
  file: { mime: string; name: string; sha256: string },
  data: Buffer,
  isPublic: boolean,
) {
  const image = file.mime.startsWith('image/');
  const ascii = file.name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return reply
    .header('content-type', file.mime.startsWith('text/') ? `${file.mime}; charset=utf-8` : file.mime)
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', `sandbox; default-src 'none'${image ? "; img-src 'self'" : ''}`)
    .header(
      'content-disposition',
      `${image ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
    )
    .header('cross-origin-resource-policy', 'same-origin')
    .header('cache-control', isPublic ? 'public, no-cache' : 'private, no-store')
    .header('etag', `"${file.sha256}"`)
    .send(data);
}

export function cmsRoutes(deps: {
  articles: Articles;
  files: Files;
  questions: Questions;
  reads: PublicReads;
  clock: Clock;
  uploadLimitBytes: number;
}) {
  const { articles, files, questions } = deps;
  return async (fastify: FastifyInstance) => {
    await fastify.register(multipart, { limits: { fileSize: deps.uploadLimitBytes, files: 1, parts: 5 } });
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const tags = ['cms'];

    app.get(
      '/api/cms/articles',
      {
        schema: {
          tags,
          summary: 'Articles (文章) by channel and status, newest change first (editor, publisher, admin)',
          querystring: ArticleQuery,
          response: { 200: ArticleList },
        },
      },
      async (req) => articles.list(contextOf(req), req.query),
    );

    app.post(
      '/api/cms/articles',
      {
        schema: {
          tags,
          summary: 'Create an article as a draft, version 1 (body sanitised; audited)',
          body: ArticleInput,
          response: { 200: ArticleView },
        },
      },
      async (req) => articles.create(contextOf(req, WRITERS), req.body),
    );

    app.get(
      '/api/cms/articles/:id',
      {
        schema: {
          tags,
          summary:
            "An article's newest version, its status, what the public sees and the actions open to you",
          params: ArticleParams,
          response: { 200: ArticleView },
        },
      },
      async (req) => articles.get(contextOf(req), req.params.id),
    );

    app.put(
      '/api/cms/articles/:id',
      {
        schema: {
          tags,
          summary:
            'Save a new version (from the version you started from: 409 if someone saved meanwhile). A published article stays public as it was until the new version is published',
          params: ArticleParams,
          body: ArticleSave,
          response: { 200: ArticleView },
        },
      },
      async (req) => articles.save(contextOf(req, WRITERS), req.params.id, req.body),
    );

    app.get(
      '/api/cms/articles/:id/versions',
      {
        schema: {
          tags,
          summary: 'Every saved version, newest first, with who saved it and when',
          params: ArticleParams,
          response: { 200: VersionList },
        },
      },
      async (req) => articles.versions(contextOf(req), req.params.id),
    );

    app.get(
      '/api/cms/articles/:id/versions/:version',
      {
        schema: { tags, summary: 'One saved version', params: VersionParams, response: { 200: VersionView } },
      },
      async (req) => articles.version(contextOf(req), req.params.id, req.params.version),
    );

    const act = (action: 'submit' | 'approve' | 'withdraw', summary: string) =>
      app.post(
        `/api/cms/articles/:id/${action}`,
        { schema: { tags, summary, params: ArticleParams, response: { 200: ArticleView } } },
        async (req) => articles.act(contextOf(req), req.params.id, action),
      );
    act('submit', '提交审核: a draft goes to review (editor, publisher, admin)');
    act('approve', '审核通过 (publisher, admin)');
    act('withdraw', '撤稿: the public no longer sees the article; it is kept (publisher, admin)');

    app.post(
      '/api/cms/articles/:id/return',
      {
        schema: {
          tags,
          summary: '退回修改 with a comment (publisher, admin)',
          params: ArticleParams,
          body: ReturnInput,
          response: { 200: ArticleView },
        },
      },
      async (req) => articles.act(contextOf(req), req.params.id, 'return', { comment: req.body.comment }),
    );

    app.post(
      '/api/cms/articles/:id/publish',
      {
        schema: {
          tags,
          summary:
            'Publish an approved article now, at a whole minute (定时发布, by the platform clock) or with a release (visible at its minute) (publisher, admin)',
          params: ArticleParams,
          body: PublishInput,
          response: { 200: ArticleView },
        },
      },
      async (req) => articles.act(contextOf(req), req.params.id, 'publish', { publish: req.body }),
    );

    app.post(
      '/api/cms/preview',
      {
        schema: {
          tags,
          summary: 'A body as it would be stored: sanitised with the allowlist',
          body: PreviewInput,
          response: { 200: PreviewView },
        },
      },
      async (req) => articles.preview(contextOf(req), req.body.bodyHtml),
    );

    app.post(
      '/api/cms/files',
      {
        bodyLimit: deps.uploadLimitBytes + 64 * 1024,
        schema: {
          tags,
          summary:
            'Upload an image (png, jpeg, webp, gif) or document (pdf, xlsx, docx, csv, txt) as multipart field "file"; checked by content, stored by SHA-256',
          consumes: ['multipart/form-data'],
          body: z.any().describe('multipart/form-data with the field "file"'),
          response: { 200: FileView },
        },
      },
      async (req) => {
        // Role first, so nobody else learns anything about the file they sent.
        const ctx = contextOf(req, WRITERS);
        const file = await uploadedFile(req, deps.uploadLimitBytes);
        return files.upload(ctx, file.name, file.data);
      },
    );

    app.get(
      '/files/:id/:name',
      {
        schema: {
          tags,
          summary:
            'A file: public while an article the public sees uses it, otherwise only for content staff (404 for anyone else). Served with nosniff and a CSP sandbox; documents as attachments',
          security: [],
          params: z.object({ id: z.string().max(64), name: z.string().max(300) }),
          produces: ['application/octet-stream'],
          response: { 200: z.any().describe('the file') },
        },
      },
      async (req, reply) => {
        const file = await files.find(req.params.id);
        if (!file || file.name !== req.params.name) throw P.file_not_found({ id: req.params.id });
        const isPublic = await deps.reads.fileIsPublic(file.id, deps.clock.now());
        // Embargo: an unpublished article's files do not exist for anyone outside the content staff.
        if (!isPublic && !(req.actor && WRITERS.includes(req.actor.role)))
          throw P.file_not_found({ id: req.params.id });
        return sendStoredFile(reply, file, await file.read(), isPublic);
      },
    );

    app.get(
      '/api/cms/questions',
      {
        schema: {
          tags,
          summary: 'Public questions (互动交流) to moderate, by status (editor, publisher, admin)',
          querystring: QuestionQuery,
          response: { 200: QuestionList },
        },
      },
      async (req) => questions.list(contextOf(req), req.query),
    );

    app.put(
      '/api/cms/questions/:id/answer',
      {
        schema: {
          tags,
          summary: 'Draft or redraft the answer (editor, publisher, admin)',
          params: QuestionParams,
          body: AnswerInput,
          response: { 200: QuestionView },
        },
      },
      async (req) => questions.answer(contextOf(req), req.params.id, req.body.answer),
    );

    app.post(
      '/api/cms/questions/:id/publish',
      {
        schema: {
          tags,
          summary: 'Publish an answered question on the website (publisher, admin)',
          params: QuestionParams,
          response: { 200: QuestionView },
        },
      },
      async (req) => questions.publish(contextOf(req), req.params.id),
    );

    app.post(
      '/api/cms/questions/:id/unpublish',
      {
        schema: {
          tags,
          summary: 'Take a published question off the website (publisher, admin)',
          params: QuestionParams,
          response: { 200: QuestionView },
        },
      },
      async (req) => questions.unpublish(contextOf(req), req.params.id),
    );

    app.post(
      '/api/cms/questions/:id/reject',
      {
        schema: {
          tags,
          summary: 'Do not publish (不予公开), with the reason (publisher, admin)',
          params: QuestionParams,
          body: RejectInput,
          response: { 200: QuestionView },
        },
      },
      async (req) => questions.reject(contextOf(req), req.params.id, req.body.note),
    );
  };
}
