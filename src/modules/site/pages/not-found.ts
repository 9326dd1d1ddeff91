/** The site's 404 page: the whole chrome, so a lost visitor can search or go home. */
import { html } from '../html.ts';
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
