/**
 * A unit's status change (active / suspended / exited) as the server takes it: which date the
 * change carries and the request body. Pure, so it is unit-tested without a browser.
 */
import type { StatusChange, Unit } from './api.ts';
import { UNIT_STATUSES } from './labels.ts';

export type UnitStatus = Unit['status'];

/**
 * What the date of a change means: the exit date when a unit leaves the register, a new entry
 * date when an exited unit comes back (重新纳入), none otherwise (the server ignores it).
 */
export function statusDateKind(from: UnitStatus, to: UnitStatus): 'exit' | 'entry' | null {
  if (to === 'exited') return 'exit';
  if (from === 'exited') return 'entry';
  return null;
}

/** The statuses a unit can move to (any but its own). */
export function nextStatuses(from: UnitStatus): UnitStatus[] {
  return UNIT_STATUSES.filter((s) => s !== from);
}

/** The request body: the version read (optimistic locking), the date only where it means something. */
export function statusChangeBody(
  unit: Pick<Unit, 'status' | 'version'>,
  values: { status: UnitStatus; date?: string | null; reason?: string | null },
): StatusChange {
  const body: StatusChange = { version: unit.version, status: values.status };
  if (values.date && statusDateKind(unit.status, values.status)) body.date = values.date;
  const reason = values.reason?.trim();
  if (reason) body.reason = reason;
  return body;
}
