/**
 * The review inbox (审核台): the handed-in submissions of a form and period in the signed-in
 * reviewer's area, with their review state, open problems and late flag; filters and paging in
 * the page URL, each row linking to its review page.
 */
import { AlertOutlined, SettingOutlined, WarningOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Checkbox, Flex, Form, Input, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useAuth } from '../../app/auth.tsx';
import { formatDate, formatNumber } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ApiQuery, EmptyState, ErrorAlert, Page, StatusTag } from '../../ui/ui.tsx';
import { DivisionCascader, useNames } from '../registry/pickers.tsx';
import { type BoardQuery, type Item, reviewApi } from './api.ts';
import { FormPeriodPickers, useFormPeriod } from './form-period.tsx';
import { LateTag, Problems, StateTag } from './labels.tsx';
import { ScrollRegion } from './scroll-region.tsx';
import { levelLabel, levelOfRole, positive } from './selection.ts';

const PAGE_SIZE = 20;
const STATUSES = ['pending', 'returned', 'approved'] as const;

/** A submission's review page address. */
export const reviewPath = (i: { unitId: string; formId: string; period: string }) =>
  `/review/${i.unitId}/${i.formId}/${i.period}`;

export default function InboxPage() {
  const { t, locale } = useI18n();
  const { account } = useAuth();
  const fp = useFormPeriod();
  const navigate = useNavigate();
  const names = useNames();
  const { params, setParams } = fp;
  const myLevel = levelOfRole(account?.role ?? '');
  const status = params.get('status') ?? undefined;
  const mine = params.get('mine') === 'true';
  const anomalous = params.get('anomalies') === 'true';
  const page = positive(params.get('page'), 1);
  const pageSize = positive(params.get('pageSize'), PAGE_SIZE);
  // The search box edits a draft; the server searches (name or credit code) on Enter or clear.
  const [search, setSearch] = useState(params.get('q') ?? '');

  const q: BoardQuery | null =
    fp.ready && fp.period
      ? {
          period: fp.period,
          formId: fp.formId,
          status: status as BoardQuery['status'],
          mine: mine ? 'true' : undefined,
          anomalies: anomalous ? 'true' : undefined,
          divisionCode: params.get('division') ?? undefined,
          q: params.get('q') ?? undefined,
          page,
          pageSize,
        }
      : null;
  const board = useQuery({
    queryKey: ['review', 'board', q],
    queryFn: () => reviewApi.board(q!),
    enabled: !!q,
    placeholderData: keepPreviousData,
  });

  // Explanations waiting for a verdict, over the whole area (the list's rows count problems, not verdicts).
  const unjudged = useQuery({
    queryKey: ['review', 'violations', 'explained', q?.formId, q?.period, q?.divisionCode],
    queryFn: () =>
      reviewApi.violations({
        period: q!.period,
        formId: q!.formId,
        divisionCode: q!.divisionCode,
        state: 'explained',
        pageSize: 1,
      }),
    enabled: !!q,
  });

  const set = (k: string, v: string | undefined) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    if (k !== 'page' && k !== 'pageSize') next.delete('page');
    setParams(next);
  };

  const data = board.data;
  const rows = data?.items ?? [];
  const col = () => ({ scope: 'col' });

  return (
    <Page
      title={t('review.inbox.title')}
      extra={
        <>
          <Button
            icon={<WarningOutlined />}
            onClick={() => navigate(`/review/violations?${params.toString()}`)}
          >
            {t('review.violations.title')}
          </Button>
          <Button icon={<AlertOutlined />} onClick={() => navigate(`/review/anomalies?${params.toString()}`)}>
            {t('review.anomalies.title')}
          </Button>
          {fp.formId ? (
            <Button icon={<SettingOutlined />} onClick={() => navigate(`/review/levels/${fp.formId}`)}>
              {t('review.levels.title')}
            </Button>
          ) : null}
        </>
      }
    >
      {myLevel ? (
        <Typography.Paragraph>
          {t('review.inbox.intro', { level: t(levelLabel(myLevel)) })}
        </Typography.Paragraph>
      ) : null}
      <Form
        layout="inline"
        role="search"
        aria-label={t('review.filters')}
        style={{ rowGap: 8, marginBottom: 16 }}
      >
        <FormPeriodPickers state={fp} idPrefix="inbox" />
        <Form.Item label={t('review.filter.status')} htmlFor="inbox-status">
          <Select
            id="inbox-status"
            allowClear
            value={status}
            placeholder={t('review.any')}
            style={{ minWidth: 140 }}
            options={STATUSES.map((s) => ({ value: s, label: t(`review.status.${s}`) }))}
            onChange={(v) => set('status', v)}
          />
        </Form.Item>
        {myLevel ? (
          <Form.Item>
            <Checkbox checked={mine} onChange={(e) => set('mine', e.target.checked ? 'true' : undefined)}>
              {t('review.filter.mine')}
            </Checkbox>
          </Form.Item>
        ) : null}
        <Form.Item>
          <Checkbox
            checked={anomalous}
            onChange={(e) => set('anomalies', e.target.checked ? 'true' : undefined)}
          >
            {t('review.anomalies.onlyFlagged')}
          </Checkbox>
        </Form.Item>
        <Form.Item label={t('review.filter.area')} htmlFor="inbox-area">
          <div style={{ minWidth: 220 }}>
            <DivisionCascader
              id="inbox-area"
              value={params.get('division') ?? undefined}
              onChange={(v) => set('division', v)}
            />
          </div>
        </Form.Item>
        <Form.Item label={t('review.filter.unit')} htmlFor="inbox-unit">
          <Input.Search
            id="inbox-unit"
            allowClear
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            onSearch={(v) => set('q', v.trim() || undefined)}
            placeholder={t('review.filter.unit.hint')}
          />
        </Form.Item>
      </Form>

      <ErrorAlert error={fp.error ?? board.error} onRetry={() => board.refetch()} />
      {fp.empty ? <EmptyState title={t('review.noForms')} /> : null}

      {data ? (
        <Flex gap="small" wrap style={{ marginBottom: 12 }} aria-label={t('review.counts')} role="group">
          {(['township', 'county', 'city'] as const).map((l) => (
            <StatusTag key={l} tone="info">
              {t(`review.state.pending.${l}`)} {formatNumber(data.counts.pending[l], locale)}
            </StatusTag>
          ))}
          <StatusTag tone="danger">
            {t('review.state.returned')} {formatNumber(data.counts.returned, locale)}
          </StatusTag>
          <StatusTag tone="success">
            {t('review.state.approved')} {formatNumber(data.counts.approved, locale)}
          </StatusTag>
          {unjudged.data ? (
            <Link
              to={`/review/violations?${new URLSearchParams({
                form: fp.formId ?? '',
                period: fp.period ?? '',
                state: 'explained',
                ...(params.get('division') ? { division: params.get('division')! } : {}),
              })}`}
            >
              {t('review.inbox.unjudged', { n: unjudged.data.counts.byState.explained })}
            </Link>
          ) : null}
        </Flex>
      ) : null}

      <ScrollRegion label={t('review.inbox.caption', { form: fp.form?.code ?? '', period: fp.period ?? '' })}>
        <Table<Item>
          rowKey={(i) => `${i.unitId}/${i.formId}/${i.period}`}
          size="small"
          style={{ minWidth: 760 }}
          loading={board.isFetching}
          dataSource={rows}
          caption={
            <span className="sr-only">
              {t('review.inbox.caption', { form: fp.form?.code ?? '', period: fp.period ?? '' })}
            </span>
          }
          locale={{
            emptyText: board.isPending ? (
              ' '
            ) : (
              <EmptyState title={t('review.inbox.empty')} hint={t('review.inbox.emptyHint')} />
            ),
          }}
          pagination={{
            current: page,
            pageSize,
            total: data?.total ?? 0,
            showTotal: (total) => t('common.total', { total }),
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100],
            onChange: (p, s) => {
              const next = new URLSearchParams(params);
              next.set('page', String(p));
              next.set('pageSize', String(s));
              setParams(next);
            },
          }}
          columns={[
            {
              title: t('review.col.unit'),
              dataIndex: 'unitName',
              onHeaderCell: col,
              render: (name, i) => (
                <Link to={reviewPath(i)} aria-label={t('review.open', { unit: name })}>
                  {name}
                </Link>
              ),
            },
            {
              title: t('review.col.township'),
              dataIndex: 'townshipCode',
              onHeaderCell: col,
              render: (c) => names.division(c),
            },
            {
              title: t('review.col.state'),
              key: 'state',
              onHeaderCell: col,
              render: (_, i) => (
                <Space size={4} wrap>
                  <StateTag state={i.review} />
                  {i.review.round > 1 ? <span>{t('review.round', { n: i.review.round })}</span> : null}
                </Space>
              ),
            },
            {
              title: t('review.col.problems'),
              key: 'problems',
              onHeaderCell: col,
              render: (_, i) => <Problems p={i.openProblems} />,
            },
            {
              title: t('review.col.anomalies'),
              key: 'anomalies',
              onHeaderCell: col,
              render: (_, i) =>
                i.anomalies ? (
                  <StatusTag tone="warning">{t('review.anomalies.count', { n: i.anomalies })}</StatusTag>
                ) : (
                  <span>{t('review.anomalies.none')}</span>
                ),
            },
            {
              title: t('review.col.submittedAt'),
              dataIndex: 'submittedAt',
              onHeaderCell: col,
              render: (v, i) => (
                <Space size={4} wrap>
                  {formatDate(v, locale, true)}
                  <LateTag late={i.late} />
                </Space>
              ),
            },
          ]}
        />
      </ScrollRegion>
      {q ? <ApiQuery url={reviewApi.boardUrl(q)} /> : null}
    </Page>
  );
}
