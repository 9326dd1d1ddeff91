/** 版本记录: every saved version of an article, who saved it and when; any one can be opened. */
import { useQuery } from '@tanstack/react-query';
import { Button, Card, List, Modal, Typography } from 'antd';
import { useState } from 'react';
import { formatDate } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ErrorAlert, StatusTag } from '../../ui/ui.tsx';
import { cmsApi } from './api.ts';

export function VersionsCard({ id }: { id: string }) {
  const { t, locale } = useI18n();
  const versions = useQuery({ queryKey: ['cms', 'versions', id], queryFn: () => cmsApi.versions(id) });
  const [open, setOpen] = useState<number | null>(null);
  const version = useQuery({
    queryKey: ['cms', 'version', id, open],
    queryFn: () => cmsApi.version(id, open as number),
    enabled: open !== null,
  });
  return (
    <Card title={t('cms.versions')}>
      <ErrorAlert error={versions.error} />
      <List
        size="small"
        dataSource={versions.data ?? []}
        renderItem={(v) => (
          <List.Item
            actions={[
              <Button key="view" size="small" type="link" onClick={() => setOpen(v.version)}>
                {t('cms.versions.view')}
                <span className="sr-only"> {t('cms.versions.viewTitle', { version: v.version })}</span>
              </Button>,
            ]}
          >
            <span>
              {t('cms.versions.item', {
                version: v.version,
                by: v.savedBy,
                at: formatDate(v.savedAt, locale, true),
              })}{' '}
              {v.live ? <StatusTag tone="success">{t('cms.versions.live')}</StatusTag> : null}
            </span>
          </List.Item>
        )}
      />
      <Modal
        open={open !== null}
        title={t('cms.versions.viewTitle', { version: open ?? 0 })}
        footer={null}
        onCancel={() => setOpen(null)}
        width={860}
      >
        <ErrorAlert error={version.error} />
        {version.data ? (
          <article className="cms-body">
            <Typography.Title level={2} style={{ fontSize: 20 }}>
              {version.data.title}
            </Typography.Title>
            <Typography.Paragraph type="secondary">{version.data.summary}</Typography.Paragraph>
            {/* biome-ignore lint/security/noDangerouslySetInnerHtml: stored bodies passed the server's allowlist */}
            <div dangerouslySetInnerHTML={{ __html: version.data.bodyHtml }} />
          </article>
        ) : null}
      </Modal>
    </Card>
  );
}
