/**
 * Problems found in a rule (审核公式错误): a stable code, where (1-based line and column, plus the
 * offset and length for an editor to underline) and why, in zh-CN and en-US. A rule with a
 * problem is rejected at import, so the designer sees every one of them at once.
 */

export type RuleProblemCode =
  | 'unexpected_character'
  | 'unterminated_string'
  | 'unexpected_token'
  | 'unknown_function'
  | 'unknown_cell'
  | 'unknown_form'
  | 'unknown_attribute'
  | 'wrong_argument_count'
  | 'type_mismatch'
  | 'not_boolean'
  | 'invalid_range'
  | 'invalid_argument'
  | 'nested_period'
  | 'no_ytd'
  | 'null_comparison';

export interface LocalMessage {
  'zh-CN': string;
  'en-US': string;
}

export interface RuleProblem {
  code: RuleProblemCode;
  /** 1-based line of the expression (or message template) text. */
  line: number;
  /** 1-based column, counted in UTF-16 code units like every JS editor. */
  column: number;
  offset: number;
  length: number;
  /** The reason with its position, ready to show. */
  message: LocalMessage;
  /** The reason alone. */
  reason: LocalMessage;
  /** Set by compileRuleSet: which rule, and `expr` or `message.zh` / `message.en`. */
  ruleId?: string;
  field?: string;
}

/** Where an AST node or token sits in the source (half-open offsets). */
export interface Span {
  start: number;
  end: number;
}

/** A problem thrown by the lexer and parser (the checker collects them instead). */
export class RuleSyntaxError extends Error {
  constructor(
    readonly code: RuleProblemCode,
    readonly span: Span,
    readonly zh: string,
    readonly en: string,
  ) {
    super(en);
  }
}

/** 1-based line and column of an offset. */
export function lineColumn(source: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < source.length; i++) {
    if (source[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

export function problem(
  source: string,
  code: RuleProblemCode,
  span: Span,
  zh: string,
  en: string,
): RuleProblem {
  const { line, column } = lineColumn(source, span.start);
  return {
    code,
    line,
    column,
    offset: span.start,
    length: Math.max(1, span.end - span.start),
    message: {
      'zh-CN': `第 ${line} 行第 ${column} 列：${zh}`,
      'en-US': `line ${line}, column ${column}: ${en}`,
    },
    reason: { 'zh-CN': zh, 'en-US': en },
  };
}
