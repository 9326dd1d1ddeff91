/** Placeholder until the survey API contract lands. */
import { useI18n } from '../../i18n/i18n.tsx';
import { EmptyState, Page } from '../../ui/ui.tsx';

export default function SurveysPlaceholder() {
  const { t } = useI18n();
  return (
    <Page title={t('surveys.title')}>
      <EmptyState title={t('surveys.empty')} />
    </Page>
  );
}
