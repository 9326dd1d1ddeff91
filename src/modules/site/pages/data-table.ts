/**
 * A statistical table (统计表) of public cells: periods down the side, one column per series (the
 * combinations of the other dimensions' chosen codes), units in the headers, status marks (p
 * preliminary, r revised) and numbered notes — a real `<table>` with `th scope`. Also the data
 * island the chart script draws from. Shared by the data page and article embeds.
 */
import { decToText, parseDec } from '../../../platform/decimal.ts';
import { type Html, html, jsonIsland } from '../html.ts';
import { fill, pick } from '../labels.ts';
import { labelsOf, type RenderContext } from '../layout.ts';
import type { DimensionId, PublicCell, PublicDatasetMeta, PublicSelection } from '../ports.ts';

/** Exact decimal text rounded to the indicator's decimals, with thousands separators. */
export function formatValue(value: string, decimals: number | undefined): string {
  const dec = parseDec(value);
  if (!dec) return value;
  const text = decToText(dec, decimals);
  const [int, frac] = text.split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return frac === undefined ? grouped : `${grouped}.${frac}`;
}

interface Series {
  codes: Partial<Record<DimensionId, string>>;
  name: string;
  unit: string;
  decimals: number | undefined;
}

const cellKey = (dims: DimensionId[], c: Partial<Record<DimensionId, string>>) =>
  dims.map((d) => c[d] ?? '').join('|');

/** The table (and chart island) for cells of a selection; `id` makes the island's id unique on a page. */
export function cellsTable(
  ctx: RenderContext,
  meta: PublicDatasetMeta,
  sel: PublicSelection,
  cells: PublicCell[],
  opts: { id: string; caption: string; chart?: 'line' | 'bar' | null },
): Html {
  const l = labelsOf(ctx);
  const dims = meta.dimensions.filter((d) => d.id !== 'period');
  const periodDim = meta.dimensions.find((d) => d.id === 'period');
  const periods = sel.period ?? periodDim?.codes.map((c) => c.code) ?? [];
  const label = (id: DimensionId, code: string) =>
    pick(
      meta.dimensions.find((d) => d.id === id)?.codes.find((c) => c.code === code)?.label ?? {
        zh: code,
        en: code,
      },
      ctx.locale,
    );
  const indicatorCode = (code: string) =>
    meta.dimensions.find((d) => d.id === 'indicator')?.codes.find((c) => c.code === code);

  // Series: every combination of the chosen codes of the dimensions other than period.
  let combos: Partial<Record<DimensionId, string>>[] = [{}];
  for (const d of dims) {
    const chosen = sel[d.id] ?? d.codes.map((c) => c.code);
    combos = combos.flatMap((c) => chosen.map((code) => ({ ...c, [d.id]: code })));
  }
  const varying = dims.filter((d) => (sel[d.id]?.length ?? d.codes.length) > 1);
  const fixed = dims.filter((d) => !varying.includes(d));
  const series: Series[] = combos.map((c) => {
    const ind = indicatorCode(c.indicator ?? '');
    return {
      codes: c,
      name: varying.map((d) => label(d.id, c[d.id]!)).join(' / ') || label('indicator', c.indicator ?? ''),
      unit: ind?.unit ? pick(ind.unit, ctx.locale) : '',
      decimals: ind?.decimals,
    };
  });

  const keyDims: DimensionId[] = [...dims.map((d) => d.id), 'period'];
  const byKey = new Map(cells.map((c) => [cellKey(keyDims, c as unknown as Record<DimensionId, string>), c]));
  const notes: string[] = [];
  const noteNo = (note: string) => {
    const i = notes.indexOf(note);
    if (i >= 0) return i + 1;
    notes.push(note);
    return notes.length;
  };

  const oneUnit = new Set(series.map((s) => s.unit)).size === 1 ? series[0]?.unit : null;
  const context = fixed.map(
    (d) => `${pick(d.label, ctx.locale)}：${label(d.id, sel[d.id]?.[0] ?? d.codes[0]?.code ?? '')}`,
  );
  const caption = [opts.caption, ...context, oneUnit ? `${l.unit}：${oneUnit}` : '']
    .filter(Boolean)
    .join('　');
  const colId = (i: number) => `${opts.id}-s${i}`;

  const rows = periods.map((p, r) => {
    const rowId = `${opts.id}-p${r}`;
    return html`<tr><th scope="row" id="${rowId}">${p}</th>${series.map((s, i) => {
      const c = byKey.get(cellKey(keyDims, { ...s.codes, period: p }));
      if (!c) return html`<td class="num" headers="${rowId} ${colId(i)}">…</td>`;
      const mark = l.statusMark[c.status];
      return html`<td class="num" headers="${rowId} ${colId(i)}">${formatValue(c.value, s.decimals)}${
        mark ? html`<abbr title="${l.status[c.status]}">${mark}</abbr>` : ''
      }${c.note ? html`<sup>${noteNo(c.note)}</sup>` : ''}</td>`;
    })}</tr>`;
  });

  const chartData = {
    title: opts.caption,
    kind: opts.chart ?? 'line',
    unit: oneUnit ?? '',
    periods,
    series: series.map((s) => ({
      name: s.name,
      values: periods.map((p) => byKey.get(cellKey(keyDims, { ...s.codes, period: p }))?.value ?? null),
    })),
  };

  return html`<div class="table-wrap" role="region" aria-labelledby="${opts.id}-caption" tabindex="0">
<table class="data">
<caption id="${opts.id}-caption">${caption}</caption>
<thead><tr><th scope="col">${l.period}</th>${series.map(
    (s, i) =>
      html`<th scope="col" id="${colId(i)}">${s.name}${!oneUnit && s.unit ? html` (${s.unit})` : ''}</th>`,
  )}</tr></thead>
<tbody>${rows}</tbody>
</table>
</div>
<p class="muted">${l.statusLegend}</p>
${notes.length ? html`<ol class="notes" aria-label="${l.notes}">${notes.map((n) => html`<li>${n}</li>`)}</ol>` : ''}
${opts.chart !== null ? html`<div class="chart" data-source="${opts.id}-data"></div>${jsonIsland(`${opts.id}-data`, chartData)}` : ''}`;
}

/** The notice shown instead of a table over the cell limit. */
export function tooManyCells(ctx: RenderContext, count: number, limit: number): Html {
  return html`<p class="error" role="alert">${fill(labelsOf(ctx).tooManyCells, { count, limit })}</p>`;
}
