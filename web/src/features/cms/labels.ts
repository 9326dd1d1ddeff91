/** Names and tag tones of channels, categories and statuses, for every cms page. */

import {
  type ArticleStatus,
  CHANNELS,
  OPEN_GOV_CATEGORIES,
  type QuestionStatus,
  STATUSES,
} from '../../../../src/modules/cms/contract.ts';
import type { MessageKey } from '../../i18n/i18n.tsx';
import type { Tone } from '../../ui/ui.tsx';

export { CHANNELS, OPEN_GOV_CATEGORIES, STATUSES };

export const channelKey = (c: string) => `cms.channel.${c}` as MessageKey;
export const categoryKey = (c: string) => `cms.category.${c}` as MessageKey;
export const statusKey = (s: ArticleStatus) => `cms.status.${s}` as MessageKey;
export const questionStatusKey = (s: QuestionStatus) => `cms.q.status.${s}` as MessageKey;

export const STATUS_TONE: Record<ArticleStatus, Tone> = {
  draft: 'neutral',
  in_review: 'warning',
  approved: 'info',
  published: 'success',
  scheduled: 'info',
  withdrawn: 'danger',
};

export const QUESTION_TONE: Record<QuestionStatus, Tone> = {
  pending: 'warning',
  answered: 'info',
  published: 'success',
  rejected: 'neutral',
};
