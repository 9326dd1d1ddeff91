/**
 * Form entry (在线填报) for one form and period: the paper form's grid with inputs, computed cells
 * and checks updating as the person types (the rule set compiled in the browser), last period
 * and last year beside each value, autosaved drafts, explanations for verify failures, and
 * submission — which the server checks again and decides. Read-only once handed in; editable
 * again when returned, with the reason shown.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, Flex, Popconfirm, Space, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import type { FormDefinition } from '../../../../../src/modules/surveys/domain/definition.ts';
import { asProblem } from '../../../api/problem.ts';
import { formatNumber } from '../../../i18n/format.ts';
import { translate, useI18n } from '../../../i18n/i18n.tsx';
import { ErrorAlert, Loading, NotFound, Page, StatusTag } from '../../../ui/ui.tsx';
import { FormGrid, type GridEntry } from '../../surveys/form-grid/FormGrid.tsx';
import { collectionApi, type Entry } from '../api.ts';
import { beijingTime, editableStatus, local, statusLabel, statusTone } from '../labels.ts';
import '../collection.css';
import {
  countFailures,
  invalidCells,
  type LiveContext,
  liveCheck,
  marksByCell,
  missingExplanations,
  periodRecord,
  prepareForm,
} from './checks.ts';
import { FilesPanel } from './FilesPanel.tsx';
import { ProblemPanel, panelItems } from './ProblemPanel.tsx';
import { QueriesPanel } from './QueriesPanel.tsx';
import { type SaveState, useDraft } from './use-draft.ts';

const cssId = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '_');

function SaveStatus({ save }: { save: SaveState }) {
  const { t, locale } = useI18n();
  const text =
    save.kind === 'idle'
      ? t('collection.save.idle')
      : save.kind === 'pending'
        ? t('collection.save.pending')
        : save.kind === 'saving'
          ? t('collection.save.saving')
          : save.kind === 'saved'
            ? t('collection.save.saved', { at: beijingTime(save.at, locale, true) })
            : save.kind === 'error'
              ? t('collection.save.failed', { message: save.error.messageIn(locale) })
              : '';
  return (
    <span role="status" aria-live="polite" data-testid="save-status" data-state={save.kind}>
      {text}
    </span>
  );
}

function EntryForm({ entry, onReload }: { entry: Entry; onReload(): void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const definition = entry.definition as unknown as FormDefinition;
  const form = useMemo(() => prepareForm(definition, entry.period), [definition, entry.period]);
  const windowOpen = entry.window.state === 'open';
  const openForEdits = editableStatus(entry.status) && windowOpen;
  const [showHistory, setShowHistory] = useState(true);
  const [submitError, setSubmitError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);

  const unit = useQuery({
    queryKey: ['collection', 'unit', entry.unitId],
    queryFn: () => collectionApi.unit(entry.unitId),
    staleTime: 5 * 60_000,
    retry: false,
  });
  const ctx: LiveContext = useMemo(
    () => ({
      previous: periodRecord(
        entry.cells.map((c) => ({ ref: c.ref, value: c.previous })),
        entry.previousReported,
      ),
      lastYear: periodRecord(
        entry.cells.map((c) => ({ ref: c.ref, value: c.lastYear })),
        entry.lastYearReported,
      ),
      unit: unit.data
        ? {
            industry: unit.data.industryCode,
            size: unit.data.sizeClass,
            division: unit.data.townshipCode,
            employees: unit.data.employees,
          }
        : null,
    }),
    [entry.cells, entry.previousReported, entry.lastYearReported, unit.data],
  );
  const draft = useDraft(entry, {
    editable: openForEdits,
    invalidCells: (values) => invalidCells(form, values),
  });
  // Handed in from this page: read-only at once, before the entry is read again.
  const editable = openForEdits && editableStatus(draft.server.status);

  const check = useMemo(() => {
    const c = liveCheck(form, draft.values, ctx, draft.server.results);
    // A form that cannot be changed (handed in, or its window closed) is not asked to be filled.
    return editable ? c : { ...c, blankRequired: [] };
  }, [form, draft.values, ctx, draft.server.results, editable]);
  const requiredText = (cell: string) => translate(locale, 'collection.entry.required', { cell });
  const marks = useMemo(
    () =>
      marksByCell(check, (cell) => ({
        'zh-CN': translate('zh-CN', 'collection.entry.required', { cell }),
        'en-US': translate('en-US', 'collection.entry.required', { cell }),
      })),
    [check],
  );
  const items = panelItems(check, locale, requiredText);
  const failures = countFailures(check);
  const unexplained = missingExplanations(check.results, draft.explanations);
  const byRef = useMemo(() => new Map(entry.cells.map((c) => [c.ref, c])), [entry.cells]);

  const show = (ref: string, v: string | null | undefined) => {
    if (v === null || v === undefined || v === '') return '';
    const d = byRef.get(ref)?.decimals;
    const n = Number(v);
    return d !== null && d !== undefined && Number.isFinite(n) ? formatNumber(n, locale, d) : v;
  };

  const grid: GridEntry = {
    value: (ref) => draft.values[ref] ?? '',
    computed: (ref) => show(ref, check.values[ref]),
    onChange: editable && draft.save.kind !== 'conflict' ? draft.setValue : undefined,
    mark: (ref) => {
      const m = marks.get(ref);
      return m ? { severity: m.severity, describedBy: `msg-${cssId(ref)}` } : undefined;
    },
    beside: showHistory
      ? (ref) => {
          const c = byRef.get(ref);
          if (!c || (c.previous === null && c.lastYear === null)) return null;
          return (
            <>
              <span>
                {t('collection.entry.prevShort')} {show(ref, c.previous) || '—'}
              </span>
              {' · '}
              <span>
                {t('collection.entry.lastYearShort')} {show(ref, c.lastYear) || '—'}
              </span>
            </>
          );
        }
      : undefined,
  };

  const submit = async () => {
    setSubmitting(true);
    setSubmitError(null);
    try {
      await draft.submit();
      message.success(t('collection.submit.done'));
      await qc.invalidateQueries({ queryKey: ['collection', 'tasks'] });
      onReload();
    } catch (e) {
      setSubmitError(asProblem(e));
    } finally {
      setSubmitting(false);
    }
  };

  const blockedBy =
    failures.fatal > 0
      ? t('collection.submit.blockedFatal', { count: failures.fatal })
      : unexplained.length
        ? t('collection.submit.blockedExplain', { count: unexplained.length })
        : null;
  const status = draft.server.status;

  return (
    <>
      <dl className="entry-facts">
        <div>
          <dt>{t('collection.entry.unit')}</dt>
          <dd>{entry.unitName}</dd>
        </div>
        <div>
          <dt>{t('collection.col.status')}</dt>
          <dd>
            <Space size={4}>
              <StatusTag tone={statusTone(status)}>{t(statusLabel(status))}</StatusTag>
              {entry.late ? <StatusTag tone="danger">{t('collection.late')}</StatusTag> : null}
            </Space>
          </dd>
        </div>
        <div>
          <dt>{t('collection.entry.deadline')}</dt>
          <dd>{beijingTime(entry.window.deadline, locale)}</dd>
        </div>
        <div>
          <dt>{t('collection.entry.window')}</dt>
          <dd>
            {entry.window.state === 'open'
              ? t('collection.window.open', { at: beijingTime(entry.window.closesAt, locale) })
              : entry.window.state === 'not_open'
                ? t('collection.window.not_open', { at: beijingTime(entry.window.opensAt, locale) })
                : t(
                    entry.window.closedByOffice
                      ? 'collection.window.closedByOffice'
                      : 'collection.window.closed',
                  )}
          </dd>
        </div>
      </dl>

      {!editableStatus(status) ? (
        <Alert
          type="info"
          showIcon
          title={t('collection.entry.readOnly', { status: t(statusLabel(status)) })}
          className="entry-alert"
        />
      ) : !windowOpen ? (
        <Alert
          type="warning"
          showIcon
          title={t(
            entry.window.state === 'not_open' ? 'collection.entry.notOpen' : 'collection.entry.closed',
          )}
          className="entry-alert"
        />
      ) : null}

      {draft.save.kind === 'conflict' ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          className="entry-alert"
          title={t('collection.save.conflict', { current: draft.save.current })}
          description={t('collection.save.conflictHint')}
          action={
            <Button danger onClick={onReload}>
              {t('collection.save.reload')}
            </Button>
          }
        />
      ) : null}

      {editable ? (
        <Flex className="entry-toolbar" gap="small" wrap align="center" justify="space-between">
          <SaveStatus save={draft.save} />
          <Space wrap>
            <Button onClick={() => void draft.saveNow('save')} disabled={draft.save.kind === 'conflict'}>
              {t('collection.save.now')}
            </Button>
            <Popconfirm
              title={t('collection.submit.confirm')}
              okText={t('common.confirm')}
              cancelText={t('common.cancel')}
              onConfirm={submit}
            >
              <Button
                type="primary"
                loading={submitting}
                disabled={!!blockedBy || draft.save.kind === 'conflict'}
                aria-describedby={blockedBy ? 'submit-blocked' : undefined}
              >
                {t('collection.submit')}
              </Button>
            </Popconfirm>
          </Space>
        </Flex>
      ) : null}
      {editable && blockedBy ? (
        <p id="submit-blocked" className="entry-blocked">
          {blockedBy}
        </p>
      ) : null}
      {submitError ? (
        <div className="entry-alert">
          <Typography.Text strong>{t('collection.submit.failed')}</Typography.Text>
          <ErrorAlert error={submitError} />
        </div>
      ) : null}

      <Checkbox
        checked={showHistory}
        onChange={(e) => setShowHistory(e.target.checked)}
        style={{ marginBottom: 8 }}
      >
        {t('collection.entry.showHistory')}
      </Checkbox>
      {showHistory ? (
        <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
          {t('collection.entry.historyLegend', {
            previous: entry.previousPeriod,
            lastYear: entry.lastYearPeriod,
          })}
        </Typography.Paragraph>
      ) : null}

      <FormGrid definition={definition} entry={grid} />
      <div hidden>
        {[...marks].map(([ref, m]) => (
          <span key={ref} id={`msg-${cssId(ref)}`}>
            {m.items
              .map(
                (i) =>
                  `${t(`collection.severity.${i.severity}` as 'collection.severity.fatal')}: ${i.message[locale]}`,
              )
              .join('；')}
          </span>
        ))}
      </div>

      <div className="entry-panels">
        <ProblemPanel
          items={items}
          explanations={draft.explanations}
          onExplain={draft.setExplanation}
          readOnly={!editable}
        />
        <p className="entry-server" data-testid="server-counts">
          {t('collection.problems.serverCounts', draft.server.counts)}
          {draft.server.updatedAt ? ` · ${beijingTime(draft.server.updatedAt, locale, true)}` : ''}
        </p>
        <FilesPanel
          formId={entry.formId}
          period={entry.period}
          editable={editable && draft.save.kind !== 'conflict'}
          submitted={status === 'submitted' || status === 'approved' || status === 'returned'}
          onUploaded={() => {
            message.success(t('collection.files.uploaded'));
            onReload();
          }}
        />
        <QueriesPanel unitId={entry.unitId} formId={entry.formId} period={entry.period} />
      </div>
    </>
  );
}

export default function EntryPage() {
  const { formId = '', period = '' } = useParams();
  const { t, locale } = useI18n();
  const entry = useQuery({
    queryKey: ['collection', 'entry', formId, period],
    queryFn: () => collectionApi.entry(formId, period),
    // Autosaves change the draft without refetching: a cached copy would be stale (and its
    // version refused), so the entry is read afresh on every visit and never on focus.
    refetchOnWindowFocus: false,
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0,
  });
  if (entry.isPending) return <Loading />;
  if (entry.error) {
    const status = asProblem(entry.error).status;
    return status === 404 ? (
      <NotFound />
    ) : (
      <Page
        title={t('collection.tasks.title')}
        extra={<Link to="/reporting">{t('collection.entry.back')}</Link>}
      >
        <ErrorAlert error={entry.error} onRetry={() => entry.refetch()} />
      </Page>
    );
  }
  const e = entry.data;
  const def = e.definition as unknown as FormDefinition;
  return (
    <Page
      title={t('collection.entry.title', {
        form: e.formCode,
        name: local(def.form.name, locale),
        period: e.period,
      })}
      extra={
        <>
          <Link to="/reporting">{t('collection.entry.back')}</Link>
          <Link to={`/reporting/${e.formId}/${e.period}/versions`}>{t('collection.versions.link')}</Link>
        </>
      }
    >
      {e.status === 'returned' ? (
        <Alert
          type="error"
          showIcon
          className="entry-alert"
          title={t('collection.entry.returned')}
          description={t('collection.returnReason', {
            reason: e.returnReason || t('collection.returnReason.none'),
          })}
        />
      ) : null}
      <EntryForm key={entry.dataUpdatedAt} entry={e} onReload={() => void entry.refetch()} />
    </Page>
  );
}
