/**
 * Statistical data (统计数据): datasets by subject, and one dataset's query page — a GET form
 * (works without JavaScript, and the URL is the shareable selection) choosing codes per dimension
 * and a period span, the table it selects, a chart where JavaScript runs, and the same selection
 * as download links to the open data API.
 */

import { SUBJECTS } from '../../publication/contract.ts';
import { cellCount, defaultSelection } from '../domain/selection.ts';
import { type Html, html } from '../html.ts';
import { fill, pick } from '../labels.ts';
import { formatTime, labelsOf, page, type RenderContext, SITE } from '../layout.ts';
import type { DimensionId, PublicDatasetMeta, PublicDimension, PublicSelection } from '../ports.ts';
import { breadcrumb, type PageDeps, type Rendered } from './common.ts';
import { cellsTable, tooManyCells } from './data-table.ts';
import { notFoundPage } from './not-found.ts';

/** Most cells a page shows at once (the open data API serves bigger selections). */
export const CELL_LIMIT = 2_000;

export async function dataListPage(ctx: RenderContext, deps: PageDeps): Promise<Rendered> {
  const l = labelsOf(ctx);
  const datasets = await deps.publication.datasets(ctx.at);
  // Subjects in the order publication's contract lists them (its labels too); unknown ones last.
  const order = Object.keys(SUBJECTS);
  const rank = (s: string) => (order.includes(s) ? order.indexOf(s) : order.length);
  const subjects = [...new Set(datasets.map((d) => d.subject))].sort(
    (a, b) => rank(a) - rank(b) || a.localeCompare(b),
  );
  const subjectName = (s: string) =>
    s in SUBJECTS ? pick(SUBJECTS[s as keyof typeof SUBJECTS], ctx.locale) : s;
  return {
    status: 200,
    html: page(ctx, {
      title: l.data,
      body: html`${breadcrumb(ctx, [{ label: l.data }])}<h1>${l.data}</h1>
${datasets.length === 0 ? html`<p class="muted">${l.noItems}</p>` : ''}
${subjects.map(
  (s, i) =>
    html`<section aria-labelledby="subject-${i}"><h2 id="subject-${i}">${subjectName(s)}</h2><ul class="list">${datasets
      .filter((d) => d.subject === s)
      .map(
        (d) =>
          html`<li><span><a href="${SITE}/data/${encodeURIComponent(d.code)}">${pick(d.title, ctx.locale)}</a> <span class="muted">${l.frequency[d.frequency]} · ${d.firstPeriod} – ${d.lastPeriod}</span></span><span class="muted">${l.updated} ${formatTime(d.updatedAt, ctx.locale, false)}</span></li>`,
      )}</ul></section>`,
)}`,
    }),
  };
}

/** The selection the form sent (repeated keys per dimension, `from`/`to` for periods), or the default. */
export function selectionFromQuery(meta: PublicDatasetMeta, query: URLSearchParams): PublicSelection {
  const exprs = new Map<string, string>();
  for (const d of meta.dimensions) {
    if (d.id === 'period') continue;
    const chosen = query.getAll(d.id).flatMap((v) => v.split(','));
    if (chosen.length) exprs.set(d.id, chosen.join(','));
  }
  const periods = meta.dimensions.find((d) => d.id === 'period')?.codes.map((c) => c.code) ?? [];
  const from = query.get('from');
  const to = query.get('to');
  if ((from && periods.includes(from)) || (to && periods.includes(to))) {
    const a = from && periods.includes(from) ? from : periods[0];
    const b = to && periods.includes(to) ? to : periods[periods.length - 1];
    exprs.set('period', a <= b ? `range(${a},${b})` : `range(${b},${a})`);
  }
  const sel = defaultSelection(meta.dimensions, exprs);
  // A dimension whose every chosen code was unknown falls back to its default, so a stale link still shows data.
  for (const d of meta.dimensions)
    if (sel[d.id]?.length === 0) sel[d.id] = defaultSelection([d], new Map())[d.id];
  return sel;
}

/** The open data API (PxWeb API v2 style) query for the same selection. */
export function apiQuery(code: string, sel: PublicSelection, format: string, locale: string): string {
  const q = new URLSearchParams();
  for (const [dim, codes] of Object.entries(sel))
    if (codes?.length) q.set(`valueCodes[${dim}]`, codes.join(','));
  q.set('outputFormat', format);
  q.set('lang', locale === 'en-US' ? 'en' : 'zh');
  return `/open/api/v2/tables/${encodeURIComponent(code)}/data?${q.toString()}`;
}

function dimensionField(ctx: RenderContext, d: PublicDimension, chosen: string[]): Html {
  const legendId = `dim-${d.id}`;
  return html`<fieldset aria-labelledby="${legendId}"><legend id="${legendId}">${pick(d.label, ctx.locale)}</legend><div class="choices">${d.codes.map(
    (c, i) =>
      html`<label for="${d.id}-${i}"><input type="checkbox" id="${d.id}-${i}" name="${d.id}" value="${c.code}"${
        chosen.includes(c.code) ? html` checked` : ''
      }> ${pick(c.label, ctx.locale)}${c.unit ? html` <span class="muted">(${pick(c.unit, ctx.locale)})</span>` : ''}</label>`,
  )}</div></fieldset>`;
}

function periodField(ctx: RenderContext, d: PublicDimension, chosen: string[]): Html {
  const l = labelsOf(ctx);
  const codes = d.codes.map((c) => c.code);
  const select = (name: 'from' | 'to', label: string, value: string | undefined) =>
    html`<div class="field"><label for="period-${name}">${label}</label><select id="period-${name}" name="${name}">${codes.map(
      (c) => html`<option value="${c}"${c === value ? html` selected` : ''}>${c}</option>`,
    )}</select></div>`;
  return html`<fieldset><legend>${pick(d.label, ctx.locale)}</legend><div class="grid two">${select('from', l.periodFrom, chosen[0])}${select('to', l.periodTo, chosen[chosen.length - 1])}</div></fieldset>`;
}

export async function datasetPage(ctx: RenderContext, deps: PageDeps, code: string): Promise<Rendered> {
  const l = labelsOf(ctx);
  const meta = await deps.publication.dataset(code, ctx.at);
  if (!meta) return notFoundPage(ctx);
  const sel = selectionFromQuery(meta, ctx.query);
  const count = cellCount(sel);
  const cells = count <= CELL_LIMIT ? await deps.publication.cells(code, sel, ctx.at) : [];
  const title = pick(meta.title, ctx.locale);
  const formats = ['csv', 'xlsx', 'json-stat2'] as const;
  const body = html`${breadcrumb(ctx, [{ label: l.data, href: `${SITE}/data` }, { label: title }])}
<h1>${title}</h1>
<p>${pick(meta.description, ctx.locale)}</p>
<p class="muted">${l.frequency[meta.frequency]} · ${meta.firstPeriod} – ${meta.lastPeriod} · ${l.updated} ${formatTime(meta.updatedAt, ctx.locale)}</p>
<section aria-labelledby="query-h"><h2 id="query-h">${l.query}</h2>
<p>${l.queryHint}</p>
<form method="get" action="${SITE}/data/${encodeURIComponent(code)}" class="query-form">
${meta.dimensions.map((d) => (d.id === 'period' ? periodField(ctx, d, sel.period ?? []) : dimensionField(ctx, d, sel[d.id as DimensionId] ?? [])))}
<button type="submit" class="primary">${l.submitQuery}</button>
</form></section>
<section aria-labelledby="table-h"><h2 id="table-h">${l.table}</h2>
${
  count > CELL_LIMIT
    ? tooManyCells(ctx, count, CELL_LIMIT)
    : cells.length === 0
      ? html`<p class="notice">${l.noData}</p>`
      : cellsTable(ctx, meta, sel, cells, { id: 'q', caption: title, chart: 'line' })
}
</section>
<section aria-labelledby="download-h"><h2 id="download-h">${l.download}</h2>
<ul>${formats.map((f) => html`<li><a href="${apiQuery(code, sel, f, ctx.locale)}">${fill(l.downloadAs, { format: f.toUpperCase() })}</a></li>`)}</ul>
<p>${l.apiQuery}: <code>${apiQuery(code, sel, 'json-stat2', ctx.locale)}</code></p>
</section>
${meta.notes.length ? html`<section aria-labelledby="notes-h"><h2 id="notes-h">${l.notes}</h2><ul>${meta.notes.map((n) => html`<li>${pick(n, ctx.locale)}</li>`)}</ul></section>` : ''}
<p>${l.source}：${meta.source}</p>
${
  meta.releases.length
    ? html`<section aria-labelledby="rel-h"><h2 id="rel-h">${l.datasetReleases}</h2><ul class="list">${meta.releases.map(
        (r) =>
          html`<li><span>${pick(r.title, ctx.locale)}</span><time datetime="${r.releaseAt}">${formatTime(r.releaseAt, ctx.locale)}</time></li>`,
      )}</ul></section>`
    : ''
}`;
  return {
    status: 200,
    html: page(ctx, { title, description: pick(meta.description, ctx.locale), charts: true, body }),
  };
}
