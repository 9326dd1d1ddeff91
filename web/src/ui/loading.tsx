/** The spinner every lazy page shows while it loads: part of the first screen, so kept small. */
import { Flex, Spin } from 'antd';
import { useI18n } from '../i18n/i18n.tsx';

/** A centred spinner with a spoken label. */
export function Loading() {
  const { t } = useI18n();
  return (
    <Flex justify="center" style={{ padding: 48 }} role="status" aria-live="polite">
      <Spin description={t('app.loading')} />
    </Flex>
  );
}
