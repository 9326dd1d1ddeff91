/**
 * The form as an enterprise will see it (表式): a real table of indicators × columns, with the
 * header block of the paper form (表号, 制定机关, 文号 …). Entered cells are inputs labelled by
 * their row and column headers; computed cells are shaded and say how they are computed.
 *
 * Without `entry` it is a blank preview; with it, the same grid is the entry form of 联网直报:
 * inputs hold the unit's values, computed cells show theirs, and each cell can carry a mark
 * (its worst failing check) and what stands beside it (last period, last year).
 */
import type { KeyboardEvent, ReactNode } from 'react';
import type { FormDefinition } from '../../../../../src/modules/surveys/domain/definition.ts';
import { useI18n } from '../../../i18n/i18n.tsx';
import './form-grid.css';
import { deadlineText, type GridRow, layoutForm } from './layout.ts';

const cssId = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '_');

/** The id of a cell's input (or value) in an entry grid, for links from a problem list. */
export const cellElementId = (ref: string) => `cell-${cssId(ref)}`;

/** What turns the preview into an entry form. */
export interface GridEntry {
  /** The text of an entered cell. */
  value(ref: string): string;
  /** A computed cell's value, ready to show ('' when blank). */
  computed(ref: string): string;
  /** Absent: every cell is read-only. */
  onChange?(ref: string, value: string): void;
  /** The cell's worst failing check and the id of the text describing it. */
  mark?(ref: string): { severity: 'fatal' | 'verify' | 'hint'; describedBy: string } | undefined;
  /** What stands beside the value (last period, last year). */
  beside?(ref: string): ReactNode;
}

function EnteredCell({
  row,
  cell,
  colId,
  entry,
}: {
  row: GridRow;
  cell: Extract<GridRow['cells'][number], { kind: 'entered' }>;
  colId: string;
  entry?: GridEntry;
}) {
  const rowId = `r-${cssId(row.code)}`;
  const labelledBy = `${rowId} ${colId}`;
  if (entry) return <EntryInput row={row} cell={cell} labelledBy={labelledBy} entry={entry} />;
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

/** Enter moves to the next entered cell (Shift+Enter to the previous), as on a paper form. */
function enterMoves(e: KeyboardEvent<HTMLInputElement | HTMLSelectElement>) {
  if (e.key !== 'Enter' || e.nativeEvent.isComposing) return;
  const table = e.currentTarget.closest('table');
  if (!table) return;
  const all = [...table.querySelectorAll<HTMLElement>('input[data-cell], select[data-cell]')];
  const next = all[all.indexOf(e.currentTarget) + (e.shiftKey ? -1 : 1)];
  if (next) {
    e.preventDefault();
    next.focus();
  }
}

function EntryInput({
  row,
  cell,
  labelledBy,
  entry,
}: {
  row: GridRow;
  cell: Extract<GridRow['cells'][number], { kind: 'entered' }>;
  labelledBy: string;
  entry: GridEntry;
}) {
  const mark = entry.mark?.(cell.ref);
  const besideId = `${cellElementId(cell.ref)}-beside`;
  const beside = entry.beside?.(cell.ref);
  const describedBy = [mark?.describedBy, beside ? besideId : null].filter(Boolean).join(' ') || undefined;
  const common = {
    id: cellElementId(cell.ref),
    'aria-labelledby': labelledBy,
    'aria-describedby': describedBy,
    'aria-invalid': mark?.severity === 'fatal' || undefined,
    'data-cell': cell.ref,
    onKeyDown: enterMoves,
  };
  const readOnly = !entry.onChange;
  const numeric = cell.type === 'decimal' || cell.type === 'integer';
  return (
    <>
      {row.options ? (
        <select
          {...common}
          value={entry.value(cell.ref)}
          disabled={readOnly}
          onChange={(e) => entry.onChange?.(cell.ref, e.target.value)}
        >
          <option value="">—</option>
          {row.options.map((o) => (
            <option key={o.code} value={o.code}>
              {o.code} {o.name}
            </option>
          ))}
        </select>
      ) : (
        <input
          {...common}
          value={entry.value(cell.ref)}
          readOnly={readOnly}
          aria-required={cell.required || undefined}
          inputMode={numeric ? (cell.decimals ? 'decimal' : 'numeric') : undefined}
          autoComplete="off"
          style={numeric ? undefined : { textAlign: 'left' }}
          onChange={(e) => entry.onChange?.(cell.ref, e.target.value)}
        />
      )}
      {beside ? (
        <div className="beside" id={besideId}>
          {beside}
        </div>
      ) : null}
    </>
  );
}

function ComputedValue({ cell, entry }: { cell: { ref: string; how: string }; entry: GridEntry }) {
  const { t } = useI18n();
  const mark = entry.mark?.(cell.ref);
  const beside = entry.beside?.(cell.ref);
  return (
    <>
      <output
        id={cellElementId(cell.ref)}
        className="computed-value"
        title={cell.how}
        aria-describedby={mark?.describedBy}
        tabIndex={mark ? -1 : undefined}
      >
        {entry.computed(cell.ref) || '—'}
      </output>
      <span className="sr-only">
        {' '}
        ({t('surveys.computed')}: {cell.how})
      </span>
      {beside ? <div className="beside">{beside}</div> : null}
    </>
  );
}

const markClass = (base: string, severity: string | undefined) =>
  severity ? `${base} mark-${severity}` : base;

export function FormGrid({ definition, entry }: { definition: FormDefinition; entry?: GridEntry }) {
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
        <table className={entry ? 'form-grid entry-grid' : 'form-grid'}>
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
                        className={markClass('computed', entry?.mark?.(cell.ref)?.severity)}
                        headers={`r-${cssId(row.code)} ${colIds[i]}`}
                      >
                        {entry ? (
                          <ComputedValue cell={cell} entry={entry} />
                        ) : (
                          <>
                            <span className="sr-only">{t('surveys.computed')}: </span>
                            {cell.how}
                          </>
                        )}
                      </td>
                    ) : (
                      <td
                        key={grid.columns[i].code}
                        className={markClass('input', entry?.mark?.(cell.ref)?.severity)}
                        headers={`r-${cssId(row.code)} ${colIds[i]}`}
                      >
                        <EnteredCell row={row} cell={cell} colId={colIds[i]} entry={entry} />
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
