/**
 * The lexer of the rule language: numbers, strings, identifiers, form references `[B204-1]`
 * and operators, each with its span. Full-width punctuation from a Chinese IME is reported with
 * the half-width character that was meant.
 */
import { RuleSyntaxError, type Span } from './problems.ts';

export type TokenKind = 'num' | 'str' | 'id' | 'form' | 'op' | 'end';
export interface Token {
  kind: TokenKind;
  text: string;
  span: Span;
}

export const KEYWORDS = new Set(['and', 'or', 'not', 'if', 'then', 'true', 'false', 'null']);
const OPS = [
  '<=',
  '>=',
  '!=',
  '==',
  '<>',
  '=',
  '<',
  '>',
  '+',
  '-',
  '*',
  '/',
  '(',
  ')',
  '[',
  ']',
  ',',
  '.',
  ':',
];
/** Full-width punctuation an IME slips in, and what was meant. */
const FULL_WIDTH: Record<string, string> = {
  '（': '(',
  '）': ')',
  '，': ',',
  '：': ':',
  '＝': '=',
  '＜': '<',
  '＞': '>',
  '＋': '+',
  '－': '-',
  '＊': '*',
  '／': '/',
  '．': '.',
  '。': '.',
  '【': '[',
  '】': ']',
  '“': '"',
  '”': '"',
  '‘': "'",
  '’': "'",
};
const FORM_CODE_RE = /^[A-Za-z][A-Za-z0-9]*(-[A-Za-z0-9]+)*$/;

function isIdStart(ch: string) {
  return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || ch === '_';
}
function isDigit(ch: string) {
  return ch >= '0' && ch <= '9';
}

/** Splits a rule into tokens; throws RuleSyntaxError on a character that cannot start one. */
export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i];
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\u3000') {
      i++;
      continue;
    }
    const start = i;
    if (isDigit(ch)) {
      while (isDigit(src[i] ?? '')) i++;
      if (src[i] === '.' && isDigit(src[i + 1] ?? '')) {
        i++;
        while (isDigit(src[i] ?? '')) i++;
      }
      if (isIdStart(src[i] ?? '')) {
        throw new RuleSyntaxError(
          'unexpected_character',
          { start: i, end: i + 1 },
          `数字后不能紧跟“${src[i]}”（不支持科学计数法和单位）`,
          `"${src[i]}" cannot follow a number (no exponents or units)`,
        );
      }
      out.push({ kind: 'num', text: src.slice(start, i), span: { start, end: i } });
      continue;
    }
    if (isIdStart(ch)) {
      while (i < src.length && (isIdStart(src[i]) || isDigit(src[i]))) i++;
      out.push({ kind: 'id', text: src.slice(start, i), span: { start, end: i } });
      continue;
    }
    if (ch === "'" || ch === '"') {
      let value = '';
      i++;
      for (;;) {
        if (i >= src.length || src[i] === '\n') {
          throw new RuleSyntaxError(
            'unterminated_string',
            { start, end: i },
            '字符串缺少结束引号',
            'string is missing its closing quote',
          );
        }
        if (src[i] === '\\' && i + 1 < src.length) {
          value += src[i + 1];
          i += 2;
          continue;
        }
        if (src[i] === ch) break;
        value += src[i++];
      }
      i++;
      out.push({ kind: 'str', text: value, span: { start, end: i } });
      continue;
    }
    if (ch === '[') {
      // `[` then a letter opens a form reference `[B204-1]`; otherwise it opens a list.
      let j = i + 1;
      while (src[j] === ' ') j++;
      if (isIdStart(src[j] ?? '')) {
        const close = src.indexOf(']', j);
        const code = close < 0 ? '' : src.slice(j, close).trim();
        if (close < 0 || !FORM_CODE_RE.test(code)) {
          throw new RuleSyntaxError(
            'unexpected_token',
            { start, end: close < 0 ? src.length : close + 1 },
            '表号引用应形如 [B204-1]B01.current',
            'a form reference looks like [B204-1]B01.current',
          );
        }
        i = close + 1;
        out.push({ kind: 'form', text: code, span: { start, end: i } });
        continue;
      }
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (op) {
      i += op.length;
      const text = op === '==' ? '=' : op === '<>' ? '!=' : op;
      out.push({ kind: 'op', text, span: { start, end: i } });
      continue;
    }
    const meant = FULL_WIDTH[ch];
    throw new RuleSyntaxError(
      'unexpected_character',
      { start, end: start + 1 },
      meant ? `全角字符“${ch}”，请改用半角“${meant}”` : `无法识别的字符“${ch}”`,
      meant ? `full-width "${ch}": use "${meant}" instead` : `unexpected character "${ch}"`,
    );
  }
  out.push({ kind: 'end', text: '', span: { start: src.length, end: src.length } });
  return out;
}
