/**
 * The home page (首页): latest releases and bulletins, headline figures from the public datasets
 * (each dataset's first indicator, total codes, latest period), the coming calendar entries and
 * the search box (in the header).
 */
import { html } from '../html.ts';
import { pick } from '../labels.ts';
import { labelsOf, page, type RenderContext, SITE } from '../layout.ts';
import { articleList, type PageDeps, type Rendered, releaseList } from './common.ts';
import { formatValue } from './data-table.ts';

const DAY = 86_400_000;

/** One figure per dataset: its first indicator at the first (total) code of each dimension, latest period. */
async function headlineFigures(ctx: RenderContext, deps: PageDeps, limit: number) {
  const datasets = (await deps.publication.datasets(ctx.at)).slice(0, limit);
  const figures = await Promise.all(
    datasets.map(async (d) => {
      const meta = await deps.publication.dataset(d.code, ctx.at);
      if (!meta) return null;
      const sel = Object.fromEntries(
        meta.dimensions.map((dim) => [
          dim.id,
          dim.id === 'period'
            ? dim.codes.slice(-1).map((c) => c.code)
            : dim.codes.slice(0, 1).map((c) => c.code),
        ]),
      );
      const [cell] = await deps.publication.cells(d.code, sel, ctx.at);
      const indicator = meta.dimensions.find((x) => x.id === 'indicator')?.codes[0];
      if (!cell || !indicator) return null;
      return {
        code: d.code,
        label: pick(indicator.label, ctx.locale),
        value: formatValue(cell.value, indicator.decimals),
        unit: indicator.unit ? pick(indicator.unit, ctx.locale) : '',
        period: cell.period,
      };
    }),
  );
  return figures.filter((f) => f !== null);
}

export async function homePage(ctx: RenderContext, deps: PageDeps): Promise<Rendered> {
  const l = labelsOf(ctx);
  const [latest, bulletins, figures, calendar] = await Promise.all([
    deps.cms.articles({ page: 1, pageSize: 8 }, ctx.at),
    deps.cms.articles({ channel: 'bulletin', page: 1, pageSize: 5 }, ctx.at),
    headlineFigures(ctx, deps, 4),
    // From the start of the (UTC) day, so every request of a day reads the same range.
    deps.publication.calendar(
      {
        from: new Date(Math.floor(ctx.at.getTime() / DAY) * DAY),
        to: new Date(Math.floor(ctx.at.getTime() / DAY) * DAY + 60 * DAY),
      },
      ctx.at,
    ),
  ]);
  const upcoming = calendar.filter((r) => !r.released).slice(0, 6);
  return {
    status: 200,
    html: page(ctx, {
      title: l.home,
      description: l.feedTitle,
      body: html`<h1>${l.bureau}</h1>
<section aria-labelledby="figures-h"><h2 id="figures-h">${l.headline}</h2>
${
  figures.length
    ? html`<ul class="figures">${figures.map(
        (f) =>
          html`<li><a href="${SITE}/data/${encodeURIComponent(f.code)}">${f.label}</a><span class="value">${f.value} <small>${f.unit}</small></span><span class="muted">${f.period}</span></li>`,
      )}</ul>`
    : html`<p class="muted">${l.noItems}</p>`
}
<p><a href="${SITE}/data">${l.more}：${l.data}</a></p></section>
<div class="grid two">
<section aria-labelledby="latest-h"><h2 id="latest-h">${l.latestReleases}</h2>${articleList(ctx, latest.items)}</section>
<section aria-labelledby="bulletins-h"><h2 id="bulletins-h">${l.latestBulletins}</h2>${articleList(ctx, bulletins.items)}
<p><a href="${SITE}/articles/bulletin">${l.more}：${l.latestBulletins}</a></p></section>
</div>
<section aria-labelledby="upcoming-h"><h2 id="upcoming-h">${l.upcoming}</h2>${releaseList(ctx, upcoming)}
<p><a href="${SITE}/calendar">${l.more}：${l.calendar}</a></p></section>`,
    }),
  };
}
