/**
 * Content management's API contract (zod): articles with their workflow and versions, files,
 * public questions, and the public read API (`api.public`, docs/design/publication.md) that the
 * website renders. The web app imports these too.
 */
import { z } from 'zod';

/** 栏目: news 工作动态, bulletin 统计公报, analysis 统计分析, interpretation 数据解读, notice 通知公告, open-gov 政务公开. */
export const CHANNELS = ['news', 'bulletin', 'analysis', 'interpretation', 'notice', 'open-gov'] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * 政务公开 categories: organization 机构职能, policy 政策文件, plans 规划计划, budget 财政预决算,
 * annual-report 政府信息公开年报 (only the open-gov channel has one, and it must).
 */
export const OPEN_GOV_CATEGORIES = ['organization', 'policy', 'plans', 'budget', 'annual-report'] as const;
export type OpenGovCategory = (typeof OPEN_GOV_CATEGORIES)[number];

/**
 * Workflow status as stored; `scheduled` is how a published version whose minute has not come
 * yet is shown (it is not a separate state: its public row simply starts later).
 */
export const STORED_STATUSES = ['draft', 'in_review', 'approved', 'published', 'withdrawn'] as const;
export type StoredStatus = (typeof STORED_STATUSES)[number];
export const STATUSES = [...STORED_STATUSES, 'scheduled'] as const;
export type ArticleStatus = (typeof STATUSES)[number];

export const ACTIONS = ['submit', 'approve', 'return', 'publish', 'withdraw'] as const;
export type WorkflowAction = (typeof ACTIONS)[number];

/** URL name of an article: lower-case letters, digits and hyphens, 3–80, no leading/trailing hyphen. */
export const Slug = z
  .string()
  .trim()
  .regex(/^[a-z0-9](?:[a-z0-9-]{1,78})[a-z0-9]$/, 'lower-case letters, digits and hyphens (3–80)')
  .refine((s) => !s.includes('--'), 'no double hyphens');

const Id = z.string().regex(/^[0-9a-f-]{36}$/, 'an id');

export const ArticleInput = z
  .strictObject({
    slug: Slug,
    channel: z.enum(CHANNELS),
    category: z.enum(OPEN_GOV_CATEGORIES).nullable().default(null),
    title: z.string().trim().min(1).max(200),
    summary: z.string().trim().max(1000).default(''),
    /** Rich text; sanitised on the server with an allowlist before it is stored. */
    bodyHtml: z.string().max(500_000),
    /** File ids (uploaded through /api/cms/files). */
    attachments: z.array(Id).max(50).default([]),
  })
  .superRefine((a, ctx) => {
    if (a.channel === 'open-gov' && !a.category)
      ctx.addIssue({ code: 'custom', path: ['category'], message: '政务公开 needs a category' });
    if (a.channel !== 'open-gov' && a.category)
      ctx.addIssue({ code: 'custom', path: ['category'], message: 'only 政务公开 has categories' });
  });
export type ArticleInput = z.input<typeof ArticleInput>;

/** A save of an existing article: `baseVersion` is the version the editor started from. */
export const ArticleSave = z.intersection(ArticleInput, z.object({ baseVersion: z.number().int().min(1) }));

export const ArticleParams = z.object({ id: Id });
export const VersionParams = z.object({ id: Id, version: z.coerce.number().int().min(1) });

export const ArticleQuery = z.object({
  channel: z.enum(CHANNELS).optional(),
  status: z.enum(STATUSES).optional(),
  q: z.string().trim().max(100).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export const FileView = z.object({
  id: z.string(),
  name: z.string(),
  mime: z.string(),
  size: z.number(),
  sha256: z.string(),
  url: z.string(),
});
export type FileView = z.infer<typeof FileView>;

/** What the public sees of an article now, if anything (版本 and minute). */
export const PublicState = z.object({
  version: z.number(),
  visibleFrom: z.string(),
  releaseId: z.string().nullable(),
  /** The minute has not come yet (定时发布). */
  scheduled: z.boolean(),
});

export const ArticleSummaryView = z.object({
  id: z.string(),
  slug: z.string(),
  channel: z.enum(CHANNELS),
  category: z.string().nullable(),
  title: z.string(),
  status: z.enum(STATUSES),
  version: z.number(),
  updatedAt: z.string(),
  live: PublicState.nullable(),
});
export type ArticleSummaryView = z.infer<typeof ArticleSummaryView>;

export const ArticleList = z.object({ items: z.array(ArticleSummaryView), total: z.number() });

export const ArticleView = ArticleSummaryView.extend({
  summary: z.string(),
  bodyHtml: z.string(),
  attachments: z.array(FileView),
  reviewComment: z.string().nullable(),
  createdBy: z.string(),
  savedBy: z.string(),
  /** Actions the signed-in person may take now. */
  actions: z.array(z.enum(ACTIONS)),
  /** Whether the signed-in person may save a new version now. */
  canEdit: z.boolean(),
});
export type ArticleView = z.infer<typeof ArticleView>;

export const VersionSummary = z.object({
  version: z.number(),
  title: z.string(),
  savedBy: z.string(),
  savedAt: z.string(),
  /** This version is what the public sees now. */
  live: z.boolean(),
});
export const VersionList = z.array(VersionSummary);
export const VersionView = z.object({
  version: z.number(),
  channel: z.enum(CHANNELS),
  category: z.string().nullable(),
  title: z.string(),
  summary: z.string(),
  bodyHtml: z.string(),
  attachments: z.array(FileView),
  savedBy: z.string(),
  savedAt: z.string(),
});

export const ReturnInput = z.strictObject({ comment: z.string().trim().min(1).max(2000) });
export const PublishInput = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('now') }),
  /** 定时发布: a whole minute in the future. */
  z.strictObject({ mode: z.literal('at'), publishAt: z.iso.datetime({ offset: true }) }),
  /** With a release (发布日程): visible at the release's minute. */
  z.strictObject({ mode: z.literal('release'), releaseId: z.string().min(1).max(100) }),
]);
export type PublishInput = z.infer<typeof PublishInput>;
export const PreviewInput = z.strictObject({ bodyHtml: z.string().max(500_000) });
export const PreviewView = z.object({ bodyHtml: z.string() });

// ---- public questions (互动交流) ----

/** Plain text: no control characters other than line breaks and tabs. */
const PlainText = (max: number, min = 1) =>
  z
    .string()
    .trim()
    .min(min)
    .max(max)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to refuse them
    .refine((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s), 'no control characters');

/** What a member of the public sends (the site's ask form). */
export const AskInput = z.strictObject({
  // Optional fields of an HTML form arrive empty: the same as absent.
  name: PlainText(50, 0).optional(),
  contact: PlainText(100, 0).optional(),
  title: PlainText(100),
  body: PlainText(2000),
});
export type AskInput = z.input<typeof AskInput>;

export const QUESTION_STATUSES = ['pending', 'answered', 'published', 'rejected'] as const;
export type QuestionStatus = (typeof QUESTION_STATUSES)[number];
export const QuestionQuery = z.object({
  status: z.enum(QUESTION_STATUSES).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export const QuestionParams = z.object({ id: Id });
export const QuestionView = z.object({
  id: z.string(),
  title: z.string(),
  body: z.string(),
  name: z.string().nullable(),
  /** Staff only; never public. */
  contact: z.string().nullable(),
  askedAt: z.string(),
  status: z.enum(QUESTION_STATUSES),
  answer: z.string().nullable(),
  answeredBy: z.string().nullable(),
  answeredAt: z.string().nullable(),
  publishedAt: z.string().nullable(),
  moderationNote: z.string().nullable(),
});
export type QuestionView = z.infer<typeof QuestionView>;
export const QuestionList = z.object({ items: z.array(QuestionView), total: z.number() });
export const AnswerInput = z.strictObject({ answer: PlainText(5000) });
export const RejectInput = z.strictObject({ note: PlainText(500) });

// ---- api.public (docs/design/publication.md; read by the website) ----

export interface PublicArticleSummary {
  id: string;
  slug: string;
  channel: string;
  category: string | null;
  title: string;
  summary: string;
  publishedAt: string;
  releaseId: string | null;
}
export interface PublicArticle extends PublicArticleSummary {
  bodyHtml: string /* sanitised */;
  attachments: { id: string; name: string; size: number; mime: string; url: string }[];
  revisedAt: string | null;
}
export interface PublicQuestion {
  id: string;
  title: string;
  body: string;
  askedAt: string;
  answer: string;
  answeredAt: string;
  publishedAt: string;
}
