/**
 * The release calendar (发布日程): what comes next, and the past by month (`?month=YYYY-MM` shows
 * one month). Titles and minutes are public in advance; datasets are linked once released.
 */
import { type Html, html } from '../html.ts';
import { fill } from '../labels.ts';
import { labelsOf, page, type RenderContext, SITE } from '../layout.ts';
import type { PublicRelease } from '../ports.ts';
import { breadcrumb, type PageDeps, type Rendered, releaseList } from './common.ts';

const DAY = 86_400_000;

/** The Beijing month (YYYY-MM) of an instant. */
const monthOf = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 7);
/** The first instant of a Beijing month. */
const monthStart = (m: string) => new Date(`${m}-01T00:00:00+08:00`);
const nextMonth = (m: string) => {
  const [y, mo] = m.split('-').map(Number);
  return mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
};
const prevMonth = (m: string) => {
  const [y, mo] = m.split('-').map(Number);
  return mo === 1 ? `${y - 1}-12` : `${y}-${String(mo - 1).padStart(2, '0')}`;
};

export async function calendarPage(ctx: RenderContext, deps: PageDeps): Promise<Rendered> {
  const l = labelsOf(ctx);
  const asked = ctx.query.get('month');
  const month = asked && /^\d{4}-(0[1-9]|1[0-2])$/.test(asked) ? asked : null;
  const titles = new Map((await deps.publication.datasets(ctx.at)).map((d) => [d.code, d.title]));
  const monthLabel = (m: string) => fill(l.month, { year: m.slice(0, 4), month: String(Number(m.slice(5))) });
  let body: Html;
  if (month) {
    const releases = await deps.publication.calendar(
      { from: monthStart(month), to: monthStart(nextMonth(month)) },
      ctx.at,
    );
    body = html`<h2>${monthLabel(month)}</h2>${releaseList(ctx, releases, titles)}
<nav class="pager" aria-label="${l.paging}"><a href="${SITE}/calendar?month=${prevMonth(month)}">${monthLabel(prevMonth(month))}</a><a href="${SITE}/calendar">${l.calendar}</a><a href="${SITE}/calendar?month=${nextMonth(month)}">${monthLabel(nextMonth(month))}</a></nav>`;
  } else {
    const thisMonth = monthOf(ctx.at);
    const from = monthStart(prevMonth(prevMonth(prevMonth(prevMonth(prevMonth(thisMonth))))));
    // To the end of a day, so every request of a day reads the same range.
    const to = new Date((Math.floor(ctx.at.getTime() / DAY) + 181) * DAY);
    const all = await deps.publication.calendar({ from, to }, ctx.at);
    const upcoming = all.filter((r) => !r.released);
    const past = all.filter((r) => r.released).reverse();
    const months = [...new Set(past.map((r) => monthOf(new Date(r.releaseAt))))];
    body = html`<section aria-labelledby="up-h"><h2 id="up-h">${l.upcomingReleases}</h2>${releaseList(ctx, upcoming)}</section>
<section aria-labelledby="past-h"><h2 id="past-h">${l.pastReleases}</h2>
${past.length === 0 ? html`<p class="muted">${l.noItems}</p>` : ''}
${months.map(
  (m) =>
    html`<h3><a href="${SITE}/calendar?month=${m}">${monthLabel(m)}</a></h3>${releaseList(
      ctx,
      past.filter((r: PublicRelease) => monthOf(new Date(r.releaseAt)) === m),
      titles,
    )}`,
)}
<p><a href="${SITE}/calendar?month=${prevMonth(monthOf(from))}">${monthLabel(prevMonth(monthOf(from)))}</a></p>
</section>`;
  }
  return {
    status: 200,
    html: page(ctx, {
      title: l.calendar,
      body: html`${breadcrumb(ctx, [{ label: l.calendar }])}<h1>${l.calendar}</h1>${body}`,
    }),
  };
}
