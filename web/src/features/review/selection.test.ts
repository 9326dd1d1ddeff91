import { describe, expect, it } from 'vitest';
import {
  allowedActions,
  compactParams,
  defaultPeriod,
  levelOfRole,
  lowerLevels,
  orderLevels,
  ruleValues,
  stateLabel,
  validLevels,
} from './selection.ts';

describe('the period a reviewer starts on', () => {
  const items = [
    { period: '2026-09', end: '2026-09-30', versionId: 'v1' },
    { period: '2026-10', end: '2026-10-31', versionId: 'v1' },
    { period: '2026-11', end: '2026-11-30', versionId: 'v1' },
    { period: '2026-12', end: '2026-12-31', versionId: null },
  ];
  it('is the latest period that has ended and has a version in force', () => {
    expect(defaultPeriod(items, '2026-11-25')).toBe('2026-10');
    expect(defaultPeriod(items, '2026-12-01')).toBe('2026-11');
  });
  it('falls back to the latest with a version, and to nothing', () => {
    expect(defaultPeriod(items, '2020-01-01')).toBe('2026-11');
    expect(defaultPeriod([], '2026-11-25')).toBeUndefined();
  });
});

describe('what a reviewer may do', () => {
  const three = ['township', 'county', 'city'];
  it('maps roles to levels', () => {
    expect(levelOfRole('county_statistician')).toBe('county');
    expect(levelOfRole('designer')).toBeNull();
  });

  it('decides only at its own level, returning to the unit or a configured lower level', () => {
    expect(allowedActions('county', false, three, { level: 'county', status: 'pending' })).toEqual({
      decide: true,
      reopen: false,
      returnTo: ['township'],
    });
    expect(allowedActions('township', false, three, { level: 'county', status: 'pending' }).decide).toBe(
      false,
    );
    expect(
      allowedActions('city', false, ['county', 'city'], { level: 'city', status: 'pending' }).returnTo,
    ).toEqual(['county']);
    expect(lowerLevels(three, 'township')).toEqual([]);
  });

  it('reopens only at the top level, after approval', () => {
    expect(allowedActions('city', false, three, { level: 'city', status: 'approved' }).reopen).toBe(true);
    expect(allowedActions('county', false, three, { level: 'city', status: 'approved' }).reopen).toBe(false);
    expect(
      allowedActions('county', false, ['township', 'county'], { level: 'county', status: 'approved' }).reopen,
    ).toBe(true);
    expect(allowedActions(null, true, three, { level: 'city', status: 'approved' }).reopen).toBe(true);
  });

  it('names the state', () => {
    expect(stateLabel({ level: 'county', status: 'pending' })).toEqual({
      key: 'review.state.pending.county',
      tone: 'info',
    });
    expect(stateLabel({ level: 'township', status: 'returned' }).key).toBe('review.state.returned');
    expect(stateLabel({ level: 'city', status: 'approved' }).tone).toBe('success');
  });
});

describe('review levels', () => {
  it('are 1–3 distinct levels, lowest first', () => {
    expect(validLevels(['township', 'county', 'city'])).toBe(true);
    expect(validLevels(['county'])).toBe(true);
    expect(validLevels([])).toBe(false);
    expect(validLevels(['city', 'county'])).toBe(false);
    expect(validLevels(['county', 'county'])).toBe(false);
    expect(orderLevels(['city', 'township'])).toEqual(['township', 'city']);
  });
});

describe('small helpers', () => {
  it('keeps only set, non-default URL parameters', () => {
    expect(compactParams({ a: 'x', b: '', c: undefined, page: 1, size: 20 }, { page: 1, size: 50 })).toEqual({
      a: 'x',
      size: '20',
    });
  });
  it('lists a rule’s values by cell, missing as a dash', () => {
    expect(ruleValues({ 'B.current': null, 'A.current': '5' })).toEqual([
      { cell: 'A.current', value: '5' },
      { cell: 'B.current', value: '—' },
    ]);
  });
});
