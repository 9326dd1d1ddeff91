/** One reporting unit: everything the register holds about it. */
import { EditOutlined, SwapOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Descriptions } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { REGISTRATION_TYPES } from '../../../../src/modules/registry/domain/registration-types.ts';
import { useAuth } from '../../app/auth.tsx';
import { REGISTER_WRITERS } from '../../app/nav.ts';
import { formatDate, formatNumber } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ErrorAlert, Loading, NotFound, Page, StatusTag } from '../../ui/ui.tsx';
import { registryApi } from './api.ts';
import { sizeLabel, statusLabel, statusTone } from './labels.ts';
import { useNames } from './pickers.tsx';
import { StatusDialog } from './status-dialog.tsx';
import { StatusHistory } from './status-history.tsx';

export function registrationTypeName(code: string, locale: string): string {
  const r = REGISTRATION_TYPES.find((x) => x.code === code);
  return r ? `${code} ${locale === 'en-US' ? r.nameEn : r.name}` : code;
}

export default function UnitDetailPage() {
  const { id = '' } = useParams();
  const { t, locale } = useI18n();
  const { hasRole } = useAuth();
  const navigate = useNavigate();
  const names = useNames();
  const [changing, setChanging] = useState(false);
  const unit = useQuery({ queryKey: ['registry', 'unit', id], queryFn: () => registryApi.unit(id) });

  if (unit.isPending) return <Loading />;
  if (unit.error) {
    const status = (unit.error as { status?: number }).status;
    if (status === 404 || status === 400) return <NotFound title={t('units.notFound')} />;
    return <ErrorAlert error={unit.error} onRetry={() => unit.refetch()} />;
  }
  const u = unit.data;
  const none = t('common.none');
  return (
    <Page
      title={u.name}
      extra={
        hasRole(...REGISTER_WRITERS) ? (
          <>
            <Button icon={<EditOutlined />} onClick={() => navigate(`/register/units/${u.id}/edit`)}>
              {t('common.edit')}
            </Button>
            <Button icon={<SwapOutlined />} onClick={() => setChanging(true)}>
              {t('units.status.change')}
            </Button>
          </>
        ) : null
      }
    >
      <Card>
        <Descriptions column={{ xs: 1, md: 2 }} bordered size="small">
          <Descriptions.Item label={t('units.creditCode')}>
            <code>{u.creditCode}</code>
          </Descriptions.Item>
          <Descriptions.Item label={t('units.status')}>
            <StatusTag tone={statusTone(u.status)}>{t(statusLabel(u.status))}</StatusTag>
          </Descriptions.Item>
          <Descriptions.Item label={t('units.division')}>
            {[names.division(u.cityCode), names.division(u.countyCode), names.division(u.townshipCode)]
              .filter(Boolean)
              .join(' / ')}
          </Descriptions.Item>
          <Descriptions.Item label={t('units.industry')}>
            {u.industryCode} {names.industry(u.industryCode)}
          </Descriptions.Item>
          <Descriptions.Item label={t('units.registrationType')}>
            {registrationTypeName(u.registrationType, locale)}
          </Descriptions.Item>
          <Descriptions.Item label={t('units.sizeClass')}>
            {u.sizeClass ? t(sizeLabel(u.sizeClass)) : none}
          </Descriptions.Item>
          <Descriptions.Item label={t('units.employees')}>
            {formatNumber(u.employees, locale)}
          </Descriptions.Item>
          <Descriptions.Item label={t('units.revenue')}>
            {formatNumber(u.revenueThousandYuan, locale, 1)}
          </Descriptions.Item>
          <Descriptions.Item label={t('units.entryDate')}>
            {formatDate(u.entryDate, locale)}
          </Descriptions.Item>
          <Descriptions.Item label={t('units.exitDate')}>{formatDate(u.exitDate, locale)}</Descriptions.Item>
          <Descriptions.Item label={t('units.address')} span={2}>
            {u.address ?? none}
          </Descriptions.Item>
          <Descriptions.Item label={t('units.contact.name')}>{u.contactName ?? none}</Descriptions.Item>
          <Descriptions.Item label={t('units.contact.phone')}>{u.contactPhone ?? none}</Descriptions.Item>
          <Descriptions.Item label={t('units.contact.email')}>{u.contactEmail ?? none}</Descriptions.Item>
          <Descriptions.Item label={t('units.updatedAt')}>
            {formatDate(u.updatedAt, locale, true)} · {t('units.version')} {u.version}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      {hasRole('admin') ? <StatusHistory unitId={u.id} version={u.version} /> : null}
      {hasRole(...REGISTER_WRITERS) ? (
        <StatusDialog unit={u} open={changing} onClose={() => setChanging(false)} />
      ) : null}
    </Page>
  );
}
