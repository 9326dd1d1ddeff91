import { describe, expect, it } from 'vitest';
import { nextStatuses, statusChangeBody, statusDateKind } from './status.ts';

describe('unit status changes', () => {
  it('says what the date means', () => {
    expect(statusDateKind('active', 'exited')).toBe('exit');
    expect(statusDateKind('suspended', 'exited')).toBe('exit');
    expect(statusDateKind('exited', 'active')).toBe('entry');
    expect(statusDateKind('exited', 'suspended')).toBe('entry');
    expect(statusDateKind('active', 'suspended')).toBeNull();
    expect(statusDateKind('suspended', 'active')).toBeNull();
  });

  it('offers every status but the current one', () => {
    expect(nextStatuses('active')).toEqual(['suspended', 'exited']);
    expect(nextStatuses('exited')).toEqual(['active', 'suspended']);
  });

  it('sends the version, the date only where it counts, and a trimmed reason', () => {
    const unit = { status: 'active' as const, version: 3 };
    expect(statusChangeBody(unit, { status: 'exited', date: '2026-03-31', reason: ' 注销 ' })).toEqual({
      version: 3,
      status: 'exited',
      date: '2026-03-31',
      reason: '注销',
    });
    expect(statusChangeBody(unit, { status: 'suspended', date: '2026-03-31', reason: '  ' })).toEqual({
      version: 3,
      status: 'suspended',
    });
    expect(
      statusChangeBody({ status: 'exited', version: 5 }, { status: 'active', date: '2026-04-01' }),
    ).toEqual({ version: 5, status: 'active', date: '2026-04-01' });
  });
});
