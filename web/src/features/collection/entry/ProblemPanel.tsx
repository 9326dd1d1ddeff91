/**
 * The problem panel (审核结果): every failing check while typing, worst first, each naming its
 * cells (a button moves the focus there) with its message, values filled in, in the chosen
 * language. A failing verify rule (核实性) gets a box for the unit's explanation (说明).
 */
import { Button, Flex, Input, Typography } from 'antd';
import { useI18n } from '../../../i18n/i18n.tsx';
import { StatusTag } from '../../../ui/ui.tsx';
import { cellElementId } from '../../surveys/form-grid/FormGrid.tsx';
import { severityLabel, severityTone } from '../labels.ts';
import { cellsOfResult, type LiveCheck, type Severity } from './checks.ts';

const ORDER: Severity[] = ['fatal', 'verify', 'hint'];

/** Moves the focus to a cell of the grid (its input, or a computed value). */
export function focusCell(ref: string) {
  const el = document.getElementById(cellElementId(ref));
  if (!el) return;
  el.scrollIntoView({ block: 'center', inline: 'center' });
  (el as HTMLElement).focus();
}

export interface PanelItem {
  key: string;
  severity: Severity;
  cells: string[];
  message: string;
  /** A verify rule: its explanation is asked for. */
  ruleId?: string;
  fromServer?: boolean;
}

/** The panel's rows from a live check, worst first. */
export function panelItems(
  check: Pick<LiveCheck, 'cellIssues' | 'blankRequired' | 'results'>,
  locale: 'zh-CN' | 'en-US',
  required: (cell: string) => string,
): PanelItem[] {
  const items: PanelItem[] = [];
  for (const i of check.cellIssues)
    items.push({ key: `cell:${i.cell}`, severity: 'fatal', cells: [i.cell], message: i.message[locale] });
  for (const c of check.blankRequired)
    items.push({ key: `req:${c}`, severity: 'fatal', cells: [c], message: required(c) });
  for (const r of check.results) {
    if (r.outcome !== 'fail') continue;
    items.push({
      key: `rule:${r.ruleId}`,
      severity: r.severity,
      cells: cellsOfResult(r),
      message: r.message?.[locale] ?? r.ruleId,
      ruleId: r.severity === 'verify' ? r.ruleId : undefined,
      fromServer: r.source === 'server',
    });
  }
  return items.sort((a, b) => ORDER.indexOf(a.severity) - ORDER.indexOf(b.severity));
}

export function ProblemPanel({
  items,
  explanations,
  onExplain,
  readOnly,
}: {
  items: PanelItem[];
  explanations: Record<string, string>;
  onExplain(ruleId: string, body: string): void;
  readOnly: boolean;
}) {
  const { t } = useI18n();
  const counts = { fatal: 0, verify: 0, hint: 0 };
  for (const i of items) counts[i.severity]++;
  return (
    <section aria-labelledby="problems-title" className="entry-panel">
      <Typography.Title level={2} id="problems-title" style={{ fontSize: 18 }}>
        {t('collection.problems.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        {t('collection.problems.live')}
      </Typography.Paragraph>
      <p role="status" aria-live="polite" data-testid="live-counts">
        {items.length ? t('collection.problems.counts', counts) : t('collection.problems.allPass')}
      </p>
      {items.length ? (
        <ul className="problem-list">
          {items.map((i) => (
            <li key={i.key} className={`problem problem-${i.severity}`} data-rule={i.ruleId ?? i.key}>
              <Flex gap={8} wrap align="baseline">
                <StatusTag tone={severityTone(i.severity)}>{t(severityLabel(i.severity))}</StatusTag>
                <span>{i.message}</span>
                {i.fromServer ? (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('collection.problems.fromServer')}
                  </Typography.Text>
                ) : null}
              </Flex>
              {i.cells.length ? (
                <Flex gap={4} wrap style={{ marginTop: 4 }}>
                  {i.cells.map((c) => (
                    <Button
                      key={c}
                      size="small"
                      type="link"
                      onClick={() => focusCell(c)}
                      aria-label={t('collection.problems.goto', { cell: c })}
                    >
                      {c}
                    </Button>
                  ))}
                </Flex>
              ) : null}
              {i.ruleId ? (
                <div style={{ marginTop: 6 }}>
                  <label htmlFor={`explain-${i.ruleId}`} className="explain-label">
                    {t('collection.explain.label', { rule: i.ruleId })}
                  </label>
                  <Input.TextArea
                    id={`explain-${i.ruleId}`}
                    value={explanations[i.ruleId] ?? ''}
                    readOnly={readOnly}
                    maxLength={2000}
                    autoSize={{ minRows: 1, maxRows: 4 }}
                    placeholder={t('collection.explain.placeholder')}
                    status={!readOnly && !explanations[i.ruleId]?.trim() ? 'warning' : undefined}
                    aria-describedby={
                      !explanations[i.ruleId]?.trim() ? `explain-${i.ruleId}-missing` : undefined
                    }
                    onChange={(e) => onExplain(i.ruleId!, e.target.value)}
                  />
                  {!explanations[i.ruleId]?.trim() ? (
                    <div id={`explain-${i.ruleId}-missing`} className="explain-missing">
                      {t('collection.explain.missing')}
                    </div>
                  ) : null}
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
