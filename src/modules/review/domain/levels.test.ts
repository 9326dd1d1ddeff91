import { describe, expect, it } from 'vitest';
import { configuredLevel, DEFAULT_LEVELS, decide, effectiveState, nextLevel, validLevels } from './levels.ts';
import { inDivision, violationState } from './violations.ts';

describe('review levels', () => {
  it('accepts distinct levels lowest first only', () => {
    expect(validLevels(['township', 'county', 'city'])).toBe(true);
    expect(validLevels(['county', 'city'])).toBe(true);
    expect(validLevels(['city'])).toBe(true);
    expect(validLevels([])).toBe(false);
    expect(validLevels(['city', 'county'])).toBe(false);
    expect(validLevels(['county', 'county'])).toBe(false);
    expect(validLevels(['province'])).toBe(false);
  });

  it('climbs and knows the top', () => {
    expect(nextLevel(DEFAULT_LEVELS, 'township')).toBe('county');
    expect(nextLevel(DEFAULT_LEVELS, 'city')).toBeNull();
    // Reconfigured while under review: a stored level no longer configured moves up.
    expect(configuredLevel(['county', 'city'], 'township')).toBe('county');
    expect(configuredLevel(['township', 'city'], 'county')).toBe('city');
  });

  it('starts a new round at the first level when a returned form is submitted again', () => {
    const stored = { level: 'township', status: 'returned', round: 1, version: 4 } as const;
    expect(effectiveState('returned', stored, DEFAULT_LEVELS)).toMatchObject({
      status: 'returned',
      round: 1,
    });
    expect(effectiveState('submitted', stored, DEFAULT_LEVELS)).toEqual({
      level: 'township',
      status: 'pending',
      round: 2,
      version: 4,
    });
    expect(effectiveState('submitted', undefined, ['county', 'city'])).toMatchObject({
      level: 'county',
      version: 0,
    });
  });

  it('decides: approve up or final, return to the unit, return only to a lower configured level', () => {
    const at = (level: 'township' | 'county' | 'city') =>
      ({ level, status: 'pending', round: 1, version: 1 }) as const;
    expect(decide(DEFAULT_LEVELS, at('county'), { kind: 'approve' })).toEqual({
      ok: true,
      next: { level: 'city', status: 'pending' },
      final: false,
    });
    expect(decide(DEFAULT_LEVELS, at('city'), { kind: 'approve' })).toMatchObject({ ok: true, final: true });
    expect(decide(DEFAULT_LEVELS, at('city'), { kind: 'return_to_unit', reason: 'x' })).toMatchObject({
      next: { status: 'returned' },
    });
    expect(
      decide(DEFAULT_LEVELS, at('county'), { kind: 'return_to_level', level: 'city', reason: 'x' }),
    ).toEqual({
      ok: false,
      why: 'not_lower_level',
    });
    expect(
      decide(['county', 'city'], at('city'), { kind: 'return_to_level', level: 'township', reason: 'x' }).ok,
    ).toBe(false);
    expect(decide(DEFAULT_LEVELS, { ...at('city'), status: 'approved' }, { kind: 'approve' })).toEqual({
      ok: false,
      why: 'not_pending',
    });
  });
});

describe('violation state', () => {
  it('follows explanation and verdict; a rewritten explanation is judged afresh', () => {
    expect(violationState(true, null, undefined)).toBe('open');
    expect(violationState(true, '说明', undefined)).toBe('explained');
    expect(violationState(true, '说明', { verdict: 'accepted', explanation: '说明' })).toBe('accepted');
    expect(violationState(true, '说明', { verdict: 'rejected', explanation: '说明' })).toBe('open');
    expect(violationState(true, '新说明', { verdict: 'rejected', explanation: '说明' })).toBe('explained');
    expect(violationState(false, null, undefined)).toBe('corrected');
  });

  it('places a township in divisions of every level', () => {
    expect(inDivision('330203001', '330200')).toBe(true);
    expect(inDivision('330203001', '330203')).toBe(true);
    expect(inDivision('330203001', '330203001')).toBe(true);
    expect(inDivision('330206001', '330203')).toBe(false);
  });
});
