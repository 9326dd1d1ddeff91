import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, TEST_PASSWORD, type TestApp } from '../../../test/support/test-app.ts';
import { checkPasswordRules, hashPassword, verifyPassword } from './domain/password.ts';

describe('password domain', () => {
  it('hashes with scrypt and verifies', async () => {
    const h = await hashPassword('Correct-horse-9');
    expect(h.startsWith('scrypt$16384$8$1$')).toBe(true);
    expect(await verifyPassword('Correct-horse-9', h)).toBe(true);
    expect(await verifyPassword('correct-horse-9', h)).toBe(false);
    expect(await verifyPassword('x', 'garbage')).toBe(false);
  });
  it('applies the password rules', () => {
    expect(checkPasswordRules('short1A', 'bob')).toContain('too_short');
    expect(checkPasswordRules('alllowercaseletters', 'bob')).toContain('too_simple');
    expect(checkPasswordRules('Alice-2026-pass', 'alice')).toContain('contains_username');
    expect(checkPasswordRules('Good-Pass-2026', 'bob')).toEqual([]);
  });
});

describe('identity over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ LOCKOUT_THRESHOLD: '3' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('signs in, sets an httpOnly SameSite cookie, and reports the session', async () => {
    await t.modules.identity.api.service.createAccount(null, {
      username: 'designer1',
      displayName: 'D',
      role: 'designer',
      password: TEST_PASSWORD,
    });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { username: 'designer1', password: TEST_PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { cookie: `tongji_session=${res.cookies[0].value}` },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json().account.role).toBe('designer');
    expect(me.json().csrfToken).toBe(res.json().csrfToken);
  });

  it('rejects wrong passwords in both languages and audits the failure', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { username: 'designer1', password: 'nope' },
      headers: { 'accept-language': 'en-US' },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({
      code: 'identity.bad_credentials',
      message: 'Wrong username or password',
      messages: { 'zh-CN': '用户名或密码错误' },
    });
    const events = await t.database.db
      .selectFrom('audit.events')
      .selectAll()
      .where('action', '=', 'sign_in.failed')
      .execute();
    expect(events.some((e: any) => e.details.username === 'designer1')).toBe(true);
  });

  it('locks an account after repeated failures, even for the right password', async () => {
    await t.modules.identity.api.service.createAccount(null, {
      username: 'victim',
      displayName: 'V',
      role: 'designer',
      password: TEST_PASSWORD,
    });
    for (let i = 0; i < 3; i++) {
      const r = await t.anonymous.post('/api/auth/sign-in', { username: 'victim', password: 'wrong-guess' });
      expect(r.statusCode).toBe(401);
    }
    const locked = await t.anonymous.post('/api/auth/sign-in', {
      username: 'victim',
      password: TEST_PASSWORD,
    });
    expect(locked.statusCode).toBe(423);
    expect(locked.json().code).toBe('identity.locked');
    const admin = await t.as('admin');
    const acc = (await admin.get('/api/accounts?q=victim')).json().items[0];
    expect(acc.locked).toBe(true);
    const unlocked = await admin.patch(`/api/accounts/${acc.id}`, { version: acc.version, unlock: true });
    expect(unlocked.statusCode).toBe(200);
    expect(
      (await t.anonymous.post('/api/auth/sign-in', { username: 'victim', password: TEST_PASSWORD }))
        .statusCode,
    ).toBe(200);
  });

  it('requires the CSRF token for cookie-authenticated writes', async () => {
    const c = await t.as('designer');
    const without = await c.post('/api/auth/tokens', { name: 'x' }, { 'x-csrf-token': 'wrong' });
    expect(without.statusCode).toBe(403);
    expect(without.json().code).toBe('request.csrf');
    const ok = await c.post('/api/auth/tokens', { name: 'erp' });
    expect(ok.statusCode).toBe(201);
  });

  it('issues API tokens stored hashed, usable as Bearer, revocable', async () => {
    const c = await t.as('designer');
    const created = (await c.post('/api/auth/tokens', { name: 'ERP' })).json();
    expect(created.token).toMatch(/^tj_/);
    const stored = await t.database.db
      .selectFrom('identity.api_tokens')
      .selectAll()
      .where('id', '=', created.id)
      .executeTakeFirst();
    expect(stored?.token_hash).not.toContain(created.token);
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { authorization: `Bearer ${created.token}` },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json().account.username).toBe(c.username);
    // Bearer writes need no CSRF token.
    const write = await t.app.inject({
      method: 'POST',
      url: '/api/auth/tokens',
      headers: { authorization: `Bearer ${created.token}` },
      payload: { name: 'second' },
    });
    expect(write.statusCode).toBe(201);
    expect((await c.delete(`/api/auth/tokens/${created.id}`)).statusCode).toBe(200);
    const after = await t.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { authorization: `Bearer ${created.token}` },
    });
    expect(after.statusCode).toBe(401);
    // Another account cannot revoke (or learn of) someone else's token: 404.
    const other = await t.as('designer');
    const tok2 = (await c.post('/api/auth/tokens', { name: 'third' })).json();
    expect((await other.delete(`/api/auth/tokens/${tok2.id}`)).statusCode).toBe(404);
  });

  it('refuses a token at once when its account is disabled, though the token was just used', async () => {
    const admin = await t.as('admin');
    const c = await t.as('designer');
    const created = (await c.post('/api/auth/tokens', { name: 'ERP' })).json();
    const me = () =>
      t.app.inject({
        method: 'GET',
        url: '/api/auth/me',
        headers: { authorization: `Bearer ${created.token}` },
      });
    expect((await me()).statusCode).toBe(200);
    expect((await me()).statusCode).toBe(200);
    const acc = (await admin.get(`/api/accounts/${c.accountId}`)).json();
    const off = await admin.patch(`/api/accounts/${c.accountId}`, { version: acc.version, disabled: true });
    expect(off.statusCode, off.body).toBe(200);
    expect((await me()).statusCode).toBe(401);
  });

  it('expires idle sessions', async () => {
    const c = await t.as('designer');
    await t.database.db
      .updateTable('identity.sessions')
      .set({ last_seen_at: new Date(Date.now() - 31 * 60_000) })
      .where('account_id', '=', c.accountId)
      .execute();
    expect((await c.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('ends other sessions when the password changes, and enforces the rules', async () => {
    const a = await t.as('designer');
    const b = await t.signIn(a.username!);
    const weak = await a.post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'abc' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().code).toBe('identity.weak_password');
    const ok = await a.post('/api/auth/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'New-Secret-2027',
    });
    expect(ok.statusCode).toBe(200);
    expect((await a.get('/api/auth/me')).statusCode).toBe(200);
    expect((await b.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('lets only administrators manage accounts', async () => {
    const d = await t.as('designer');
    expect((await d.get('/api/accounts')).statusCode).toBe(403);
    expect((await t.anonymous.get('/api/accounts')).statusCode).toBe(401);
  });

  it('binds statisticians to offices of their level', async () => {
    const admin = await t.as('admin');
    const bad = await admin.post('/api/accounts', {
      username: 'wrong-level',
      displayName: 'x',
      role: 'county_statistician',
      officeId: 'office-330203001',
      password: TEST_PASSWORD,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('identity.office_level_mismatch');
    const good = await admin.post('/api/accounts', {
      username: 'jiangbei',
      displayName: '江北区统计局',
      role: 'county_statistician',
      officeId: 'office-330205',
      password: TEST_PASSWORD,
    });
    expect(good.statusCode).toBe(201);
    expect(good.json().divisionCode).toBe('330205');
  });

  it('rejects bad input with a clear 4xx and changes nothing', async () => {
    const admin = await t.as('admin');
    const before = (await admin.get('/api/accounts?pageSize=200')).json().total;
    const cases = [
      { username: 'x', displayName: 'y', role: 'designer', password: TEST_PASSWORD },
      { username: 'newone', displayName: 'y', role: 'boss', password: TEST_PASSWORD },
      { username: 'newone', displayName: 'y', role: 'designer', password: TEST_PASSWORD, extra: 1 },
      { username: 'newone', displayName: 'y', role: 'enterprise', password: TEST_PASSWORD },
    ];
    for (const body of cases) {
      const r = await admin.post('/api/accounts', body);
      expect(r.statusCode).toBeGreaterThanOrEqual(400);
      expect(r.statusCode, r.body).toBeLessThan(500);
      expect(r.json().messages['zh-CN']).toBeTruthy();
      expect(r.json().messages['en-US']).toBeTruthy();
    }
    const malformed = await admin.request({
      method: 'POST',
      url: '/api/accounts',
      payload: '{"username":',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().code).toBe('request.malformed_json');
    const huge = await admin.post('/api/accounts', { username: 'a'.repeat(2 * 1024 * 1024) });
    expect(huge.statusCode).toBe(413);
    expect((await admin.get('/api/accounts?pageSize=200')).json().total).toBe(before);
  });

  it('keeps the audit log append-only', async () => {
    await expect(t.database.db.deleteFrom('audit.events').execute()).rejects.toThrow(/append-only/);
    await expect(t.database.db.updateTable('audit.events').set({ action: 'x' }).execute()).rejects.toThrow(
      /append-only/,
    );
  });
});
