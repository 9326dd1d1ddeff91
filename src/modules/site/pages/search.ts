/** Search results (站内搜索): ranked, with highlighted snippets, paged; a clear message for odd queries. */
import { type Html, html } from '../html.ts';
import { fill, pick } from '../labels.ts';
import { labelsOf, page, pager, type RenderContext } from '../layout.ts';
import { highlight, snippet } from '../search/snippet.ts';
import { breadcrumb, type PageDeps, pageParam, type Rendered } from './common.ts';

const PAGE_SIZE = 10;

export async function searchPage(ctx: RenderContext, deps: PageDeps): Promise<Rendered> {
  const l = labelsOf(ctx);
  const pageNo = pageParam(ctx);
  const r = await deps.search.search(
    { text: ctx.query.get('q') ?? '', page: pageNo, pageSize: PAGE_SIZE },
    ctx.at,
  );
  const terms = [...r.words, r.query];
  let body: Html;
  if (!r.query) body = html`<p class="notice" role="status">${l.searchEmpty}</p>`;
  else if (r.total === 0)
    body = html`<p class="notice" role="status">${fill(l.searchNone, { q: r.query })}</p>`;
  else
    body = html`<p role="status">${fill(l.searchCount, { total: r.total })}</p>
<ol class="list results" start="${(pageNo - 1) * PAGE_SIZE + 1}">${r.hits.map(
      (h) =>
        html`<li><h2 class="result-title"><span class="kind">${l.kinds[h.kind] ?? h.kind}</span><a href="${h.url}">${highlight(
          pick(h.title, ctx.locale),
          terms,
        )}</a></h2><p>${snippet(h.body, terms)}</p></li>`,
    )}</ol>
${pager(ctx, pageNo, r.total, PAGE_SIZE)}`;
  return {
    status: 200,
    html: page(ctx, {
      title: r.query ? `${l.searchResults}：${r.query}` : l.searchResults,
      noindex: true,
      body: html`${breadcrumb(ctx, [{ label: l.searchResults }])}<h1>${l.searchResults}</h1>
${r.truncated ? html`<p class="notice">${fill(l.searchTooLong, { limit: r.query.length })}</p>` : ''}
${body}`,
    }),
  };
}
