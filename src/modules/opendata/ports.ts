/**
 * What the open data API reads: publication's `api.public` (docs/design/publication.md), the only
 * door to published figures — the part of it this module uses, with publication's own types.
 */
import type { PublicationApi } from '../publication/index.ts';

export type {
  PublicCell,
  PublicCode,
  PublicDatasetMeta,
  PublicDatasetSummary,
  PublicDimension,
  PublicDimensionId,
  PublicSelection,
  PublicText as Text,
} from '../publication/index.ts';

/** The part of `publication.api.public` the open data API reads; every read takes the instant `at`. */
export type PublicData = Pick<
  PublicationApi['public'],
  'datasets' | 'dataset' | 'cells' | 'nextChangeAfter' | 'version' | 'onChanged'
>;
