/**
 * The page chrome every site page shares: the bureau's header, main navigation, skip link,
 * language and elder-mode switches (plain links: they work without JavaScript), and the footer
 * with the site identification and ICP placeholders the government-website guideline expects.
 */
import type { Locale } from '../../platform/i18n.ts';
import { type Html, type HtmlValue, html } from './html.ts';
import { LABELS } from './labels.ts';

/** What a page needs to know about the request it answers. */
export interface RenderContext {
  locale: Locale;
  /** 适老化: large text, high contrast. */
  elder: boolean;
  /** The instant the public sees (deps.clock.now()). */
  at: Date;
  /** Path of the page, under /site. */
  path: string;
  /** Query parameters of the request, for links that switch language or mode. */
  query: URLSearchParams;
}

export const SITE = '/site';

/** The labels of the page's language. */
export const labelsOf = (ctx: RenderContext) => LABELS[ctx.locale];

/** The current page with some query parameters set (null removes one). */
export function withQuery(ctx: RenderContext, changes: Record<string, string | null>): string {
  const q = new URLSearchParams(ctx.query);
  for (const [k, v] of Object.entries(changes)) {
    if (v === null) q.delete(k);
    else q.set(k, v);
  }
  const s = q.toString();
  return s ? `${ctx.path}?${s}` : ctx.path;
}

const TZ = 'Asia/Shanghai';

/** A date (and minute) in Beijing time, as the bureau announces it. */
export function formatTime(iso: string | Date, locale: Locale, withTime = true): string {
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  return new Intl.DateTimeFormat(locale, {
    timeZone: TZ,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    ...(withTime ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } : {}),
  }).format(d);
}

/** An ISO instant for `<time datetime>`. */
export const isoOf = (iso: string | Date) => (typeof iso === 'string' ? new Date(iso) : iso).toISOString();

const NAV: { key: 'home' | 'data' | 'releases' | 'calendar' | 'openGov' | 'interaction'; href: string }[] = [
  { key: 'home', href: `${SITE}/` },
  { key: 'data', href: `${SITE}/data` },
  { key: 'releases', href: `${SITE}/articles/bulletin` },
  { key: 'calendar', href: `${SITE}/calendar` },
  { key: 'openGov', href: `${SITE}/open-gov` },
  { key: 'interaction', href: `${SITE}/interaction` },
];

function isCurrent(ctx: RenderContext, href: string): boolean {
  if (href === `${SITE}/`) return ctx.path === `${SITE}/`;
  if (href === `${SITE}/articles/bulletin`) return ctx.path.startsWith(`${SITE}/articles`);
  return ctx.path === href || ctx.path.startsWith(`${href}/`);
}

export interface PageOptions {
  title: string;
  body: HtmlValue;
  /** Meta description for search engines. */
  description?: string;
  /** Whether the page draws charts (loads the chart script). */
  charts?: boolean;
  /** Alternate links (RSS of a channel). */
  feed?: { href: string; title: string };
  /** Pages that must not be indexed (search results, the ask form's answer). */
  noindex?: boolean;
}

/** A whole HTML document. */
export function page(ctx: RenderContext, opts: PageOptions): Html {
  const l = labelsOf(ctx);
  const other = ctx.locale === 'zh-CN' ? 'en' : 'zh';
  const title = opts.title === l.home ? `${l.bureau}` : `${opts.title} - ${l.bureau}`;
  return html`<!doctype html>
<html lang="${ctx.locale}"${ctx.elder ? html` class="elder"` : ''}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
${opts.description ? html`<meta name="description" content="${opts.description}">` : ''}
${opts.noindex ? html`<meta name="robots" content="noindex">` : ''}
<link rel="stylesheet" href="${SITE}/assets/site.css">
<link rel="alternate" type="application/rss+xml" title="${l.feedTitle}" href="${SITE}/feed.xml">
${opts.feed ? html`<link rel="alternate" type="application/rss+xml" title="${opts.feed.title}" href="${opts.feed.href}">` : ''}
${opts.charts ? html`<script src="${SITE}/assets/echarts.min.js" defer></script><script src="${SITE}/assets/chart.js" defer></script>` : ''}
</head>
<body>
<a class="skip-link" href="#main">${l.skip}</a>
<header class="site-header">
  <div class="wrap header-row">
    <a class="brand" href="${SITE}/"><span class="emblem" aria-hidden="true">统</span><span>${l.bureau}</span></a>
    <div class="switches">
      <a href="${withQuery(ctx, { lang: other })}" lang="${other === 'en' ? 'en-US' : 'zh-CN'}" hreflang="${other === 'en' ? 'en-US' : 'zh-CN'}">${l.langSwitch}</a>
      <a href="${withQuery(ctx, { elder: ctx.elder ? '0' : '1' })}" title="${ctx.elder ? l.elderOffLabel : l.elderOnLabel}">${ctx.elder ? l.elderOff : l.elderOn}</a>
    </div>
  </div>
  <nav class="main-nav" aria-label="${l.nav}">
    <ul class="wrap">
      ${NAV.map(
        (n) =>
          html`<li><a href="${n.href}"${isCurrent(ctx, n.href) ? html` aria-current="page"` : ''}>${l[n.key]}</a></li>`,
      )}
    </ul>
  </nav>
  <div class="wrap">
    <form class="site-search" role="search" action="${SITE}/search" method="get">
      <label for="site-q" class="visually-hidden">${l.searchLabel}</label>
      <input id="site-q" name="q" type="search" maxlength="200" placeholder="${l.searchPlaceholder}" value="${ctx.path === `${SITE}/search` ? (ctx.query.get('q') ?? '').slice(0, 200) : ''}">
      <button type="submit">${l.search}</button>
    </form>
  </div>
</header>
<main id="main" class="wrap" tabindex="-1">
${opts.body}
</main>
<footer class="site-footer">
  <div class="wrap">
    <p><a href="${SITE}/feed.xml">${l.footerFeed}</a> · <a href="${SITE}/sitemap.xml">${l.footerSitemap}</a></p>
    <p>${l.footerHost}</p>
    <p>${l.footerSiteCode}</p>
    <p>${l.footerIcp} · ${l.footerPsb}</p>
    <p>${l.footerAddress}</p>
  </div>
</footer>
</body>
</html>`;
}

/** Previous/next links for a paged list (`?page=`). */
export function pager(ctx: RenderContext, pageNo: number, total: number, pageSize: number): HtmlValue {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return '';
  const l = labelsOf(ctx);
  const at = (p: number) => withQuery(ctx, { page: p === 1 ? null : String(p), lang: null, elder: null });
  return html`<nav class="pager" aria-label="${l.paging}">
  ${pageNo > 1 ? html`<a href="${at(pageNo - 1)}" rel="prev">${l.prev}</a>` : ''}
  <span>${l.pageOf.replace('{page}', String(pageNo)).replace('{pages}', String(pages))}</span>
  ${pageNo < pages ? html`<a href="${at(pageNo + 1)}" rel="next">${l.next}</a>` : ''}
</nav>`;
}
