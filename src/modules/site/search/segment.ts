/**
 * Chinese word segmentation (分词) with jieba, for the search index and the queries. Documents are
 * cut "for search" (every word and the shorter words inside it: 零售总额 → 零售, 总额, 零售总额),
 * so a query for any of them matches; PostgreSQL's `simple` configuration then only lower-cases
 * the space-separated words.
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';

let jieba: Jieba | undefined;
const segmenter = () => {
  jieba ??= Jieba.withDict(dict);
  return jieba;
};

/** Letters and digits only: what survives as a lexeme (operators and punctuation never reach SQL). */
const WORD = /^[\p{L}\p{N}]+$/u;

/** The words of a document, for `to_tsvector('simple', …)`: space-separated, punctuation dropped. */
export function indexTerms(text: string): string {
  if (!text) return '';
  return segmenter()
    .cutForSearch(text, true)
    .map((w) => w.trim().toLowerCase())
    .filter((w) => WORD.test(w))
    .join(' ');
}

/** Longest query the search reads (a pasted page must not cost a second of segmentation). */
export const MAX_QUERY_CHARS = 100;

/**
 * The words of a query (precise mode: 统计公报 → 统计, 公报), lower-cased, de-duplicated, letters
 * and digits only, at most 16.
 */
export function queryWords(q: string): string[] {
  const words = segmenter()
    .cut(q.slice(0, MAX_QUERY_CHARS), true)
    .map((w) => w.trim().toLowerCase())
    .filter((w) => WORD.test(w));
  return [...new Set(words)].slice(0, 16);
}
