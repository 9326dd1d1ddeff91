/**
 * Problems as the web app sees them: the server's `{ code, message, messages, details }` body,
 * or one made up here for network failures and non-JSON answers. Pure, so it is unit-tested.
 */
import type { Locale } from '../i18n/format.ts';
import { translate } from '../i18n/i18n.tsx';

export type Bilingual = Record<Locale, string>;

/** One issue of a validation problem (path plus message in both languages). */
export interface ProblemIssue {
  path: string;
  message: string | Bilingual;
  code?: string;
}

export class ApiProblem extends Error {
  readonly code: string;
  readonly status: number;
  readonly messages: Bilingual;
  readonly details: unknown;

  constructor(status: number, code: string, messages: Bilingual, details?: unknown) {
    super(messages['en-US']);
    this.name = 'ApiProblem';
    this.status = status;
    this.code = code;
    this.messages = messages;
    this.details = details;
  }

  /** The message in the chosen language. */
  messageIn(locale: Locale): string {
    return this.messages[locale] || this.messages['zh-CN'] || this.messages['en-US'];
  }

  /** Validation issues in `details.issues` or `details.errors`, if any. */
  issues(): ProblemIssue[] {
    const d = this.details as { issues?: unknown; errors?: unknown } | undefined;
    const list = Array.isArray(d?.issues) ? d.issues : Array.isArray(d?.errors) ? d.errors : [];
    return list.filter(
      (i): i is ProblemIssue => typeof i === 'object' && i !== null && 'path' in i && 'message' in i,
    );
  }
}

/** The text of an issue's message in a language (issues carry one or both languages). */
export function issueText(issue: ProblemIssue, locale: Locale): string {
  return typeof issue.message === 'string' ? issue.message : issue.message[locale] || issue.message['zh-CN'];
}

function both(key: Parameters<typeof translate>[1], params?: Record<string, unknown>): Bilingual {
  return { 'zh-CN': translate('zh-CN', key, params), 'en-US': translate('en-US', key, params) };
}

/** Builds the problem for an HTTP answer that was not 2xx, whatever its body. */
export function problemFromResponse(status: number, body: unknown): ApiProblem {
  if (body && typeof body === 'object' && typeof (body as any).code === 'string') {
    const b = body as { code: string; message?: unknown; messages?: Partial<Bilingual>; details?: unknown };
    const fallback = typeof b.message === 'string' ? b.message : b.code;
    return new ApiProblem(
      status,
      b.code,
      {
        'zh-CN': b.messages?.['zh-CN'] ?? fallback,
        'en-US': b.messages?.['en-US'] ?? fallback,
      },
      b.details,
    );
  }
  return new ApiProblem(status, `http.${status}`, both('error.http', { status }));
}

/** The problem for a request that never got an answer. */
export function networkProblem(): ApiProblem {
  return new ApiProblem(0, 'network', both('error.network'));
}

/** Any thrown value as a problem (so the UI has one way to show errors). */
export function asProblem(e: unknown): ApiProblem {
  if (e instanceof ApiProblem) return e;
  const text = e instanceof Error ? e.message : String(e);
  return new ApiProblem(0, 'client', { 'zh-CN': text, 'en-US': text });
}
