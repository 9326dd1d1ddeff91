/**
 * What the open data API reads: publication's `api.public` (docs/design/publication.md), the only
 * door to published figures. Declared here, structurally, so this module depends on the contract
 * and not on how publication is built; app.ts hands it publication's real `api.public`.
 */

/** A text in both languages. */
export interface Text {
  zh: string;
  en: string;
}

export type PublicDimensionId = 'indicator' | 'region' | 'industry' | 'size' | 'regtype' | 'period';

export interface PublicDatasetSummary {
  code: string;
  title: Text;
  description: Text;
  subject: string;
  frequency: 'M' | 'Q' | 'A';
  /** ISO instant: the latest visible release minute. */
  updatedAt: string;
  firstPeriod: string;
  lastPeriod: string;
}

export interface PublicCode {
  code: string;
  label: Text;
  parent: string | null;
  /** Indicators only. */
  unit?: Text;
  decimals?: number;
}

export interface PublicDimension {
  id: PublicDimensionId;
  label: Text;
  /** Only codes with visible data, in display order. */
  codes: PublicCode[];
}

export interface PublicDatasetMeta extends PublicDatasetSummary {
  dimensions: PublicDimension[];
  notes: Text[];
  source: string;
  releases: { id: string; title: Text; releaseAt: string }[];
}

/** Codes per dimension; an absent dimension means all of it. */
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
  status: 'preliminary' | 'revised' | 'final';
  note: string | null;
}

/** The part of `publication.api.public` the open data API reads; every read takes the instant `at`. */
export interface PublicData {
  datasets(at: Date): Promise<PublicDatasetSummary[]>;
  dataset(code: string, at: Date): Promise<PublicDatasetMeta | null>;
  cells(code: string, sel: PublicSelection, at: Date): Promise<PublicCell[]>;
  nextChangeAfter(at: Date): Promise<Date | null>;
  version(at: Date): Promise<string>;
  onChanged(listener: () => void): () => void;
}
