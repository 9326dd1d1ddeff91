/**
 * The body of an article as it may be stored and shown: an allowlist of structure (headings,
 * paragraphs, lists, tables, links, our own images, live data embeds) through sanitize-html.
 * Everything else — scripts, event handlers, style, iframes, SVG, javascript: or data: URLs,
 * images from elsewhere — is dropped, so what an editor pastes can never run in a reader's browser.
 */
import sanitizeHtml from 'sanitize-html';

/** `/files/{id}/{name}`: the only images and file links an article may use (served by us). */
const OWN_FILE = /^\/files\/([0-9a-f-]{36})\/[^/?#\s"'<>\\]{1,200}$/;
/** A public dataset code (publication's rule). */
const DATASET_CODE = /^[a-z][a-z0-9-]{1,63}$/;
/** `indicator=a,b;region=330200;period=top(12)`: codes, separators and the selection functions. */
const SELECTION = /^[A-Za-z0-9_.,;=()*:-]{0,500}$/;
const EMBED_KINDS = new Set(['table', 'chart']);

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'p',
    'br',
    'hr',
    'strong',
    'b',
    'em',
    'i',
    'u',
    's',
    'sub',
    'sup',
    'blockquote',
    'ul',
    'ol',
    'li',
    'a',
    'img',
    'table',
    'caption',
    'colgroup',
    'col',
    'thead',
    'tbody',
    'tfoot',
    'tr',
    'th',
    'td',
    'figure',
    'figcaption',
    'code',
    'pre',
  ],
  allowedAttributes: {
    a: ['href', 'title'],
    img: ['src', 'alt', 'title', 'width', 'height'],
    th: ['scope', 'colspan', 'rowspan', 'headers', 'id'],
    td: ['colspan', 'rowspan', 'headers'],
    col: ['span'],
    colgroup: ['span'],
    ol: ['start'],
    figure: ['data-embed', 'data-dataset', 'data-selection'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: [] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  allowedStyles: {},
  transformTags: {
    // Links that leave the site must not hand it the opener.
    a: (tagName, attribs) => {
      const href = attribs.href ?? '';
      const external = /^https?:/i.test(href);
      return {
        tagName,
        attribs: external ? { ...attribs, rel: 'noopener noreferrer' } : attribs,
      };
    },
    figure: (tagName, attribs) => {
      const embed = attribs['data-embed'];
      if (!embed) return { tagName, attribs: {} };
      const ok =
        EMBED_KINDS.has(embed) &&
        DATASET_CODE.test(attribs['data-dataset'] ?? '') &&
        SELECTION.test(attribs['data-selection'] ?? '');
      // A malformed embed stays a plain figure: its caption survives, the request does not.
      return {
        tagName,
        attribs: ok
          ? {
              'data-embed': embed,
              'data-dataset': attribs['data-dataset'] as string,
              'data-selection': attribs['data-selection'] ?? '',
            }
          : {},
      };
    },
  },
  allowedAttributesByTagExtra: undefined,
  exclusiveFilter: (frame) => frame.tag === 'img' && !OWN_FILE.test(frame.attribs.src ?? ''),
} as sanitizeHtml.IOptions;
// `rel` is added by the transform above, after the allowlist ran; keep it.
(OPTIONS.allowedAttributes as Record<string, string[]>).a.push('rel');

export interface SanitisedBody {
  html: string;
  /** Ids of our files the body shows or links to (they become public with the article). */
  fileIds: string[];
}

/** Cleans an article body; the result is what is stored and shown. */
export function sanitizeBody(html: string): SanitisedBody {
  const clean = sanitizeHtml(html, OPTIONS).trim();
  const fileIds = new Set<string>();
  for (const m of clean.matchAll(/(?:src|href)="(\/files\/[^"]+)"/g)) {
    const own = OWN_FILE.exec(m[1].replace(/&amp;/g, '&'));
    if (own) fileIds.add(own[1]);
  }
  return { html: clean, fileIds: [...fileIds] };
}
