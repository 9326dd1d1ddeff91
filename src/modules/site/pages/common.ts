/** What every page renderer gets, and small pieces several pages share. */
import { type Html, html } from '../html.ts';
import { fill, pick } from '../labels.ts';
import { formatTime, isoOf, labelsOf, type RenderContext, SITE } from '../layout.ts';
import type { CmsPublic, PublicArticleSummary, PublicationPublic, PublicRelease, Text } from '../ports.ts';
import type { SiteSearch } from '../search/index.ts';

export interface PageDeps {
  publication: PublicationPublic;
  cms: CmsPublic;
  search: SiteSearch;
}

/** A rendered page and its status. */
export interface Rendered {
  status: number;
  html: Html;
}

export const CHANNELS = ['news', 'bulletin', 'analysis', 'interpretation', 'notice', 'open-gov'] as const;
export const isChannel = (c: string) => (CHANNELS as readonly string[]).includes(c);

export const articleHref = (a: { slug: string }) => `${SITE}/articles/${encodeURIComponent(a.slug)}`;

/** A list of articles with their dates. */
export function articleList(ctx: RenderContext, items: PublicArticleSummary[]): Html {
  const l = labelsOf(ctx);
  if (items.length === 0) return html`<p class="muted">${l.noItems}</p>`;
  return html`<ul class="list">${items.map(
    (a) =>
      html`<li><a href="${articleHref(a)}">${a.title}</a><time datetime="${isoOf(a.publishedAt)}">${formatTime(a.publishedAt, ctx.locale, false)}</time></li>`,
  )}</ul>`;
}

/** A list of calendar entries (发布日程); released datasets linked by their titles where known. */
export function releaseList(
  ctx: RenderContext,
  items: PublicRelease[],
  titles: ReadonlyMap<string, Text> = new Map(),
): Html {
  const l = labelsOf(ctx);
  if (items.length === 0) return html`<p class="muted">${l.noItems}</p>`;
  return html`<ul class="list">${items.map(
    (r) =>
      html`<li id="release-${r.id}"><span><span class="kind">${l.releaseKind[r.kind] ?? r.kind}</span>${pick(r.title, ctx.locale)}${
        r.released && r.datasets.length
          ? html` — ${r.datasets.map((d, i) => html`${i ? '、' : ''}<a href="${SITE}/data/${encodeURIComponent(d)}">${titles.has(d) ? pick(titles.get(d)!, ctx.locale) : d}</a>`)}`
          : ''
      }</span><time datetime="${isoOf(r.releaseAt)}">${formatTime(r.releaseAt, ctx.locale)}</time></li>`,
  )}</ul>`;
}

/** Breadcrumb trail (home first). */
export function breadcrumb(ctx: RenderContext, trail: { label: string; href?: string }[]): Html {
  const l = labelsOf(ctx);
  return html`<nav class="breadcrumb" aria-label="${l.breadcrumb}"><ol><li><a href="${SITE}/">${l.home}</a></li>${trail.map(
    (t) =>
      html`<li>${t.href ? html`<a href="${t.href}">${t.label}</a>` : html`<span aria-current="page">${t.label}</span>`}</li>`,
  )}</ol></nav>`;
}

/** `?page=` as a positive integer (anything else is page 1). */
export function pageParam(ctx: RenderContext): number {
  const n = Number.parseInt(ctx.query.get('page') ?? '1', 10);
  return Number.isFinite(n) && n >= 1 && n <= 10_000 ? n : 1;
}

export { fill };
