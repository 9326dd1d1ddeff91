/**
 * A submission's values as the paper form (表式), read-only: indicators × columns, and under each
 * entered value the unit's last period (上期) and same period last year (上年同期). Cells a
 * failing rule read are marked, as are anomalous values (异常值, dashed) and cells with an open
 * query.
 */
import type { FormDefinition } from '../../../../src/modules/surveys/domain/definition.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { tokens } from '../../ui/theme.ts';
import { layoutForm } from '../surveys/form-grid/layout.ts';
import type { Entry } from './api.ts';
import { ScrollRegion } from './scroll-region.tsx';

const cssId = (s: string) => `v-${s.replace(/[^A-Za-z0-9_-]/g, '_')}`;

export function ValuesGrid({
  entry,
  values,
  flagged,
  queried,
  anomalous = new Set(),
}: {
  entry: Entry;
  /** The submitted values (review's view); the entry view's values when absent. */
  values: Record<string, string>;
  /** Cells read by a failing rule. */
  flagged: Set<string>;
  /** Cells with an open query. */
  queried: Set<string>;
  /** Anomalous values (HB edit or modified z-score). */
  anomalous?: Set<string>;
}) {
  const { t, locale } = useI18n();
  const def = entry.definition as unknown as FormDefinition;
  const grid = layoutForm(def, locale);
  const cells = new Map(entry.cells.map((c) => [c.ref, c]));
  const name = locale === 'en-US' ? def.form.name.en : def.form.name.zh;

  return (
    <ScrollRegion label={t('review.values.title')}>
      <table className="form-grid" style={{ minWidth: 560 }}>
        <caption>
          {name} · {entry.period}
        </caption>
        <thead>
          <tr>
            <th scope="col" id="v-c-name">
              {t('surveys.indicator')}
            </th>
            <th scope="col" id="v-c-code">
              {t('surveys.indicatorCode')}
            </th>
            <th scope="col" id="v-c-unit">
              {t('surveys.unit')}
            </th>
            {grid.columns.map((c) => (
              <th scope="col" key={c.code} id={cssId(`c-${c.code}`)}>
                {c.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {grid.rows.map((row) =>
            row.kind === 'section' ? (
              <tr key={`s-${row.code}`}>
                <th scope="rowgroup" colSpan={3 + grid.columns.length}>
                  {row.name}
                </th>
              </tr>
            ) : (
              <tr key={row.code}>
                <th
                  scope="row"
                  id={cssId(`r-${row.code}`)}
                  style={{ paddingInlineStart: 8 + row.level * 20 }}
                >
                  {row.name}
                </th>
                <td className="center">{row.code}</td>
                <td className="center">{row.unit}</td>
                {row.cells.map((cell, i) => {
                  const col = grid.columns[i];
                  if (cell.kind === 'absent') return <td key={col.code} />;
                  const v = values[cell.ref] ?? null;
                  const info = cells.get(cell.ref);
                  const option = row.options?.find((o) => o.code === v);
                  const bad = flagged.has(cell.ref);
                  const asked = queried.has(cell.ref);
                  const odd = anomalous.has(cell.ref);
                  return (
                    <td
                      key={col.code}
                      className={cell.kind === 'computed' ? 'computed' : undefined}
                      headers={`${cssId(`r-${row.code}`)} ${cssId(`c-${col.code}`)}`}
                      style={{
                        textAlign:
                          row.options || def.indicators.find((x) => x.code === row.code)?.type === 'text'
                            ? 'left'
                            : 'right',
                        fontStyle: 'normal',
                        outline: bad
                          ? `2px solid ${tokens.colorWarning}`
                          : odd
                            ? `2px dashed ${tokens.colorError}`
                            : undefined,
                        outlineOffset: -2,
                      }}
                      data-cell={cell.ref}
                    >
                      <div>
                        {v ?? '—'}
                        {option ? ` ${option.name}` : ''}
                        {bad ? <span className="sr-only"> ({t('review.grid.flagged')})</span> : null}
                        {odd ? (
                          <span title={t('review.grid.anomalous')}>
                            {' '}
                            <span aria-hidden="true">!</span>
                            <span className="sr-only">({t('review.grid.anomalous')})</span>
                          </span>
                        ) : null}
                        {asked ? (
                          <span title={t('review.grid.queried')}>
                            {' '}
                            <span aria-hidden="true">?</span>
                            <span className="sr-only">({t('review.grid.queried')})</span>
                          </span>
                        ) : null}
                      </div>
                      {cell.kind === 'entered' &&
                      info &&
                      (info.previous !== null || info.lastYear !== null) ? (
                        <div style={{ fontSize: 12, color: tokens.colorTextSecondary, whiteSpace: 'nowrap' }}>
                          {t('review.grid.previous')} {info.previous ?? '—'} · {t('review.grid.lastYear')}{' '}
                          {info.lastYear ?? '—'}
                        </div>
                      ) : null}
                    </td>
                  );
                })}
              </tr>
            ),
          )}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
