/**
 * Message templates (提示信息): text with `{expression}` placeholders written in the rule
 * language, filled with the record's values when a rule fails. `{B01.current}` shows a cell with
 * its indicator's decimals; `{growth(...)}` one decimal; `{ratio(...)}` and `/` two; `{expr|3}`
 * chooses the digits. Numbers are grouped by thousands ("1,250.5"); a missing value shows "—".
 * `{{` and `}}` write literal braces. Placeholders are type-checked at import like the rule.
 */

import { type Dec, decToText } from '../../../platform/decimal.ts';
import { checkExpression } from './check.ts';
import { parseExpression } from './parser.ts';
import { problem, type RuleProblem } from './problems.ts';
import type { RecordData } from './record.ts';
import { interpret, type Semantics } from './reference.ts';
import type { FormSchema } from './schema.ts';
import { NA, type Node } from './typed.ts';

export type Lang = 'zh-CN' | 'en-US';

type Part = string | { node: Node; digits: number | null };
export type Template = readonly Part[];

const DIGITS_RE = /\|\s*(\d{1,2})\s*$/;

/** Parses and checks a template; problems carry positions within the template text. */
export function compileTemplate(
  text: string,
  schema: FormSchema,
): { ok: true; template: Template } | { ok: false; problems: RuleProblem[] } {
  const parts: Part[] = [];
  const problems: RuleProblem[] = [];
  let lit = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if ((ch === '{' || ch === '}') && text[i + 1] === ch) {
      lit += ch;
      i += 2;
      continue;
    }
    if (ch === '}') {
      problems.push(
        problem(
          text,
          'unexpected_token',
          { start: i, end: i + 1 },
          '多余的“}”（字面量请写 }}）',
          'stray "}" (write }} for a literal brace)',
        ),
      );
      i++;
      continue;
    }
    if (ch !== '{') {
      lit += ch;
      i++;
      continue;
    }
    const close = findClose(text, i + 1);
    if (close < 0) {
      problems.push(
        problem(
          text,
          'unexpected_token',
          { start: i, end: text.length },
          '“{”缺少对应的“}”',
          '"{" has no matching "}"',
        ),
      );
      break;
    }
    if (lit) parts.push(lit);
    lit = '';
    let inner = text.slice(i + 1, close);
    let digits: number | null = null;
    const m = DIGITS_RE.exec(inner);
    if (m) {
      digits = Number(m[1]);
      inner = inner.slice(0, m.index);
    }
    const base = i + 1;
    const parsed = parseExpression(inner);
    const checked = parsed.ok ? checkExpression(inner, parsed.ast, schema) : parsed;
    if (checked.ok) parts.push({ node: checked.node, digits });
    else {
      for (const p of checked.problems) {
        const at = base + p.offset;
        problems.push(
          problem(text, p.code, { start: at, end: at + p.length }, p.reason['zh-CN'], p.reason['en-US']),
        );
      }
    }
    i = close + 1;
  }
  if (lit) parts.push(lit);
  return problems.length ? { ok: false, problems } : { ok: true, template: parts };
}

/** The `}` closing a placeholder, skipping quoted strings. */
function findClose(text: string, from: number): number {
  let quote: string | null = null;
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '}') return i;
  }
  return -1;
}

/** A number with thousands separators and exactly `digits` decimals (rounded half away from zero). */
export function formatDecimal(d: Dec, digits: number): string {
  const text = decToText(d, digits);
  const negative = text.startsWith('-');
  const body = negative ? text.slice(1) : text;
  const [int, frac] = body.split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${grouped}${frac ? `.${frac}` : ''}`;
}

const MISSING = '—';

/** Fills a template from a record. */
export function renderTemplate(template: Template, data: RecordData, sem: Semantics, lang: Lang): string {
  let out = '';
  for (const part of template) {
    if (typeof part === 'string') {
      out += part;
      continue;
    }
    let v: ReturnType<typeof interpret>;
    try {
      v = interpret(part.node, data, sem);
    } catch {
      v = new NA('', '');
    }
    if (v instanceof NA) out += MISSING;
    else if (typeof v === 'boolean') out += lang === 'zh-CN' ? (v ? '是' : '否') : v ? 'yes' : 'no';
    else if (typeof v === 'string') out += v;
    else out += formatDecimal(v, part.digits ?? (part.node.ty.t === 'number' ? part.node.ty.display : 0));
  }
  return out;
}
