/** "Not found" and "not allowed": Ant Design's Result (with its illustrations) loads only when shown. */
import { Result } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n.tsx';

export function NotFound({ title }: { title?: ReactNode }) {
  const { t } = useI18n();
  return (
    <Result
      status="404"
      title={title ?? t('app.notFound')}
      extra={<a href="/">{t('app.notFound.back')}</a>}
    />
  );
}
