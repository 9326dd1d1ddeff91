/**
 * Register search: filters (name/code text, division, industry, industry grouping, size, status) kept in the page
 * URL so a selection can be shared, a paged table with real table semantics, and the API query
 * that returns the same units.
 */
import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { App, Button, Col, Dropdown, Form, Input, Row, Select, Table } from 'antd';
import { useEffect } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useAuth } from '../../app/auth.tsx';
import { REGISTER_WRITERS } from '../../app/nav.ts';
import { formatNumber } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ApiQuery, EmptyState, ErrorAlert, Page, StatusTag } from '../../ui/ui.tsx';
import { registryApi, type UnitFilters, type UnitListItem } from './api.ts';
import { SIZE_CLASSES, sizeLabel, statusLabel, statusTone, UNIT_STATUSES } from './labels.ts';
import { DivisionCascader, GroupingSelect, IndustryTreeSelect } from './pickers.tsx';

const PAGE_SIZE = 20;

/** Reads the filters from the page URL. */
function filtersFrom(params: URLSearchParams): UnitFilters {
  const get = (k: string) => params.get(k) || undefined;
  const n = (k: string, d: number) => {
    const v = Number(params.get(k));
    return Number.isInteger(v) && v > 0 ? v : d;
  };
  return {
    q: get('q'),
    division: get('division'),
    industry: get('industry'),
    grouping: get('grouping'),
    size: get('size'),
    status: get('status'),
    sort: get('sort'),
    page: n('page', 1),
    pageSize: n('pageSize', PAGE_SIZE),
  };
}

function toParams(f: UnitFilters): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(f)) if (v !== undefined && v !== '' && v !== null) out[k] = String(v);
  if (out.page === '1') delete out.page;
  if (out.pageSize === String(PAGE_SIZE)) delete out.pageSize;
  return out;
}

interface FormValues {
  q?: string;
  division?: string;
  industry?: string;
  grouping?: string[];
  size?: string[];
  status?: string[];
}

export default function UnitsPage() {
  const { t, locale } = useI18n();
  const { hasRole } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const filters = filtersFrom(params);
  const [form] = Form.useForm<FormValues>();

  useEffect(() => {
    form.setFieldsValue({
      q: filters.q,
      division: filters.division,
      industry: filters.industry,
      grouping: filters.grouping?.split(','),
      size: filters.size?.split(','),
      status: filters.status?.split(','),
    });
  }, [form, filters.q, filters.division, filters.industry, filters.grouping, filters.size, filters.status]);

  const units = useQuery({
    queryKey: ['registry', 'units', filters],
    queryFn: () => registryApi.units(filters),
    placeholderData: keepPreviousData,
  });

  const apply = (v: FormValues) =>
    setParams(
      toParams({
        ...filters,
        q: v.q?.trim() || undefined,
        division: v.division,
        industry: v.industry,
        grouping: v.grouping?.length ? v.grouping.join(',') : undefined,
        size: v.size?.length ? v.size.join(',') : undefined,
        status: v.status?.length ? v.status.join(',') : undefined,
        page: 1,
      }),
    );

  const exportAs = async (format: 'xlsx' | 'csv') => {
    try {
      await registryApi.exportUnits(filters, format);
    } catch (e) {
      message.error((e as { messageIn?: (l: string) => string }).messageIn?.(locale) ?? String(e));
    }
  };

  const canWrite = hasRole(...REGISTER_WRITERS);
  const data = units.data;
  const col = () => ({ scope: 'col' });

  return (
    <Page
      title={t('units.title')}
      extra={
        <>
          {canWrite ? (
            <>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/register/units/new')}>
                {t('units.create')}
              </Button>
              <Button icon={<UploadOutlined />} onClick={() => navigate('/register/import')}>
                {t('units.import')}
              </Button>
            </>
          ) : null}
          <Dropdown
            menu={{
              items: [
                { key: 'xlsx', label: 'Excel (xlsx)' },
                { key: 'csv', label: 'CSV' },
              ],
              onClick: ({ key }) => exportAs(key as 'xlsx' | 'csv'),
            }}
          >
            <Button icon={<DownloadOutlined />} title={t('units.exportHint')}>
              {t('units.export')}
            </Button>
          </Dropdown>
        </>
      }
    >
      <Form form={form} layout="vertical" onFinish={apply} role="search" aria-label={t('units.filters')}>
        <Row gutter={[12, 0]}>
          <Col xs={24} md={12} xl={6}>
            <Form.Item name="q" label={t('units.q')}>
              <Input allowClear maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12} xl={6}>
            <Form.Item name="division" label={t('units.division')}>
              <DivisionCascader />
            </Form.Item>
          </Col>
          <Col xs={24} md={12} xl={6}>
            <Form.Item name="industry" label={t('units.industry')}>
              <IndustryTreeSelect />
            </Form.Item>
          </Col>
          <Col xs={24} md={12} xl={6}>
            <Form.Item name="grouping" label={t('units.grouping')} extra={t('units.grouping.hint')}>
              <GroupingSelect />
            </Form.Item>
          </Col>
          <Col xs={12} md={6} xl={3}>
            <Form.Item name="size" label={t('units.sizeClass')}>
              <Select
                mode="multiple"
                allowClear
                placeholder={t('units.any')}
                options={SIZE_CLASSES.map((s) => ({ value: s, label: t(sizeLabel(s)) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={6} xl={3}>
            <Form.Item name="status" label={t('units.status')}>
              <Select
                mode="multiple"
                allowClear
                placeholder={t('units.any')}
                options={UNIT_STATUSES.map((s) => ({ value: s, label: t(statusLabel(s)) }))}
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item>
          <Button type="primary" htmlType="submit">
            {t('common.search')}
          </Button>{' '}
          <Button
            onClick={() => {
              form.resetFields();
              setParams({});
            }}
          >
            {t('common.reset')}
          </Button>
        </Form.Item>
      </Form>

      <ErrorAlert error={units.error} onRetry={() => units.refetch()} />

      <div className="table-scroll">
        <Table<UnitListItem>
          rowKey="id"
          size="small"
          caption={
            data ? (
              <span className="sr-only">
                {t('units.tableCaption', { page: filters.page ?? 1, total: data.total })}
              </span>
            ) : undefined
          }
          loading={units.isFetching}
          dataSource={data?.items ?? []}
          locale={{
            emptyText: units.isPending ? (
              ' '
            ) : (
              <EmptyState title={t('units.empty')} hint={t('units.emptyHint')} />
            ),
          }}
          pagination={{
            current: filters.page,
            pageSize: filters.pageSize,
            total: data?.total ?? 0,
            showTotal: (total) => t('common.total', { total }),
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100],
            onChange: (page, pageSize) => setParams(toParams({ ...filters, page, pageSize })),
          }}
          columns={[
            {
              title: t('units.name'),
              dataIndex: 'name',
              onHeaderCell: col,
              render: (name, u) => <Link to={`/register/units/${u.id}`}>{name}</Link>,
            },
            {
              title: t('units.creditCode'),
              dataIndex: 'creditCode',
              onHeaderCell: col,
              render: (v) => <code>{v}</code>,
            },
            {
              title: t('units.township'),
              dataIndex: 'townshipName',
              onHeaderCell: col,
              render: (v, u) => [u.countyName, v].filter(Boolean).join(' ') || u.townshipCode,
            },
            {
              title: t('units.industry'),
              dataIndex: 'industryCode',
              onHeaderCell: col,
              render: (v, u) => (
                <span title={u.industryName ?? undefined}>
                  {v} {u.industryName}
                </span>
              ),
            },
            {
              title: t('units.employees'),
              dataIndex: 'employees',
              align: 'right',
              onHeaderCell: col,
              render: (v) => formatNumber(v, locale),
            },
            {
              title: t('units.revenue'),
              dataIndex: 'revenueThousandYuan',
              align: 'right',
              onHeaderCell: col,
              render: (v) => formatNumber(v, locale, 1),
            },
            {
              title: t('units.sizeClass'),
              dataIndex: 'sizeClass',
              onHeaderCell: col,
              render: (v) => (v ? t(sizeLabel(v)) : t('common.none')),
            },
            {
              title: t('units.status'),
              dataIndex: 'status',
              onHeaderCell: col,
              render: (v) => <StatusTag tone={statusTone(v)}>{t(statusLabel(v))}</StatusTag>,
            },
          ]}
        />
      </div>
      <ApiQuery url={registryApi.unitsUrl(filters)} />
    </Page>
  );
}
