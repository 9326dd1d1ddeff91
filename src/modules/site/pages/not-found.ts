/** The site's 404 and 500 pages: the whole chrome, so a lost visitor can search or go home. */
import { html } from '../html.ts';
import { fill } from '../labels.ts';
import { labelsOf, page, type RenderContext, SITE } from '../layout.ts';
import type { Rendered } from './common.ts';

export function notFoundPage(ctx: RenderContext): Rendered {
  const l = labelsOf(ctx);
  return {
    status: 404,
    html: page(ctx, {
      title: l.notFound,
      noindex: true,
      body: html`<h1>${l.notFound}</h1><p>${l.notFoundBody}</p><p><a href="${SITE}/">${l.backHome}</a></p>`,
    }),
  };
}

/** What a visitor sees when a page fails (the error itself goes to the log under `id`). */
export function errorPage(ctx: RenderContext, id: string): Rendered {
  const l = labelsOf(ctx);
  return {
    status: 500,
    html: page(ctx, {
      title: l.unavailable,
      noindex: true,
      body: html`<h1>${l.unavailable}</h1><p>${fill(l.unavailableBody, { id })}</p><p><a href="${SITE}/">${l.backHome}</a></p>`,
    }),
  };
}
