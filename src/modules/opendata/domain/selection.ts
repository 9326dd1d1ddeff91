/**
 * The selection language of the PxWeb API v2 (`valueCodes[dim]=…`), parsed into items and
 * resolved against a dimension's code list. Items, as PxWebApi 2 defines them:
 * - a code (`330200`); `*` (every code); `33*`, `*01`, `*02*` (prefix, suffix, infix, at most two
 *   `*` and only at the ends) and `?` for exactly one character (`2024-??`);
 * - `top(n)` / `top(n,offset)`: the first n codes — for time the n most recent, skipping `offset`;
 *   `bottom(n)` / `bottom(n,offset)`: the last n codes — for time the n oldest;
 * - `from(x)`, `to(x)`, `range(x,y)`: codes from x on, up to x, between x and y (inclusive, in the
 *   dimension's order; the ends may be given in either order).
 * Function names are case-insensitive. A list is comma-separated, commas inside parentheses
 * belong to the function. The resolved codes follow the dimension's display order, each once, so a
 * selection names one cube whatever order it was written in.
 */
import { OpendataInputError } from './errors.ts';

export type SelectionItem =
  | { kind: 'all' }
  | { kind: 'code'; code: string }
  | { kind: 'pattern'; text: string; re: RegExp }
  | { kind: 'top' | 'bottom'; count: number; offset: number }
  | { kind: 'from' | 'to'; code: string }
  | { kind: 'range'; from: string; to: string };

/** Longest expression text accepted for one dimension (a long code list fits well within it). */
export const MAX_EXPRESSION_LENGTH = 10_000;
/** Largest n in top(n)/bottom(n): more than any code list, small enough to stay a safe integer. */
const MAX_COUNT = 1_000_000;

const FUNCTION_RE = /^(top|bottom|from|to|range)\((.*)\)$/i;
const COUNT_RE = /^[1-9]\d*$/;
const OFFSET_RE = /^\d+$/;
const CODE_RE = /^[^,()*?\s]+$/;

const bad = (dimension: string, expression: string) =>
  new OpendataInputError('bad_expression', { dimension, expression });

/** Splits `a,top(3,1),b` at the commas outside parentheses; rejects unbalanced parentheses. */
export function splitItems(dimension: string, text: string): string[] {
  if (text.length > MAX_EXPRESSION_LENGTH) throw bad(dimension, `${text.slice(0, 40)}…`);
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(') depth++;
    else if (ch === ')') {
      depth--;
      if (depth < 0) throw bad(dimension, text);
    } else if (ch === ',' && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  if (depth !== 0) throw bad(dimension, text);
  out.push(text.slice(start));
  return out.map((s) => s.trim());
}

/** Parses one item (`*`, a code, a pattern or a function). */
export function parseItem(dimension: string, raw: string): SelectionItem {
  const text = raw.trim();
  if (text === '') throw bad(dimension, raw);
  if (text === '*') return { kind: 'all' };
  const fn = FUNCTION_RE.exec(text);
  if (fn) {
    const name = fn[1].toLowerCase() as 'top' | 'bottom' | 'from' | 'to' | 'range';
    const args = fn[2].split(',').map((a) => a.trim());
    if (name === 'top' || name === 'bottom') {
      const [count, offset = '0'] = args;
      if (args.length > 2 || !COUNT_RE.test(count) || !OFFSET_RE.test(offset)) throw bad(dimension, text);
      if (Number(count) > MAX_COUNT || Number(offset) > MAX_COUNT) throw bad(dimension, text);
      return { kind: name, count: Number(count), offset: Number(offset) };
    }
    if (name === 'range') {
      if (args.length !== 2 || !args.every((a) => CODE_RE.test(a))) throw bad(dimension, text);
      return { kind: 'range', from: args[0], to: args[1] };
    }
    if (args.length !== 1 || !CODE_RE.test(args[0])) throw bad(dimension, text);
    return { kind: name, code: args[0] };
  }
  if (/[()\s,]/.test(text)) throw bad(dimension, text);
  if (text.includes('*') || text.includes('?')) {
    const stars = text.split('*').length - 1;
    const inner = text.slice(1, -1);
    // As PxWebApi: at most two stars, and only at the start and/or the end.
    if (
      stars > 2 ||
      inner.includes('*') ||
      (stars === 2 && (inner === '' || !(text.startsWith('*') && text.endsWith('*'))))
    )
      throw bad(dimension, text);
    const body = text
      .split('')
      .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}|[\]\\-]/g, '\\$&')))
      .join('');
    return { kind: 'pattern', text, re: new RegExp(`^${body}$`, 'i') };
  }
  return { kind: 'code', code: text };
}

/** Parses a dimension's selection: a comma list (GET) or a list of single items (POST). */
export function parseSelection(dimension: string, input: string | string[]): SelectionItem[] {
  const parts = Array.isArray(input)
    ? input.flatMap((s) => splitItems(dimension, s))
    : splitItems(dimension, input);
  return parts.map((p) => parseItem(dimension, p));
}

/** Index of a code in the list: exact first, then ignoring case (codes are case-insensitive in PxWeb). */
function indexOfCode(dimension: string, codes: readonly string[], code: string): number {
  let i = codes.indexOf(code);
  if (i < 0) {
    const lower = code.toLowerCase();
    i = codes.findIndex((c) => c.toLowerCase() === lower);
  }
  if (i < 0) throw new OpendataInputError('unknown_code', { dimension, code });
  return i;
}

/**
 * The codes a selection names, in the list's order, each once. `isTime` makes top/bottom count
 * from the most recent end, as PxWeb does for its time variable. A selection naming nothing is an
 * error: an empty cube is never what the caller meant.
 */
export function resolveSelection(
  dimension: string,
  items: SelectionItem[],
  codes: readonly string[],
  isTime: boolean,
): string[] {
  const picked = new Uint8Array(codes.length);
  const pick = (from: number, to: number) => {
    for (let i = Math.max(0, from); i <= Math.min(codes.length - 1, to); i++) picked[i] = 1;
  };
  const n = codes.length;
  for (const item of items) {
    switch (item.kind) {
      case 'all':
        pick(0, n - 1);
        break;
      case 'code': {
        const i = indexOfCode(dimension, codes, item.code);
        picked[i] = 1;
        break;
      }
      case 'pattern':
        codes.forEach((c, i) => {
          if (item.re.test(c)) picked[i] = 1;
        });
        break;
      case 'top':
        // Time: the most recent `count`, skipping the `offset` newest; otherwise the first ones.
        if (isTime) pick(n - item.offset - item.count, n - item.offset - 1);
        else pick(item.offset, item.offset + item.count - 1);
        break;
      case 'bottom':
        if (isTime) pick(item.offset, item.offset + item.count - 1);
        else pick(n - item.offset - item.count, n - item.offset - 1);
        break;
      case 'from':
        pick(indexOfCode(dimension, codes, item.code), n - 1);
        break;
      case 'to':
        pick(0, indexOfCode(dimension, codes, item.code));
        break;
      case 'range': {
        const a = indexOfCode(dimension, codes, item.from);
        const b = indexOfCode(dimension, codes, item.to);
        pick(Math.min(a, b), Math.max(a, b));
        break;
      }
    }
  }
  const out = codes.filter((_c, i) => picked[i] === 1);
  if (out.length === 0) throw new OpendataInputError('empty_selection', { dimension });
  return out;
}

/** The number of cells a cube of these code lists holds: counted before any value is read. */
export function cellCount(lists: readonly (readonly string[])[]): number {
  return lists.reduce((n, l) => n * l.length, 1);
}
