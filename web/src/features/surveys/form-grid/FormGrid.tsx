/**
 * The form as an enterprise will see it (表式): a real table of indicators × columns, with the
 * header block of the paper form (表号, 制定机关, 文号 …). Entered cells are inputs labelled by
 * their row and column headers; computed cells are shaded and say how they are computed.
 */
import type { FormDefinition } from '../../../../../src/modules/surveys/domain/definition.ts';
import { useI18n } from '../../../i18n/i18n.tsx';
import { deadlineText, type GridRow, layoutForm } from './layout.ts';

const cssId = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '_');

function EnteredCell({
  row,
  cell,
  colId,
}: {
  row: GridRow;
  cell: Extract<GridRow['cells'][number], { kind: 'entered' }>;
  colId: string;
}) {
  const rowId = `r-${cssId(row.code)}`;
  const labelledBy = `${rowId} ${colId}`;
  if (row.options) {
    return (
      <select aria-labelledby={labelledBy} defaultValue="">
        <option value="">—</option>
        {row.options.map((o) => (
          <option key={o.code} value={o.code}>
            {o.code} {o.name}
          </option>
        ))}
      </select>
    );
  }
  const numeric = cell.type === 'decimal' || cell.type === 'integer';
  return (
    <input
      aria-labelledby={labelledBy}
      aria-required={cell.required || undefined}
      inputMode={numeric ? (cell.decimals ? 'decimal' : 'numeric') : undefined}
      placeholder={numeric && cell.decimals ? `0.${'0'.repeat(cell.decimals)}` : undefined}
      style={numeric ? undefined : { textAlign: 'left' }}
    />
  );
}

export function FormGrid({ definition }: { definition: FormDefinition }) {
  const { t, locale } = useI18n();
  const local = (x: { zh: string; en: string } | undefined) => (x ? (locale === 'en-US' ? x.en : x.zh) : '');
  const grid = layoutForm(definition, locale);
  const f = definition.form;
  const s = definition.survey;
  const colIds = grid.columns.map((c) => `c-${cssId(c.code)}`);

  return (
    <div className="form-sheet">
      <div className="form-meta">
        <dl>
          <div>
            <dt>{t('surveys.formCode')}</dt>
            <dd>{f.code}</dd>
          </div>
          <div>
            <dt>{t('surveys.authority')}</dt>
            <dd>{local(s.issuer)}</dd>
          </div>
          {s.documentNumber ? (
            <div>
              <dt>{t('surveys.document')}</dt>
              <dd>{s.documentNumber}</dd>
            </div>
          ) : null}
          {s.approvalNumber ? (
            <div>
              <dt>{t('surveys.approval')}</dt>
              <dd>{s.approvalNumber}</dd>
            </div>
          ) : null}
          <div>
            <dt>{t('surveys.frequency')}</dt>
            <dd>{t(`freq.${f.frequency}`)}</dd>
          </div>
          <div>
            <dt>{t('surveys.deadline')}</dt>
            <dd>{deadlineText(definition, locale)}</dd>
          </div>
          <div>
            <dt>{t('surveys.reportingUnits')}</dt>
            <dd>{local(f.reportingUnitType)}</dd>
          </div>
        </dl>
      </div>
      <div className="table-scroll">
        <table className="form-grid">
          <caption>{local(f.name)}</caption>
          <thead>
            <tr>
              <th scope="col" id="c-name">
                {t('surveys.indicator')}
              </th>
              <th scope="col" id="c-code">
                {t('surveys.indicatorCode')}
              </th>
              <th scope="col" id="c-unit">
                {t('surveys.unit')}
              </th>
              {grid.columns.map((c, i) => (
                <th scope="col" key={c.code} id={colIds[i]}>
                  {c.name}
                </th>
              ))}
            </tr>
            <tr className="col-letters">
              <td className="center">{locale === 'en-US' ? 'A' : '甲'}</td>
              <td className="center">{locale === 'en-US' ? 'B' : '乙'}</td>
              <td className="center">{locale === 'en-US' ? 'C' : '丙'}</td>
              {grid.columns.map((c, i) => (
                <td className="center" key={c.code}>
                  {i + 1}
                </td>
              ))}
            </tr>
          </thead>
          <tbody>
            {grid.rows.map((row) =>
              row.kind === 'section' ? (
                <tr key={`s-${row.code}`} className="section-row">
                  <th scope="rowgroup" colSpan={3 + grid.columns.length}>
                    {row.name}
                  </th>
                </tr>
              ) : (
                <tr key={row.code}>
                  <th
                    scope="row"
                    id={`r-${cssId(row.code)}`}
                    style={{ paddingInlineStart: 8 + row.level * 20 }}
                    title={row.note ?? undefined}
                  >
                    {row.name}
                    {row.required ? (
                      <>
                        <span className="required" aria-hidden="true">
                          {' '}
                          *
                        </span>
                        <span className="sr-only"> ({t('surveys.required')})</span>
                      </>
                    ) : null}
                  </th>
                  <td className="center">{row.code}</td>
                  <td className="center">{row.unit || '—'}</td>
                  {row.cells.map((cell, i) =>
                    cell.kind === 'absent' ? (
                      <td
                        key={grid.columns[i].code}
                        className="absent center"
                        aria-label={t('surveys.notApplicable')}
                      >
                        ×
                      </td>
                    ) : cell.kind === 'computed' ? (
                      <td
                        key={grid.columns[i].code}
                        className="computed"
                        headers={`r-${cssId(row.code)} ${colIds[i]}`}
                      >
                        <span className="sr-only">{t('surveys.computed')}: </span>
                        {cell.how}
                      </td>
                    ) : (
                      <td
                        key={grid.columns[i].code}
                        className="input"
                        headers={`r-${cssId(row.code)} ${colIds[i]}`}
                      >
                        <EnteredCell row={row} cell={cell} colId={colIds[i]} />
                      </td>
                    ),
                  )}
                </tr>
              ),
            )}
          </tbody>
        </table>
      </div>
      {f.note ? <p className="form-note">{local(f.note)}</p> : null}
    </div>
  );
}
