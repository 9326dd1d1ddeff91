/**
 * Problems: errors as values with a stable code, an HTTP status and a message in zh-CN and en-US
 * (`{ code: "registry.unit_not_found", message, messages, details }`). Modules declare theirs with
 * `defineProblems`; one handler in http.ts turns them into responses.
 */
import { type Bilingual, interpolate, type Locale } from './i18n.ts';

export interface ProblemSpec {
  status: number;
  zh: string;
  en: string;
}

export class Problem extends Error {
  readonly code: string;
  readonly status: number;
  readonly templates: Bilingual;
  readonly params: Record<string, unknown> | undefined;
  readonly details: unknown;

  constructor(code: string, spec: ProblemSpec, params?: Record<string, unknown>, details?: unknown) {
    super(interpolate(spec.en, params, 'en-US'));
    this.name = 'Problem';
    this.code = code;
    this.status = spec.status;
    this.templates = { 'zh-CN': spec.zh, 'en-US': spec.en };
    this.params = params;
    this.details = details;
  }

  messageIn(locale: Locale): string {
    return interpolate(this.templates[locale], this.params, locale);
  }

  /** The response body: the message in the asked language, plus both languages. */
  toBody(locale: Locale) {
    return {
      code: this.code,
      message: this.messageIn(locale),
      messages: {
        'zh-CN': this.messageIn('zh-CN'),
        'en-US': this.messageIn('en-US'),
      },
      ...(this.details === undefined ? {} : { details: this.details }),
    };
  }
}

type Factory = (params?: Record<string, unknown>, details?: unknown) => Problem;

/**
 * Declares a module's problems. `const problems = defineProblems('registry', { unit_not_found: {...} })`
 * then `throw problems.unit_not_found({ id })`.
 */
export function defineProblems<K extends string>(
  module: string,
  specs: Record<K, ProblemSpec>,
): Record<K, Factory> & { codes: Record<K, string> } {
  const out = {} as Record<K, Factory> & { codes: Record<K, string> };
  const codes = {} as Record<K, string>;
  for (const key of Object.keys(specs) as K[]) {
    const code = `${module}.${key}`;
    codes[key] = code;
    out[key] = ((params?: Record<string, unknown>, details?: unknown) =>
      new Problem(code, specs[key], params, details)) as any;
  }
  out.codes = codes;
  return out;
}

/** Problems every module may raise. */
export const commonProblems = defineProblems('request', {
  invalid: { status: 400, zh: '请求内容有误：{summary}', en: 'The request is not valid: {summary}' },
  malformed_json: {
    status: 400,
    zh: '请求内容不是有效的 JSON',
    en: 'The request body is not valid JSON',
  },
  malformed_upload: {
    status: 400,
    zh: '上传内容不完整或格式错误（{reason}），请重新上传',
    en: 'The upload is incomplete or malformed ({reason}); please upload again',
  },
  unsupported_media_type: {
    status: 415,
    zh: '不支持的内容类型：{type}',
    en: 'Unsupported content type: {type}',
  },
  too_large: {
    status: 413,
    zh: '请求内容过大（上限 {limit} 字节）',
    en: 'The request body is too large (limit {limit} bytes)',
  },
  not_found: { status: 404, zh: '找不到该地址：{url}', en: 'No such address: {url}' },
  unauthenticated: { status: 401, zh: '请先登录', en: 'Please sign in first' },
  forbidden: { status: 403, zh: '您没有执行此操作的权限', en: 'You are not allowed to do this' },
  csrf: {
    status: 403,
    zh: '安全校验失败（缺少或错误的 CSRF 令牌），请刷新页面后重试',
    en: 'Security check failed (missing or wrong CSRF token); reload the page and try again',
  },
  conflict: {
    status: 409,
    zh: '数据已被他人修改，请刷新后重试',
    en: 'Someone else changed this record; reload and try again',
  },
  rate_limited: { status: 429, zh: '请求过于频繁，请稍后再试', en: 'Too many requests; try again later' },
  internal: {
    status: 500,
    zh: '服务器内部错误，已记录（编号 {id}）',
    en: 'Internal server error, logged (reference {id})',
  },
});
