/**
 * Publication's contract: the staff API's schemas (zod; the web app imports them too) and the
 * public read interface other modules use (`api.public`, docs/design/publication.md).
 */
import { z } from 'zod';
import { DIMENSIONS, FREQUENCY_CODES, type STATUSES } from '../statdb/contract.ts';

/** What a release is (发布类型): figures, a bulletin (统计公报), an analysis, something else. */
export const RELEASE_KINDS = ['data', 'bulletin', 'analysis', 'other'] as const;
export type ReleaseKind = (typeof RELEASE_KINDS)[number];

/** 专题: the subjects public datasets are grouped by on the site. */
export const SUBJECTS = {
  'national-accounts': { zh: '国民经济核算', en: 'National accounts' },
  industry: { zh: '工业', en: 'Industry' },
  investment: { zh: '固定资产投资', en: 'Fixed-asset investment' },
  trade: { zh: '国内贸易', en: 'Domestic trade' },
  'foreign-trade': { zh: '对外经济', en: 'Foreign trade' },
  prices: { zh: '价格', en: 'Prices' },
  energy: { zh: '能源', en: 'Energy' },
  population: { zh: '人口', en: 'Population' },
  other: { zh: '其他', en: 'Other' },
} as const satisfies Record<string, { zh: string; en: string }>;
export type Subject = keyof typeof SUBJECTS;
const SUBJECT_CODES = Object.keys(SUBJECTS) as [Subject, ...Subject[]];

const Text = z.object({ zh: z.string().trim().min(1).max(200), en: z.string().trim().min(1).max(200) });
const LongText = z.object({ zh: z.string().max(4000), en: z.string().max(4000) });
const Period = z
  .string()
  .regex(/^\d{4}(-(0[1-9]|1[0-2])|Q[1-4])?$/, 'a period such as 2026-10, 2026Q3 or 2026');
const Code = z.string().min(1).max(64);

export const DatasetCode = z
  .string()
  .regex(/^[a-z][a-z0-9-]{1,63}$/, 'a lower-case letter, then letters, digits or - (2–64)');

/** 公开数据表 as staff define it; the frequency follows the indicators. */
export const DatasetInput = z.strictObject({
  code: DatasetCode,
  title: Text,
  description: LongText.default({ zh: '', en: '' }),
  subject: z.enum(SUBJECT_CODES),
  /** statdb indicators: the content dimension, in display order. */
  indicators: z.array(Code).min(1).max(50),
  /** Breakdown dimensions, each one every indicator has in statdb. */
  dimensions: z
    .array(z.enum(DIMENSIONS))
    .max(DIMENSIONS.length)
    .refine((a) => new Set(a).size === a.length, 'each dimension once'),
  notes: z.array(LongText).max(20).default([]),
  source: z.string().trim().min(1).max(500),
});
export type DatasetInput = z.input<typeof DatasetInput>;
export const DatasetEdit = DatasetInput.omit({ code: true });

export const DatasetView = z.object({
  code: z.string(),
  title: z.object({ zh: z.string(), en: z.string() }),
  description: z.object({ zh: z.string(), en: z.string() }),
  subject: z.string(),
  frequency: z.enum(FREQUENCY_CODES),
  indicators: z.array(z.string()),
  dimensions: z.array(z.enum(DIMENSIONS)),
  notes: z.array(z.object({ zh: z.string(), en: z.string() })),
  source: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string(),
  /** The latest released minute that staged it (null: not public yet). */
  publicSince: z.string().nullable(),
});
export type DatasetView = z.infer<typeof DatasetView>;
export const DatasetList = z.object({ items: z.array(DatasetView) });
export const DatasetParams = z.object({ code: DatasetCode });

/** A minute, ISO 8601 with offset (seconds must be 0; checked by the service, bilingually). */
const Minute = z.iso.datetime({ offset: true });

export const ReleaseInput = z.strictObject({
  title: Text,
  kind: z.enum(RELEASE_KINDS),
  releaseAt: Minute,
  description: LongText.default({ zh: '', en: '' }),
});
export type ReleaseInput = z.input<typeof ReleaseInput>;
export const ReleaseEdit = z.strictObject({
  title: Text.optional(),
  kind: z.enum(RELEASE_KINDS).optional(),
  /** A new minute moves the release with everything staged for it. */
  releaseAt: Minute.optional(),
  description: LongText.optional(),
});
export type ReleaseEdit = z.infer<typeof ReleaseEdit>;

/** Which part of a dataset a release stages: a period range and codes per dimension (absent = all). */
export const StagingInput = z.strictObject({
  from: Period.optional(),
  to: Period.optional(),
  codes: z.record(z.string(), z.array(Code).min(1).max(1000)).optional(),
  /** 修订说明: required when a value already public (or staged earlier) changes. */
  note: z.string().trim().min(1).max(1000).optional(),
});
export type StagingInput = z.infer<typeof StagingInput>;

export const StagingView = z.object({
  dataset: z.string(),
  title: z.object({ zh: z.string(), en: z.string() }),
  from: z.string().nullable(),
  to: z.string().nullable(),
  codes: z.record(z.string(), z.array(z.string())),
  note: z.string().nullable(),
  added: z.number().int(),
  revised: z.number().int(),
  /** Same value, new status or note (初步 → 最终). */
  restated: z.number().int(),
  unchanged: z.number().int(),
  stagedBy: z.string(),
  stagedAt: z.string(),
});

export const ReleaseView = z.object({
  id: z.string(),
  title: z.object({ zh: z.string(), en: z.string() }),
  kind: z.enum(RELEASE_KINDS),
  releaseAt: z.string(),
  description: z.object({ zh: z.string(), en: z.string() }),
  status: z.enum(['scheduled', 'cancelled']),
  /** Not cancelled and its minute has come (by the platform clock): it can no longer change. */
  released: z.boolean(),
  stagings: z.array(StagingView),
  createdBy: z.string(),
  updatedBy: z.string(),
  updatedAt: z.string(),
});
export type ReleaseView = z.infer<typeof ReleaseView>;
export const ReleaseList = z.object({ items: z.array(ReleaseView), now: z.string() });
export const ReleaseQuery = z.object({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});
export const ReleaseParams = z.object({ id: z.uuid() });
export const StagingParams = z.object({ id: z.uuid(), dataset: DatasetCode });

const CellKey = z.object({
  indicator: z.string(),
  region: z.string(),
  industry: z.string(),
  size: z.string(),
  regtype: z.string(),
  period: z.string(),
});
/** What staging would change, before it does (and what the public sees at the minute). */
export const StagingPreview = z.object({
  cells: z.number().int(),
  added: z.number().int(),
  restated: z.number().int(),
  unchanged: z.number().int(),
  revisions: z.array(CellKey.extend({ old: z.string(), new: z.string() })),
  /** The dataset as the public will see it at the release minute, had this been staged. */
  periods: z.object({ first: z.string().nullable(), last: z.string().nullable() }),
  noteRequired: z.boolean(),
});
export type StagingPreview = z.infer<typeof StagingPreview>;

/** An indicator staff can put into a dataset (from statdb). */
export const SourceIndicator = z.object({
  code: z.string(),
  name: z.object({ zh: z.string(), en: z.string() }),
  frequency: z.enum(FREQUENCY_CODES),
  dimensions: z.array(z.enum(DIMENSIONS)),
});
export const SourceList = z.object({ items: z.array(SourceIndicator) });

// ---- api.public (docs/design/publication.md; read by opendata, site and search) ----

export type PublicText = { zh: string; en: string };
export interface PublicDatasetSummary {
  code: string;
  title: PublicText;
  description: PublicText;
  subject: string;
  frequency: 'M' | 'Q' | 'A';
  /** ISO: the latest visible release minute. */
  updatedAt: string;
  firstPeriod: string;
  lastPeriod: string;
}
export interface PublicCode {
  code: string;
  label: PublicText;
  parent: string | null;
  /** Indicators only. */
  unit?: PublicText;
  decimals?: number;
}
export type PublicDimensionId = 'indicator' | 'region' | 'industry' | 'size' | 'regtype' | 'period';
export interface PublicDimension {
  id: PublicDimensionId;
  label: PublicText;
  /** Only codes with visible data, in display order. */
  codes: PublicCode[];
}
export interface PublicDatasetMeta extends PublicDatasetSummary {
  dimensions: PublicDimension[];
  notes: PublicText[];
  source: string;
  releases: { id: string; title: PublicText; releaseAt: string }[];
}
/** Codes per dimension; an absent dimension means all. */
export type PublicSelection = Partial<Record<PublicDimensionId, string[]>>;
export interface PublicCell {
  indicator: string;
  region: string;
  industry: string;
  size: string;
  regtype: string;
  period: string;
  /** Exact decimal text. */
  value: string;
  status: (typeof STATUSES)[number];
  note: string | null;
}
export interface PublicRelease {
  id: string;
  title: PublicText;
  kind: string;
  releaseAt: string;
  released: boolean;
  /** Dataset codes, only once released. */
  datasets: string[];
}
