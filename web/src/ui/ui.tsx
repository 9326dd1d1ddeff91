/**
 * Small wrappers over Ant Design so pages say what they mean: a page with its heading, an error
 * in the chosen language, an empty state, the API query behind a selection.
 */
import { Empty, Flex, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { tokens } from './theme.ts';

export { ErrorAlert } from './error-alert.tsx';
export { Loading } from './loading.tsx';
export { NotFound } from './not-found.tsx';

/** A page: one h1, optional actions on the right, then the content. */
export function Page({
  title,
  extra,
  children,
}: {
  title: ReactNode;
  extra?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section aria-labelledby="page-title">
      <Flex justify="space-between" align="center" wrap gap="small" style={{ marginBottom: 16 }}>
        <Typography.Title level={1} id="page-title" style={{ fontSize: 22, margin: 0 }}>
          {title}
        </Typography.Title>
        {extra ? (
          <Flex gap="small" wrap>
            {extra}
          </Flex>
        ) : null}
      </Flex>
      {children}
    </section>
  );
}

/** An empty state with a sentence saying why and what to do. */
export function EmptyState({
  title,
  hint,
  children,
}: {
  title: ReactNode;
  hint?: ReactNode;
  children?: ReactNode;
}) {
  return (
    <Empty
      description={
        <>
          <Typography.Text strong>{title}</Typography.Text>
          {hint ? <div>{hint}</div> : null}
        </>
      }
    >
      {children}
    </Empty>
  );
}

/** The API call that returns what the page shows (PxWeb's "API query"): copyable, shareable. */
export function ApiQuery({ url }: { url: string }) {
  const { t } = useI18n();
  const full = `${window.location.origin}${url}`;
  return (
    <details style={{ marginTop: 16 }}>
      <summary>{t('common.apiQuery')}</summary>
      <Typography.Paragraph style={{ marginTop: 8 }}>{t('common.apiQuery.hint')}</Typography.Paragraph>
      <Typography.Paragraph code copyable={{ text: full }} style={{ wordBreak: 'break-all' }}>
        {`GET ${url}`}
      </Typography.Paragraph>
    </details>
  );
}

export type Tone = keyof typeof tokens.tag;

/** A status tag in one of the theme's accessible tones. */
export function StatusTag({ tone = 'neutral', children }: { tone?: Tone; children: ReactNode }) {
  const c = tokens.tag[tone];
  return (
    <Tag variant="outlined" style={{ color: c.color, background: c.background, borderColor: c.border }}>
      {children}
    </Tag>
  );
}
