import { describe, expect, it } from 'vitest';
import { allowedActions, nextStatus } from './workflow.ts';

describe('article workflow', () => {
  it('gives each role the actions of its part of the work', () => {
    expect(allowedActions('editor', 'draft', false)).toEqual(['submit']);
    expect(allowedActions('editor', 'in_review', false)).toEqual([]);
    expect(allowedActions('publisher', 'in_review', false)).toEqual(['approve', 'return']);
    expect(allowedActions('publisher', 'approved', false)).toEqual(['return', 'publish']);
    expect(allowedActions('admin', 'published', true)).toEqual(['withdraw']);
    // A new draft of a public article: the public copy can still be withdrawn.
    expect(allowedActions('publisher', 'draft', true)).toEqual(['submit', 'withdraw']);
    expect(allowedActions('editor', 'published', true)).toEqual([]);
    expect(allowedActions('city_statistician', 'draft', false)).toEqual([]);
  });

  it('withdrawing a public copy leaves a newer draft a draft', () => {
    expect(nextStatus('withdraw', 'published')).toBe('withdrawn');
    expect(nextStatus('withdraw', 'draft')).toBe('draft');
    expect(nextStatus('return', 'approved')).toBe('draft');
  });
});
