/**
 * What the site reads from other modules: only the public faces of publication and cms, as
 * docs/design/publication.md defines them. Every read takes the instant `at` the public sees.
 */

import type { CmsApi } from '../cms/index.ts';
import type { PublicationApi } from '../publication/index.ts';

export type { PublicArticle, PublicArticleSummary, PublicQuestion } from '../cms/index.ts';
export type {
  PublicCell,
  PublicCode,
  PublicDatasetMeta,
  PublicDatasetSummary,
  PublicDimension,
  PublicDimensionId as DimensionId,
  PublicRelease,
  PublicSelection,
  PublicText as Text,
} from '../publication/index.ts';

/** publication.api.public (发布). */
export type PublicationPublic = PublicationApi['public'];
/** cms.api.public (内容管理 + 互动交流). */
export type CmsPublic = CmsApi['public'];

/** The two ports, read lazily (the modules are created in app.ts before or after the site). */
export interface SitePorts {
  publication: () => PublicationPublic;
  cms: () => CmsPublic;
}
