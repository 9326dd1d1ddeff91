/**
 * One submission under review (审核): the values as the paper form with last period and last
 * year, the failing rules beside the unit's explanations with accept / reject, the decision
 * panel, the anomalous values with why, the cell queries and the history of decisions.
 */
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Col, Descriptions, Row, Space } from 'antd';
import { useNavigate, useParams } from 'react-router-dom';
import { useAuth } from '../../app/auth.tsx';
import { formatDate, formatNumber } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ApiQuery, ErrorAlert, Loading, Page } from '../../ui/ui.tsx';
import { AnomalyReasons } from './anomalies-page.tsx';
import { type Detail, type Entry, reviewApi, type SubmissionKey } from './api.ts';
import { type DecisionInput, DecisionPanel } from './decision-panel.tsx';
import { DecisionHistory } from './history.tsx';
import { LateTag, Problems, StateTag } from './labels.tsx';
import { QueriesPanel } from './queries-panel.tsx';
import { RuleResults } from './rule-results.tsx';
import { allowedActions, levelLabel, levelOfRole } from './selection.ts';
import { ValuesGrid } from './values-grid.tsx';

/** The entered cells of the form as `A01 工业总产值 · 本期` for the query picker. */
function cellLabels(entry: Entry | undefined, en: boolean) {
  if (!entry) return [];
  const def = entry.definition as {
    indicators?: { code: string; name: { zh: string; en: string } }[];
    columns?: { code: string; name: { zh: string; en: string } }[];
  };
  const name = (x: { zh: string; en: string } | undefined) => (x ? (en ? x.en : x.zh) : '');
  const ind = new Map((def.indicators ?? []).map((i) => [i.code, name(i.name)]));
  const col = new Map((def.columns ?? []).map((c) => [c.code, name(c.name)]));
  return entry.cells
    .filter((c) => c.source === 'entered')
    .map((c) => ({
      value: c.ref,
      label: `${c.indicator} ${ind.get(c.indicator) ?? ''} · ${col.get(c.column) ?? c.column}`,
    }));
}

function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <Card
      title={
        <h2 className="card-title" id={id}>
          {title}
        </h2>
      }
      style={{ marginBottom: 16 }}
      styles={{ body: { overflowX: 'auto' } }}
    >
      {children}
    </Card>
  );
}

export default function ReviewPage() {
  const { t, locale } = useI18n();
  const { account, hasRole } = useAuth();
  const navigate = useNavigate();
  const params = useParams();
  const key: SubmissionKey = { unitId: params.unitId!, formId: params.formId!, period: params.period! };
  const client = useQueryClient();
  const detailKey = ['review', 'detail', key];

  const detail = useQuery({
    queryKey: detailKey,
    queryFn: () => reviewApi.detail(key),
    refetchOnWindowFocus: false,
  });
  const entry = useQuery({
    queryKey: ['review', 'entry', key],
    queryFn: () => reviewApi.entry(key),
    refetchOnWindowFocus: false,
  });

  const apply = (d: Detail) => {
    client.setQueryData(detailKey, d);
    client.invalidateQueries({ queryKey: ['review', 'board'] });
    client.invalidateQueries({ queryKey: ['review', 'violations'] });
    client.invalidateQueries({ queryKey: ['monitoring'] });
  };
  const mutate = useMutation({ mutationFn: (f: () => Promise<Detail>) => f(), onSuccess: apply });
  const act = (f: () => Promise<Detail>) => mutate.mutateAsync(f);

  if (detail.isPending) return <Loading />;
  if (detail.error || !detail.data)
    return (
      <Page title={t('review.page.title')}>
        <ErrorAlert error={detail.error} onRetry={() => detail.refetch()} />
      </Page>
    );

  const d = detail.data;
  const isAdmin = hasRole('admin');
  const reviewer = hasRole('township_statistician', 'county_statistician', 'city_statistician', 'admin');
  const allowed = allowedActions(levelOfRole(account?.role ?? ''), isAdmin, d.levels, d.review);
  const flagged = new Set(d.failedRules.flatMap((r) => Object.keys(r.values)));
  const queried = new Set(d.queries.filter((q) => q.status === 'open').map((q) => q.cell));
  const anomalous = new Set(d.anomalies.map((a) => a.cell));
  const cellOptions = cellLabels(entry.data, locale === 'en-US');

  const decide = (x: DecisionInput) =>
    act(() =>
      x.kind === 'approve'
        ? reviewApi.decide(key, {
            decision: 'approve',
            version: d.review.version,
            submissionVersion: d.submissionVersion,
          })
        : x.kind === 'return'
          ? reviewApi.decide(key, {
              decision: 'return',
              to: x.to as 'unit',
              reason: x.reason,
              version: d.review.version,
              submissionVersion: d.submissionVersion,
            })
          : reviewApi.reopen(key, { reason: x.reason, version: d.review.version }),
    );

  return (
    <Page
      title={t('review.page.heading', { unit: d.unitName, form: d.formCode, period: d.period })}
      extra={
        <Button
          icon={<ArrowLeftOutlined />}
          onClick={() => navigate(`/review?form=${d.formId}&period=${d.period}`)}
        >
          {t('review.backToInbox')}
        </Button>
      }
    >
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, sm: 2, lg: 3 }}
        style={{ marginBottom: 16 }}
        items={[
          {
            key: 'state',
            label: t('review.col.state'),
            children: (
              <Space size={4} wrap>
                <StateTag state={d.review} />
                <LateTag late={d.late} />
              </Space>
            ),
          },
          {
            key: 'levels',
            label: t('review.levels.path'),
            children: d.levels.map((l) => t(levelLabel(l))).join(' → '),
          },
          { key: 'round', label: t('review.history.round'), children: d.review.round },
          {
            key: 'submitted',
            label: t('review.col.submittedAt'),
            children: formatDate(d.submittedAt, locale, true),
          },
          { key: 'problems', label: t('review.col.problems'), children: <Problems p={d.openProblems} /> },
          ...(d.reason ? [{ key: 'reason', label: t('review.lastReason'), children: d.reason }] : []),
        ]}
      />

      <Row gutter={16}>
        <Col xs={24} xl={9} style={{ order: 0 }}>
          <Section id="decision-title" title={t('review.decide.title')}>
            <DecisionPanel
              detail={d}
              allowed={reviewer ? allowed : { decide: false, reopen: false, returnTo: [] }}
              onDecide={decide}
              onReload={() => {
                detail.refetch();
                entry.refetch();
              }}
            />
          </Section>
          <Section id="rules-title" title={t('review.rules.title')}>
            <RuleResults
              rules={d.failedRules}
              canJudge={reviewer && d.review.status !== 'approved'}
              onJudge={(ruleId, v) => act(() => reviewApi.judge(key, ruleId, v))}
            />
          </Section>
        </Col>
        <Col xs={24} xl={15}>
          <Section id="values-title" title={t('review.values.title')}>
            <ErrorAlert error={entry.error} onRetry={() => entry.refetch()} />
            {entry.data ? (
              <ValuesGrid
                entry={entry.data}
                values={d.values}
                flagged={flagged}
                queried={queried}
                anomalous={anomalous}
              />
            ) : entry.isPending ? (
              <Loading />
            ) : null}
          </Section>
          {d.anomalies.length ? (
            <Section id="anomalies-title" title={t('review.anomalies.detail', { n: d.anomalies.length })}>
              <p>{t('review.anomalies.detailIntro')}</p>
              <ul style={{ paddingInlineStart: 18 }}>
                {d.anomalies.map((a) => (
                  <li key={a.cell} data-anomaly={a.cell}>
                    <code>{a.cell}</code> = {formatNumber(a.value, locale, 1)} (
                    {t('review.anomalies.strength', { n: formatNumber(a.strength, locale, 2) })})
                    <AnomalyReasons anomaly={a} />
                  </li>
                ))}
              </ul>
            </Section>
          ) : null}
          <Section id="queries-title" title={t('review.queries.title')}>
            <QueriesPanel
              queries={d.queries}
              cells={cellOptions}
              canAsk={reviewer}
              onAsk={(cell, body) => act(() => reviewApi.ask(key, { cell, body }))}
              onReply={(id, body) => act(() => reviewApi.reply(key, id, body))}
              onClose={(id) => act(() => reviewApi.closeQuery(key, id))}
            />
          </Section>
        </Col>
      </Row>
      <Section id="history-title" title={t('review.history')}>
        <DecisionHistory decisions={d.decisions} />
      </Section>
      <ApiQuery url={reviewApi.detailUrl(key)} />
    </Page>
  );
}
