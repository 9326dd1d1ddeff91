/**
 * Promises every endpoint keeps: declared schemas in the OpenAPI document, sign-in required
 * unless a route is explicitly public, and no input — however hostile — produces a 500.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Client, type TestApp } from '../support/test-app.ts';

let t: TestApp;
let admin: Client;
beforeAll(async () => {
  t = await buildTestApp();
  admin = await t.as('admin');
});
afterAll(async () => {
  await t?.close();
});

const concrete = (url: string) =>
  url.replace(/:(\w+)/g, (_m, name: string) =>
    /id$/i.test(name) ? '00000000-0000-4000-8000-000000000000' : 'X1',
  );

describe('the HTTP contract', () => {
  it('reports health: engine and migration state', async () => {
    const res = await t.anonymous.get('/api/health');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.status).toBe('ok');
    expect(body.database.engine).toBe(process.env.DATABASE_URL ? 'postgres' : 'pglite');
    expect(body.database.migrations.pending).toEqual([]);
    expect(body.database.migrations.applied).toBeGreaterThan(2);
  });

  it('serves an OpenAPI document listing every API route with a response schema', async () => {
    const res = await t.anonymous.get('/api/docs/json');
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    const apiRoutes = t.app.routeList.filter(
      (r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs'),
    );
    expect(apiRoutes.length).toBeGreaterThan(5);
    for (const r of apiRoutes) {
      const path = r.url.replace(/:(\w+)/g, '{$1}');
      expect(doc.paths[path]?.[r.method.toLowerCase()], `${r.method} ${r.url} in OpenAPI`).toBeTruthy();
      expect(r.hasResponseSchema, `${r.method} ${r.url} declares a response schema`).toBe(true);
    }
    const page = await t.anonymous.get('/api/docs');
    expect([200, 302]).toContain(page.statusCode);
  });

  it('requires sign-in on every non-public endpoint', async () => {
    const routes = t.app.routeList.filter(
      (r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs') && !r.public,
    );
    for (const r of routes) {
      const res = await t.anonymous.request({ method: r.method as any, url: concrete(r.url), payload: {} });
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(401);
      expect(res.json().code).toBe('request.unauthenticated');
    }
  });

  it('answers hostile input with a 4xx and a bilingual problem, never a 500', async () => {
    const routes = t.app.routeList.filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs'));
    const bodies: unknown[] = [
      'not json',
      { unexpected: true },
      [],
      { username: { $gt: '' }, id: "1' or '1'='1", page: -1, pageSize: 1e9, version: 'x' },
      'null',
    ];
    for (const r of routes) {
      for (const body of bodies) {
        const res = await admin.request({
          method: r.method as any,
          url: `${concrete(r.url)}?page=-5&pageSize=abc&id=%00`,
          payload: typeof body === 'string' ? body : JSON.stringify(body),
          headers: { 'content-type': 'application/json' },
        });
        expect(
          res.statusCode,
          `${r.method} ${r.url} with ${JSON.stringify(body)}: ${res.body.slice(0, 300)}`,
        ).toBeLessThan(500);
        if (res.statusCode >= 400) {
          const problem = res.json();
          expect(problem.code, `${r.method} ${r.url}`).toMatch(/^[a-z_]+\.[a-z_]+$/);
          expect(problem.messages['zh-CN']).toBeTruthy();
          expect(problem.messages['en-US']).toBeTruthy();
        }
      }
    }
  });

  it('answers unknown routes with a problem in the asked language', async () => {
    const zh = await t.anonymous.get('/api/no-such-thing');
    expect(zh.statusCode).toBe(404);
    expect(zh.json().message).toContain('找不到');
    const en = await t.anonymous.get('/api/no-such-thing', { 'accept-language': 'en-US,en;q=0.9' });
    expect(en.json().message).toContain('No such address');
  });
});
