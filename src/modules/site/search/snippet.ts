/**
 * Highlighted snippets for search results: the part of a document's text around the first hit,
 * escaped, with every occurrence of a query word (or the whole query) wrapped in `<mark>`.
 * Done here rather than with ts_headline, whose parser does not know jieba's words.
 */
import { escapeHtml, Html } from '../html.ts';

/** Escaped text with `<mark>` around each case-insensitive occurrence of the terms. */
export function highlight(text: string, terms: string[]): Html {
  const wanted = [...new Set(terms.filter(Boolean))].sort((a, b) => b.length - a.length);
  if (wanted.length === 0) return new Html(escapeHtml(text));
  const lower = text.toLowerCase();
  let out = '';
  let i = 0;
  while (i < text.length) {
    const hit = wanted.find((t) => lower.startsWith(t.toLowerCase(), i));
    if (hit) {
      out += `<mark>${escapeHtml(text.slice(i, i + hit.length))}</mark>`;
      i += hit.length;
    } else {
      // Step by code point so a surrogate pair is never split.
      const ch = String.fromCodePoint(text.codePointAt(i)!);
      out += escapeHtml(ch);
      i += ch.length;
    }
  }
  return new Html(out);
}

/**
 * About `width` characters of `text` around a hit: of the longest term found (the whole query
 * before its words), so the snippet shows the phrase asked for where the text has it.
 */
export function snippet(text: string, terms: string[], width = 120): Html {
  const lower = text.toLowerCase();
  const first = [...terms]
    .filter(Boolean)
    .sort((a, b) => b.length - a.length)
    .map((t) => lower.indexOf(t.toLowerCase()))
    .find((p) => p >= 0);
  const start = first === undefined ? 0 : Math.max(0, first - Math.floor(width / 3));
  const end = Math.min(text.length, start + width);
  const piece = `${start > 0 ? '…' : ''}${text.slice(start, end)}${end < text.length ? '…' : ''}`;
  return highlight(piece, terms);
}
