/**
 * Live data in article bodies: each `<figure data-embed="table|chart" data-dataset="code"
 * data-selection="…">` cms kept in a sanitised body is replaced, at view time, by a table (and
 * chart data) from publication's public cells at the page's instant — so an article shows a
 * dataset only once it is released, and the revised figure once it is revised.
 */

import { cellCount, parseEmbedSelection } from '../domain/selection.ts';
import { decodeEntities, type Html, html, trustedHtml } from '../html.ts';
import { pick } from '../labels.ts';
import { labelsOf, type RenderContext } from '../layout.ts';
import type { PublicationPublic } from '../ports.ts';
import { CELL_LIMIT } from './data.ts';
import { cellsTable, tooManyCells } from './data-table.ts';

const FIGURE = /<figure\b([^>]*)>[\s\S]*?<\/figure>/gi;
const ATTR = /([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

function attributes(source: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of source.matchAll(ATTR)) out.set(m[1].toLowerCase(), decodeEntities(m[2] ?? m[3] ?? ''));
  return out;
}

/** The body with every data embed rendered; everything else is cms's sanitised markup as given. */
export async function renderEmbeds(
  ctx: RenderContext,
  publication: PublicationPublic,
  bodyHtml: string,
): Promise<{ html: Html; charts: boolean }> {
  const l = labelsOf(ctx);
  const parts: (Html | string)[] = [];
  let last = 0;
  let n = 0;
  let charts = false;
  for (const m of bodyHtml.matchAll(FIGURE)) {
    const attrs = attributes(m[1]);
    const kind = attrs.get('data-embed');
    const code = attrs.get('data-dataset');
    if ((kind !== 'table' && kind !== 'chart') || !code) continue;
    parts.push(bodyHtml.slice(last, m.index));
    last = m.index + m[0].length;
    const id = `embed-${++n}`;
    const meta = await publication.dataset(code, ctx.at);
    if (!meta) {
      parts.push(html`<figure class="embed"><p class="notice">${l.embedUnavailable}</p></figure>`);
      continue;
    }
    const sel = parseEmbedSelection(attrs.get('data-selection') ?? '', meta.dimensions);
    const count = cellCount(sel);
    const cells = count <= CELL_LIMIT ? await publication.cells(code, sel, ctx.at) : [];
    const title = pick(meta.title, ctx.locale);
    charts ||= kind === 'chart';
    parts.push(
      html`<figure class="embed">${
        count > CELL_LIMIT
          ? tooManyCells(ctx, count, CELL_LIMIT)
          : cells.length === 0
            ? html`<p class="notice">${l.embedUnavailable}</p>`
            : cellsTable(ctx, meta, sel, cells, {
                id,
                caption: title,
                chart: kind === 'chart' ? 'line' : null,
              })
      }</figure>`,
    );
  }
  parts.push(bodyHtml.slice(last));
  return { html: trustedHtml(parts.map(String).join('')), charts };
}
