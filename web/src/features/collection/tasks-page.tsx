/**
 * The enterprise's task list (填报任务): the forms its unit must report for a period, with status,
 * deadline and window in Beijing time, the late flag, open problems and — when review returned a
 * form — the reason, prominently. The period is part of the URL, so a list can be shared.
 */
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Flex, Form, Input, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useI18n } from '../../i18n/i18n.tsx';
import { ApiQuery, EmptyState, ErrorAlert, Page, StatusTag } from '../../ui/ui.tsx';
import { collectionApi, type Task } from './api.ts';
import { beijingTime, editableStatus, isPeriod, local, statusLabel, statusTone } from './labels.ts';

function WindowText({ task }: { task: Task }) {
  const { t, locale } = useI18n();
  const w = task.window;
  if (w.state === 'not_open')
    return <>{t('collection.window.not_open', { at: beijingTime(w.opensAt, locale) })}</>;
  if (w.state === 'open') return <>{t('collection.window.open', { at: beijingTime(w.closesAt, locale) })}</>;
  return <>{t(w.closedByOffice ? 'collection.window.closedByOffice' : 'collection.window.closed')}</>;
}

export default function TasksPage() {
  const { t, locale } = useI18n();
  const [params, setParams] = useSearchParams();
  const period = params.get('period') ?? '';
  const [draft, setDraft] = useState(period);
  const [bad, setBad] = useState(false);
  const tasks = useQuery({
    queryKey: ['collection', 'tasks', period],
    queryFn: () => collectionApi.tasks(period || undefined),
  });

  const show = () => {
    const p = draft.trim();
    if (p && !isPeriod(p)) {
      setBad(true);
      return;
    }
    setBad(false);
    setParams(p ? { period: p } : {});
  };

  const data = tasks.data;
  const returned = data?.items.filter((i) => i.status === 'returned') ?? [];

  return (
    <Page title={t('collection.tasks.title')}>
      {data ? (
        <Typography.Paragraph>{t('collection.tasks.unit', { name: data.unitName })}</Typography.Paragraph>
      ) : null}
      <Form
        layout="inline"
        onFinish={show}
        style={{ marginBottom: 16, rowGap: 8 }}
        aria-label={t('collection.tasks.period')}
      >
        <Form.Item
          label={t('collection.tasks.period')}
          htmlFor="task-period"
          validateStatus={bad ? 'error' : undefined}
          help={bad ? t('collection.tasks.badPeriod') : undefined}
        >
          <Input
            id="task-period"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            placeholder="2026-10"
            aria-describedby="task-period-hint"
            style={{ width: 140 }}
          />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">
              {t('collection.tasks.show')}
            </Button>
            {period ? (
              <Button
                onClick={() => {
                  setDraft('');
                  setParams({});
                }}
              >
                {t('collection.tasks.current')}
              </Button>
            ) : null}
          </Space>
        </Form.Item>
      </Form>
      <Typography.Paragraph type="secondary" id="task-period-hint" style={{ fontSize: 13 }}>
        {t('collection.tasks.periodHint')}
      </Typography.Paragraph>

      {tasks.error ? <ErrorAlert error={tasks.error} onRetry={() => tasks.refetch()} /> : null}

      {returned.map((r) => (
        <Alert
          key={`${r.formId}/${r.period}`}
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={`${r.formCode} ${local(r.name, locale)}（${r.period}）：${t('collection.status.returned')}`}
          description={t('collection.returnReason', {
            reason: r.returnReason || t('collection.returnReason.none'),
          })}
          action={
            <Link to={`/reporting/${r.formId}/${r.period}`}>
              {t('collection.openNamed', { form: r.formCode, period: r.period })}
            </Link>
          }
        />
      ))}

      <div className="table-scroll">
        <Table<Task>
          rowKey={(r) => `${r.formId}/${r.period}`}
          size="middle"
          loading={tasks.isFetching}
          pagination={false}
          dataSource={data?.items ?? []}
          caption={
            data ? (
              <span className="sr-only">{t('collection.tasks.caption', { total: data.items.length })}</span>
            ) : undefined
          }
          locale={{
            emptyText: tasks.isPending ? (
              ' '
            ) : (
              <EmptyState title={t('collection.tasks.empty')} hint={t('collection.tasks.emptyHint')} />
            ),
          }}
          scroll={{ x: 900 }}
          columns={[
            {
              title: t('collection.col.form'),
              key: 'form',
              render: (_, r) => (
                <div>
                  <strong>{r.formCode}</strong> {local(r.name, locale)}
                  <div style={{ fontSize: 12 }}>
                    {t(`freq.${r.frequency}` as 'freq.monthly')}
                    {r.expected ? null : ` · ${t('collection.notExpected')}`}
                  </div>
                </div>
              ),
            },
            { title: t('collection.col.period'), dataIndex: 'period', key: 'period' },
            {
              title: t('collection.col.status'),
              key: 'status',
              render: (_, r) => (
                <Flex vertical gap={4} align="flex-start">
                  <Space size={4} wrap>
                    <StatusTag tone={statusTone(r.status)}>{t(statusLabel(r.status))}</StatusTag>
                    {r.late ? <StatusTag tone="danger">{t('collection.late')}</StatusTag> : null}
                  </Space>
                  {r.status === 'returned' ? (
                    <Typography.Text strong style={{ fontSize: 13 }}>
                      {t('collection.returnReason', {
                        reason: r.returnReason || t('collection.returnReason.none'),
                      })}
                    </Typography.Text>
                  ) : null}
                </Flex>
              ),
            },
            {
              title: t('collection.col.deadline'),
              key: 'deadline',
              render: (_, r) => beijingTime(r.window.deadline, locale),
            },
            { title: t('collection.col.window'), key: 'window', render: (_, r) => <WindowText task={r} /> },
            {
              title: t('collection.col.problems'),
              key: 'problems',
              render: (_, r) =>
                r.openProblems.fatal || r.openProblems.verify
                  ? t('collection.problems', r.openProblems)
                  : t('collection.problems.none'),
            },
            {
              title: t('collection.col.actions'),
              key: 'actions',
              render: (_, r) => {
                const edit = editableStatus(r.status) && r.window.state === 'open';
                const text = t(edit ? 'collection.open' : 'collection.view');
                return (
                  <Link
                    to={`/reporting/${r.formId}/${r.period}`}
                    aria-label={t(edit ? 'collection.openNamed' : 'collection.viewNamed', {
                      form: r.formCode,
                      period: r.period,
                    })}
                  >
                    {text}
                  </Link>
                );
              },
            },
          ]}
        />
      </div>
      <ApiQuery url={collectionApi.tasksUrl(period || undefined)} />
    </Page>
  );
}
