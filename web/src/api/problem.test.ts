import { describe, expect, it } from 'vitest';
import { withQuery } from './client.ts';
import { ApiProblem, asProblem, issueText, networkProblem, problemFromResponse } from './problem.ts';

describe('problemFromResponse', () => {
  it('keeps the code, both languages and the details of a server problem', () => {
    const p = problemFromResponse(423, {
      code: 'identity.locked',
      message: '账号已锁定',
      messages: { 'zh-CN': '账号已锁定', 'en-US': 'The account is locked' },
      details: { issues: [{ path: 'body.name', message: { 'zh-CN': '必填', 'en-US': 'required' } }] },
    });
    expect(p).toBeInstanceOf(ApiProblem);
    expect(p.status).toBe(423);
    expect(p.code).toBe('identity.locked');
    expect(p.messageIn('en-US')).toBe('The account is locked');
    expect(p.messageIn('zh-CN')).toBe('账号已锁定');
    expect(p.issues().map((i) => issueText(i, 'en-US'))).toEqual(['required']);
  });

  it('falls back to the single message when only one language came back', () => {
    const p = problemFromResponse(400, { code: 'x.y', message: 'only this' });
    expect(p.messageIn('zh-CN')).toBe('only this');
    expect(p.messageIn('en-US')).toBe('only this');
  });

  it('makes a bilingual problem of a non-problem answer', () => {
    const p = problemFromResponse(502, undefined);
    expect(p.code).toBe('http.502');
    expect(p.messageIn('en-US')).toContain('502');
    expect(p.messageIn('zh-CN')).toContain('502');
  });

  it('has a bilingual network problem and wraps anything thrown', () => {
    expect(networkProblem().messageIn('en-US')).toMatch(/server/);
    expect(asProblem(new Error('boom')).messageIn('zh-CN')).toBe('boom');
  });
});

describe('withQuery', () => {
  it('drops empty values and repeats arrays', () => {
    expect(withQuery('/api/x', { q: '', a: 1, b: undefined, c: ['1', '2'] })).toBe('/api/x?a=1&c=1&c=2');
    expect(withQuery('/api/x')).toBe('/api/x');
  });
});
