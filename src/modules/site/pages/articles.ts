/**
 * Articles (统计公报, 统计分析, 工作动态 …): a channel's paged list with its RSS link, one article
 * with its live data embeds and attachments, and 政务公开 (open-gov) by category.
 */
import { html } from '../html.ts';
import { formatTime, isoOf, labelsOf, page, pager, type RenderContext, SITE, withQuery } from '../layout.ts';
import { articleList, breadcrumb, type PageDeps, pageParam, type Rendered } from './common.ts';
import { renderEmbeds } from './embeds.ts';
import { notFoundPage } from './not-found.ts';

const PAGE_SIZE = 20;

export async function channelPage(ctx: RenderContext, deps: PageDeps, channel: string): Promise<Rendered> {
  const l = labelsOf(ctx);
  const pageNo = pageParam(ctx);
  const { items, total } = await deps.cms.articles({ channel, page: pageNo, pageSize: PAGE_SIZE }, ctx.at);
  const title = l.channels[channel] ?? channel;
  const feed = { href: `${SITE}/articles/${channel}/feed.xml`, title: `${title} RSS` };
  return {
    status: 200,
    html: page(ctx, {
      title,
      feed,
      body: html`${breadcrumb(ctx, [{ label: title }])}<h1>${title}</h1>
<nav aria-label="${l.releases}"><ul class="choices">${Object.entries(l.channels)
        .filter(([c]) => c !== 'open-gov')
        .map(
          ([c, name]) =>
            html`<li><a href="${SITE}/articles/${c}"${c === channel ? html` aria-current="page"` : ''}>${name}</a></li>`,
        )}</ul></nav>
${articleList(ctx, items)}
${pager(ctx, pageNo, total, PAGE_SIZE)}
<p><a href="${feed.href}">${l.footerFeed}</a></p>`,
    }),
  };
}

export async function articlePage(ctx: RenderContext, deps: PageDeps, slug: string): Promise<Rendered> {
  const l = labelsOf(ctx);
  const article = await deps.cms.article(slug, ctx.at);
  if (!article) return notFoundPage(ctx);
  const body = await renderEmbeds(ctx, deps.publication, article.bodyHtml);
  const channelName = l.channels[article.channel] ?? article.channel;
  const channelHref =
    article.channel === 'open-gov' ? `${SITE}/open-gov` : `${SITE}/articles/${article.channel}`;
  return {
    status: 200,
    html: page(ctx, {
      title: article.title,
      description: article.summary,
      charts: body.charts,
      body: html`${breadcrumb(ctx, [{ label: channelName, href: channelHref }, { label: article.title }])}
<article>
<h1>${article.title}</h1>
<p class="muted">${l.publishedAt}：<time datetime="${isoOf(article.publishedAt)}">${formatTime(article.publishedAt, ctx.locale)}</time>${
        article.revisedAt
          ? html` · ${l.revisedAt}：<time datetime="${isoOf(article.revisedAt)}">${formatTime(article.revisedAt, ctx.locale)}</time>`
          : ''
      }</p>
<div class="article-body">${body.html}</div>
${
  article.attachments.length
    ? html`<section aria-labelledby="att-h"><h2 id="att-h">${l.attachments}</h2><ul>${article.attachments.map(
        (a) =>
          html`<li><a href="${a.url}">${a.name}</a> <span class="muted">(${Math.max(1, Math.round(a.size / 1024))} KB)</span></li>`,
      )}</ul></section>`
    : ''
}
</article>`,
    }),
  };
}

export async function openGovPage(ctx: RenderContext, deps: PageDeps): Promise<Rendered> {
  const l = labelsOf(ctx);
  const pageNo = pageParam(ctx);
  const category = ctx.query.get('category')?.slice(0, 100) || undefined;
  // Categories are whatever cms's open-gov articles carry; read from the newest few hundred.
  const all = await deps.cms.articles({ channel: 'open-gov', page: 1, pageSize: 200 }, ctx.at);
  const categories = [...new Set(all.items.map((a) => a.category).filter((c): c is string => !!c))].sort();
  const { items, total } = await deps.cms.articles(
    { channel: 'open-gov', ...(category ? { category } : {}), page: pageNo, pageSize: PAGE_SIZE },
    ctx.at,
  );
  const link = (c: string | null) => withQuery(ctx, { category: c, page: null, lang: null, elder: null });
  return {
    status: 200,
    html: page(ctx, {
      title: l.openGov,
      body: html`${breadcrumb(ctx, [{ label: l.openGov }])}<h1>${l.openGov}</h1>
<nav aria-label="${l.categories}"><ul class="choices">
<li><a href="${link(null)}"${!category ? html` aria-current="page"` : ''}>${l.allCategories}</a></li>
${categories.map((c) => html`<li><a href="${link(c)}"${c === category ? html` aria-current="page"` : ''}>${c}</a></li>`)}
</ul></nav>
${category ? html`<h2>${category}</h2>` : ''}
${articleList(ctx, items)}
${pager(ctx, pageNo, total, PAGE_SIZE)}`,
    }),
  };
}
