/**
 * A summary table (汇总表) in the printed layout: a real <table> with a caption, the total row and
 * column first, codes beside names, numbers right-aligned with thousands separators. A one-way
 * table (no column dimension) prints value, same period last year, growth (and 同口径 growth)
 * and the number of units; a two-way table prints the values with each cell's growth under it.
 * Suppressed cells (disclosure control) print × with the reason in a title and in the legend
 * below; cells without data print —.
 */
import { Typography } from 'antd';
import { formatNumber } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { tokens } from '../../ui/theme.ts';
import { ScrollRegion } from '../review/scroll-region.tsx';
import type { Table, TableCell } from './api.ts';
import { useLabel } from './selection.tsx';

/** Decimal text → grouped text, keeping the figure's own decimals (sums are exact). */
export function formatDecimal(text: string | null, locale: 'zh-CN' | 'en-US'): string {
  if (text === null) return '—';
  const decimals = Math.min(text.split('.')[1]?.length ?? 0, 4);
  return formatNumber(Number(text), locale, decimals);
}

/** Growth text (percent, one decimal) as printed. */
export function formatGrowth(text: string | null, locale: 'zh-CN' | 'en-US'): string {
  return text === null ? '—' : formatNumber(Number(text), locale, 1);
}

const num = { textAlign: 'right', whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' } as const;

export function SummaryTable({ table, caption }: { table: Table; caption: string }) {
  const { t, locale } = useI18n();
  const label = useLabel();
  const oneWay = table.colDimension === null;
  const comparable = table.cells.some((r) => r.some((c) => c.comparableGrowth !== null));

  /** The figure of a cell: its value, × (suppressed) or — (no data). */
  const figure = (c: TableCell) => {
    if (c.status === 'primary' || c.status === 'secondary') {
      const why = t(`agg.suppressed.${c.status}`);
      return (
        <abbr title={why} aria-label={`× ${why}`} style={{ textDecoration: 'none', cursor: 'help' }}>
          ×
        </abbr>
      );
    }
    if (c.status === 'empty' || c.value === null) return '—';
    return formatDecimal(c.value, locale);
  };

  const rowHead = (r: Table['rows'][number], i: number) => (
    <>
      <td style={{ whiteSpace: 'nowrap' }}>{r.code}</td>
      <th scope="row" style={{ whiteSpace: 'nowrap', fontWeight: i === 0 ? 600 : undefined }}>
        {label(r.name)}
      </th>
    </>
  );

  return (
    <>
      <ScrollRegion label={caption}>
        <table
          id="summary-table"
          className="form-grid"
          style={{ fontSize: 13, width: 'auto', minWidth: '100%' }}
        >
          <caption>{caption}</caption>
          <thead>
            {oneWay ? (
              <tr>
                <th scope="col">{t('agg.col.code')}</th>
                <th scope="col">{t(`agg.rows.${table.rowLevel}`)}</th>
                <th scope="col">{t('agg.col.value')}</th>
                <th scope="col">{t('agg.col.lastYear', { period: table.lastYearPeriod })}</th>
                <th scope="col">{t('agg.col.growth')}</th>
                {comparable ? <th scope="col">{t('agg.col.comparableGrowth')}</th> : null}
                <th scope="col">{t('agg.col.units')}</th>
              </tr>
            ) : (
              <tr>
                <th scope="col">{t('agg.col.code')}</th>
                <th scope="col">{t(`agg.rows.${table.rowLevel}`)}</th>
                {table.cols.map((c) => (
                  <th scope="col" key={c.code || 'total'} style={{ minWidth: 96 }}>
                    {label(c.name)}
                  </th>
                ))}
              </tr>
            )}
          </thead>
          <tbody>
            {table.rows.map((r, i) => {
              const cells = table.cells[i] ?? [];
              const strong = i === 0 ? { fontWeight: 600 } : {};
              if (oneWay) {
                const c = cells[0]!;
                return (
                  <tr key={r.code || 'total'}>
                    {rowHead(r, i)}
                    <td style={{ ...num, ...strong }}>{figure(c)}</td>
                    <td style={num}>{c.status === 'published' ? formatDecimal(c.lastYear, locale) : '—'}</td>
                    <td style={num}>{formatGrowth(c.growth, locale)}</td>
                    {comparable ? <td style={num}>{formatGrowth(c.comparableGrowth, locale)}</td> : null}
                    <td style={num}>{c.units === null ? '—' : formatNumber(c.units, locale)}</td>
                  </tr>
                );
              }
              return (
                <tr key={r.code || 'total'}>
                  {rowHead(r, i)}
                  {cells.map((c, j) => (
                    <td key={table.cols[j]?.code || 'total'} style={{ ...num, ...(j === 0 ? strong : {}) }}>
                      <div>{figure(c)}</div>
                      {c.growth !== null ? (
                        <div style={{ fontSize: 12, color: tokens.colorTextSecondary }}>
                          {t('agg.growthShort', { g: formatGrowth(c.growth, locale) })}
                        </div>
                      ) : null}
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </ScrollRegion>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, fontSize: 13 }}>
        {t('agg.legend.empty')}
        {table.disclosure === 'public' ? (
          <span id="suppression-legend"> {t('agg.legend.suppressed', { n: table.suppressed })}</span>
        ) : null}
      </Typography.Paragraph>
    </>
  );
}
