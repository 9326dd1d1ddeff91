/** Small display pieces shared by the review pages: the state tag, the late tag, problem counts. */
import { Space } from 'antd';
import { useI18n } from '../../i18n/i18n.tsx';
import { StatusTag } from '../../ui/ui.tsx';
import type { Item } from './api.ts';
import { type ReviewState, stateLabel } from './selection.ts';

/** 待乡镇审核 / 已退回 / 审核通过 as a coloured tag. */
export function StateTag({ state }: { state: ReviewState }) {
  const { t } = useI18n();
  const { key, tone } = stateLabel(state);
  return <StatusTag tone={tone}>{t(key)}</StatusTag>;
}

export function LateTag({ late }: { late: boolean }) {
  const { t } = useI18n();
  return late ? <StatusTag tone="warning">{t('review.late')}</StatusTag> : null;
}

/** Open problems in words: each count only when it is not zero. */
export function Problems({ p }: { p: Item['openProblems'] }) {
  const { t } = useI18n();
  const parts: { key: string; text: string; tone: 'danger' | 'warning' | 'info' | 'neutral' }[] = [];
  if (p.fatal) parts.push({ key: 'f', text: t('review.problems.fatal', { n: p.fatal }), tone: 'danger' });
  if (p.verify) parts.push({ key: 'v', text: t('review.problems.verify', { n: p.verify }), tone: 'warning' });
  if (p.rejectedExplanations)
    parts.push({
      key: 'r',
      text: t('review.problems.rejected', { n: p.rejectedExplanations }),
      tone: 'danger',
    });
  if (p.pendingExplanations)
    parts.push({
      key: 'p',
      text: t('review.problems.pending', { n: p.pendingExplanations }),
      tone: 'warning',
    });
  if (p.openQueries)
    parts.push({ key: 'q', text: t('review.problems.queries', { n: p.openQueries }), tone: 'info' });
  if (p.unansweredQueries)
    parts.push({
      key: 'u',
      text: t('review.problems.unanswered', { n: p.unansweredQueries }),
      tone: 'neutral',
    });
  if (!parts.length) return <span>{t('review.problems.none')}</span>;
  return (
    <Space size={[4, 4]} wrap>
      {parts.map((x) => (
        <StatusTag key={x.key} tone={x.tone}>
          {x.text}
        </StatusTag>
      ))}
    </Space>
  );
}
