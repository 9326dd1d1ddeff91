/**
 * Reads for reporting-rate monitoring (报送率): how the expected reporters of a form and period
 * stand, counted in SQL. The caller hands in the expected units (from the survey system's scope)
 * with their township; they are joined to the submissions as one unnested array, so a city of
 * 100,000 units is one grouped query, not a loop.
 */
import { sql } from 'kysely';
import type { Db } from '../../platform/db.ts';
import { getSetting } from '../../platform/settings.ts';
import { DEFAULT_GRACE_DAYS } from './context.ts';

export interface ExpectedUnit {
  id: string;
  townshipCode: string;
}

/** Status of a unit's report: `not_started` when it has saved nothing. */
export type ReportStatus = 'not_started' | 'draft' | 'submitted' | 'returned' | 'approved';

export interface TownshipTally {
  townshipCode: string;
  status: ReportStatus;
  late: boolean;
  n: number;
}

export interface UnitReport {
  unitId: string;
  status: ReportStatus;
  late: boolean;
  submittedAt: Date | null;
}

const ids = (units: ExpectedUnit[]) => units.map((u) => u.id);
const towns = (units: ExpectedUnit[]) => units.map((u) => u.townshipCode);

export function createMonitoringReads(db: Db) {
  return {
    /** Expected units by township, status and lateness (late only counts for handed-in reports). */
    async tallyByTownship(formId: string, period: string, units: ExpectedUnit[]): Promise<TownshipTally[]> {
      if (!units.length) return [];
      const { rows } = await sql<{ township_code: string; status: ReportStatus; late: boolean; n: number }>`
        select x.township_code,
               coalesce(s.status, 'not_started') as status,
               coalesce(s.late and s.status in ('submitted', 'approved'), false) as late,
               count(*)::int as n
        from unnest(${ids(units)}::uuid[], ${towns(units)}::text[]) as x(unit_id, township_code)
        left join collection.submissions s
          on s.unit_id = x.unit_id and s.form_id = ${formId} and s.period = ${period}
        group by 1, 2, 3`.execute(db);
      return rows.map((r) => ({
        townshipCode: r.township_code,
        status: r.status,
        late: r.late,
        n: Number(r.n),
      }));
    },

    /** Each given unit's report status for a form and period (units without a row: not started). */
    async unitReports(formId: string, period: string, unitIds: string[]): Promise<UnitReport[]> {
      if (!unitIds.length) return [];
      const { rows } = await sql<{
        unit_id: string;
        status: ReportStatus | null;
        late: boolean | null;
        submitted_at: Date | null;
      }>`
        select x.unit_id, s.status, s.late, s.submitted_at
        from unnest(${unitIds}::uuid[]) as x(unit_id)
        left join collection.submissions s
          on s.unit_id = x.unit_id and s.form_id = ${formId} and s.period = ${period}`.execute(db);
      return rows.map((r) => ({
        unitId: r.unit_id,
        status: r.status ?? 'not_started',
        late: !!r.late && (r.status === 'submitted' || r.status === 'approved'),
        submittedAt: r.submitted_at,
      }));
    },

    /**
     * Whether reporting of a form and period has closed at `now`: closed by an office, or the
     * grace after the deadline is over (reminders then ask for something that cannot be done).
     */
    async reportingClosed(formId: string, period: string, deadline: Date, now: Date): Promise<boolean> {
      const grace = await getSetting<number>(db, 'collection.graceDays');
      const days = typeof grace === 'number' && grace >= 0 ? grace : DEFAULT_GRACE_DAYS;
      if (now.getTime() > deadline.getTime() + days * 86_400_000) return true;
      const closure = await db
        .selectFrom('collection.period_closures')
        .select('form_id')
        .where('form_id', '=', formId)
        .where('period', '=', period)
        .executeTakeFirst();
      return !!closure;
    },

    /** Of the given units, those that have not handed in the form for the period (催报 targets). */
    async nonReporters(formId: string, period: string, unitIds: string[]): Promise<string[]> {
      if (!unitIds.length) return [];
      const { rows } = await sql<{ unit_id: string }>`
        select x.unit_id
        from unnest(${unitIds}::uuid[]) as x(unit_id)
        where not exists (
          select 1 from collection.submissions s
          where s.unit_id = x.unit_id and s.form_id = ${formId} and s.period = ${period}
            and s.status in ('submitted', 'approved'))`.execute(db);
      return rows.map((r) => r.unit_id);
    },
  };
}

export type MonitoringReads = ReturnType<typeof createMonitoringReads>;
