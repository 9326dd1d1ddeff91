/**
 * The fetch client: JSON in and out, the CSRF token on every write (cookie sessions need it),
 * problems thrown as ApiProblem, and a 401 on a signed-in page sending the person to sign-in.
 */
import { ApiProblem, networkProblem, problemFromResponse } from './problem.ts';

let csrfToken: string | null = null;
let onUnauthenticated: (() => void) | null = null;

/** Remembers the session's CSRF token (from `/api/auth/me` or sign-in). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called on a 401 from any request that expects a session. */
export function setUnauthenticatedHandler(handler: (() => void) | null): void {
  onUnauthenticated = handler;
}

export type Query = Record<string, string | number | boolean | null | undefined | readonly string[]>;

/** `/path?a=1&b=x`, leaving out empty values; arrays repeat the key. */
export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) for (const x of v) p.append(k, x);
    else p.append(k, String(v));
  }
  const s = p.toString();
  return s ? `${path}?${s}` : path;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Query;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as multipart (file uploads). */
  form?: FormData;
  /** Sent verbatim as text (e.g. a YAML definition), with this content type. */
  text?: { body: string; contentType: string };
  /** false: a 401 is an ordinary error (sign-in, the first `/me`). */
  session?: boolean;
  signal?: AbortSignal;
}

/** Calls the API and returns the parsed JSON (or undefined for an empty body). */
export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const method = opts.method ?? (opts.body !== undefined || opts.form || opts.text ? 'POST' : 'GET');
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: BodyInit | undefined;
  if (opts.form) body = opts.form;
  else if (opts.text) {
    headers['content-type'] = opts.text.contentType;
    body = opts.text.body;
  } else if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(withQuery(path, opts.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: opts.signal,
    });
  } catch (e) {
    if ((e as Error)?.name === 'AbortError') throw e;
    throw networkProblem();
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    const problem = problemFromResponse(res.status, json);
    if (res.status === 401 && opts.session !== false) onUnauthenticated?.();
    throw problem;
  }
  return json as T;
}

/** Downloads a file from the API (export, template) through the browser. */
export async function download(path: string, query?: Query): Promise<void> {
  const res = await fetch(withQuery(path, query), { credentials: 'same-origin' }).catch(() => {
    throw networkProblem();
  });
  if (!res.ok) {
    let json: unknown;
    try {
      json = await res.json();
    } catch {}
    if (res.status === 401) onUnauthenticated?.();
    throw problemFromResponse(res.status, json);
  }
  const blob = await res.blob();
  const disposition = res.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  const name = star ? decodeURIComponent(star[1]) : plain ? plain[1] : path.split('/').pop() || 'download';
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export { ApiProblem };
