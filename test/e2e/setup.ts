/**
 * Set-up through the API for the browser flows: a signed-in HTTP session (cookie + CSRF token),
 * the period a monthly form reports now, and a form imported, activated, given one expected
 * unit and its review levels. What people do is done in the browser; this only prepares it.
 */
import { expect } from 'vitest';
import { baseUrl, DEMO_PASSWORD } from './browser.ts';

export type Call = (method: string, url: string, body?: unknown) => Promise<{ status: number; body: any }>;

/** Signs in over HTTP; every call sends the session cookie and CSRF token. */
export async function session(username: string): Promise<Call> {
  const res = await fetch(`${baseUrl()}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  expect(res.status, `sign-in of ${username}`).toBe(200);
  const cookie = res.headers.get('set-cookie')!.split(';')[0];
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return async (method, url, body) => {
    const r = await fetch(`${baseUrl()}${url}`, {
      method,
      headers: {
        cookie,
        'x-csrf-token': csrfToken,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : null };
  };
}

/** The month before this one in Beijing time: the period a monthly form reports now. */
export function reportingPeriod(now = new Date()): string {
  const bj = new Date(now.getTime() + 8 * 3_600_000);
  const y = bj.getUTCFullYear();
  const m = bj.getUTCMonth(); // 0-based this month = 1-based last month
  return m === 0 ? `${y - 1}-12` : `${y}-${String(m).padStart(2, '0')}`;
}

/**
 * Imports and activates a form definition as the designer; optionally adds one unit to its
 * scope by hand (with a scope rule nobody meets, that unit is the only reporter) and sets the
 * review levels. Returns the form's id.
 */
export async function setUpForm(
  designer: Call,
  definition: unknown,
  opts: { onlyUnit?: string; fromPeriod?: string; levels?: readonly string[] } = {},
): Promise<string> {
  const imported = await designer('POST', '/api/surveys/definitions', definition);
  expect(imported.status, JSON.stringify(imported.body)).toBe(201);
  const activated = await designer('POST', `/api/surveys/versions/${imported.body.id}/activate`);
  expect(activated.status, JSON.stringify(activated.body)).toBe(200);
  const formId: string = activated.body.formId;
  if (opts.onlyUnit) {
    const added = await designer('POST', `/api/surveys/forms/${formId}/scope/overrides`, {
      unitId: opts.onlyUnit,
      action: 'add',
      reason: '浏览器测试：唯一应报单位',
      fromPeriod: opts.fromPeriod ?? '2020-01',
    });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
  }
  if (opts.levels) {
    const levels = await designer('PUT', `/api/review/forms/${formId}/levels`, { levels: opts.levels });
    expect(levels.status, JSON.stringify(levels.body)).toBe(200);
  }
  return formId;
}
