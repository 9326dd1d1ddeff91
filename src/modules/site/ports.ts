/**
 * What the site reads from other modules: only the public faces of publication and cms, as
 * docs/design/publication.md defines them. Every read takes the instant `at` the public sees.
 */

/** A text in both languages. */
export type Text = { zh: string; en: string };

export interface PublicDatasetSummary {
  code: string;
  title: Text;
  description: Text;
  subject: string;
  frequency: 'M' | 'Q' | 'A';
  /** ISO, the latest visible release minute. */
  updatedAt: string;
  firstPeriod: string;
  lastPeriod: string;
}
export interface PublicCode {
  code: string;
  label: Text;
  parent: string | null;
  unit?: Text;
  decimals?: number;
}
export type DimensionId = 'indicator' | 'region' | 'industry' | 'size' | 'regtype' | 'period';
export interface PublicDimension {
  id: DimensionId;
  label: Text;
  codes: PublicCode[];
}
export interface PublicDatasetMeta extends PublicDatasetSummary {
  dimensions: PublicDimension[];
  notes: Text[];
  source: string;
  releases: { id: string; title: Text; releaseAt: string }[];
}
export type PublicSelection = Partial<Record<DimensionId, string[]>>;
export interface PublicCell {
  indicator: string;
  region: string;
  industry: string;
  size: string;
  regtype: string;
  period: string;
  value: string;
  status: 'preliminary' | 'revised' | 'final';
  note: string | null;
}
export interface PublicRelease {
  id: string;
  title: Text;
  kind: string;
  releaseAt: string;
  released: boolean;
  datasets: string[];
}

/** publication.api.public (发布). */
export interface PublicationPublic {
  datasets(at: Date): Promise<PublicDatasetSummary[]>;
  dataset(code: string, at: Date): Promise<PublicDatasetMeta | null>;
  cells(code: string, sel: PublicSelection, at: Date): Promise<PublicCell[]>;
  calendar(range: { from: Date; to: Date }, at: Date): Promise<PublicRelease[]>;
  nextChangeAfter(at: Date): Promise<Date | null>;
  version(at: Date): Promise<string>;
  onChanged(listener: () => void): () => void;
}

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
  bodyHtml: string;
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

/** cms.api.public (内容管理 + 互动交流). */
export interface CmsPublic {
  articles(
    q: { channel?: string; category?: string; page: number; pageSize: number },
    at: Date,
  ): Promise<{ items: PublicArticleSummary[]; total: number }>;
  article(slugOrId: string, at: Date): Promise<PublicArticle | null>;
  questions(
    q: { page: number; pageSize: number },
    at: Date,
  ): Promise<{ items: PublicQuestion[]; total: number }>;
  question(id: string, at: Date): Promise<PublicQuestion | null>;
  ask(
    input: { name?: string; contact?: string; title: string; body: string },
    origin: { ip: string },
  ): Promise<{ id: string }>;
  nextChangeAfter(at: Date): Promise<Date | null>;
  onChanged(listener: () => void): () => void;
}

/** The two ports, read lazily (the modules are created in app.ts before or after the site). */
export interface SitePorts {
  publication: () => PublicationPublic;
  cms: () => CmsPublic;
}
