import { describe, expect, it } from 'vitest';
import { SystemInput } from '../../../../src/modules/warning/contract.ts';
import {
  bodyFromDraft,
  checkBoundaries,
  checkCode,
  checkKey,
  checkWatchFrom,
  checkWeight,
  emptySystem,
  fieldOfIssue,
} from './system-form.ts';

describe('signal-system form checks', () => {
  it('wants four increasing decimals, as the server does', () => {
    expect(checkBoundaries(['-5', '0', '10.5', '14'])).toBeNull();
    expect(checkBoundaries(['0', '4', '4', '14'])).toBe('increasing');
    expect(checkBoundaries(['10', '4', '12', '14'])).toBe('increasing');
    expect(checkBoundaries(['0', '4', '1,0', '14'])).toBe('decimal');
    expect(checkBoundaries(['0', '4', '1.1234567', '14'])).toBe('decimal');
    expect(checkBoundaries(['0', '', '10', '14'])).toBe('required');
  });

  it('keeps keys unique, code-shaped and off "composite"', () => {
    const all = ['industry', 'retail', 'industry'];
    expect(checkKey('industry', all)).toBe('keyTwice');
    expect(checkKey('retail', all)).toBeNull();
    expect(checkKey('composite', ['composite'])).toBe('keyReserved');
    expect(checkKey('9lives', ['9lives'])).toBe('key');
    expect(checkKey(' ', [' '])).toBe('required');
  });

  it('checks code, weight and period', () => {
    expect(checkCode('ningbo-macro')).toBeNull();
    expect(checkCode('宁波')).toBe('code');
    expect(checkWeight('2')).toBeNull();
    expect(checkWeight('0')).toBe('weight');
    expect(checkWeight('-1')).toBe('weight');
    expect(checkWeight('two')).toBe('decimal');
    expect(checkWatchFrom('')).toBeNull();
    expect(checkWatchFrom('2026-10')).toBeNull();
    expect(checkWatchFrom('2026-13')).toBe('period');
  });

  it('builds a body the contract accepts, leaving an empty watchFrom out', () => {
    const d = emptySystem();
    d.code = 'test-sys';
    d.nameZh = '测试';
    d.nameEn = 'Test';
    d.indicators[0] = {
      ...d.indicators[0],
      key: 'cpi',
      indicator: 'cpi',
      dims: { region: '330200' },
      boundaries: ['99', '100.5', '103', '104'],
    };
    const body = bodyFromDraft(d, 3);
    expect(body.watchFrom).toBeUndefined();
    expect(SystemInput.parse(body)).toMatchObject({
      version: 3,
      compositeBoundaries: ['16', '20', '33', '40'],
    });
  });

  it('places server issues on their fields', () => {
    expect(fieldOfIssue('indicators[1].boundaries')).toEqual(['indicators', 1, 'boundaries']);
    expect(fieldOfIssue('body.indicators.0.boundaries.2')).toEqual(['indicators', 0, 'boundaries']);
    expect(fieldOfIssue('indicators[0]')).toEqual(['indicators', 0, 'indicator']);
    expect(fieldOfIssue('body.indicators.2.dims.region')).toEqual(['indicators', 2, 'dims', 'region']);
    expect(fieldOfIssue('body.name.en')).toEqual(['nameEn']);
    expect(fieldOfIssue('compositeBoundaries')).toEqual(['compositeBoundaries']);
    expect(fieldOfIssue('indicators')).toEqual(['indicators']);
    expect(fieldOfIssue('version')).toBeNull();
  });
});
