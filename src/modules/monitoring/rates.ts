/**
 * Reporting rate and timeliness (报送率, 及时率) of a form and period, by division: the city, its
 * counties, their townships, and the units of any of them. Expected reporters come from the
 * survey system's scope; their reports are counted by collection in one grouped query.
 */
import {
  type Actor,
  assertRole,
  divisionInScope,
  type Role,
  STATISTICIAN_ROLES,
  scopeOf,
} from '../../platform/auth.ts';
import { periods } from '../surveys/index.ts';
import { byChild, figures, townshipIn } from './domain/rates.ts';
import {
  formPeriod,
  type MonitoringCollection,
  type MonitoringRegister,
  type MonitoringSurveys,
} from './ports.ts';
import { monitoringProblems as P } from './problems.ts';

export const RATE_READERS: readonly Role[] = [...STATISTICIAN_ROLES, 'designer', 'admin'];

type Level = 'city' | 'county' | 'township';
export interface Division {
  code: string;
  name: string;
  level: Level;
}

export function createRatesService(deps: {
  surveys: () => MonitoringSurveys;
  collection: () => MonitoringCollection;
  registry: () => MonitoringRegister;
  now: () => Date;
}) {
  /** The division asked for (default: the actor's own area, or the city); 404 outside the area. */
  async function divisionFor(actor: Actor, code: string | undefined): Promise<Division> {
    const scope = scopeOf(actor);
    const all = await deps.registry().listDivisions({});
    const wanted =
      code ?? (scope.kind === 'division' ? scope.code : all.find((d) => d.level === 'city')?.code) ?? '';
    const d = all.find((x) => x.code === wanted);
    if (!d || !['city', 'county', 'township'].includes(d.level) || !divisionInScope(scope, d.code)) {
      throw P.division_not_found();
    }
    return { code: d.code, name: d.name, level: d.level as Level };
  }

  /** Form, period, division and the expected reporters in it. */
  async function load(actor: Actor, q: { formId: string; period: string; division?: string }) {
    assertRole(actor, RATE_READERS);
    const fp = await formPeriod(deps.surveys(), actor, q.formId, q.period);
    const division = await divisionFor(actor, q.division);
    const { units } = await deps.surveys().expectedReporters(fp.form.id, fp.periodText, division.code);
    // The register already narrows to the division; keep only its townships in case a code covers more.
    const expected = units.filter((u) => townshipIn(division, u.townshipCode));
    return { ...fp, division, expected, pastDeadline: deps.now() > fp.deadline };
  }

  return {
    divisionFor,
    load,

    /** Figures of a division and of each of its children (counties of the city, townships of a county). */
    async rates(actor: Actor, q: { formId: string; period: string; division?: string }) {
      const l = await load(actor, q);
      const tallies = await deps.collection().tallyByTownship(l.form.id, l.periodText, l.expected);
      const groups = byChild(l.division, tallies);
      const children =
        l.division.level === 'township'
          ? []
          : await deps.registry().listDivisions({ parent: l.division.code });
      return {
        formId: l.form.id,
        formCode: l.form.code,
        formName: l.form.name,
        period: l.periodText,
        deadline: l.deadline.toISOString(),
        pastDeadline: l.pastDeadline,
        division: l.division,
        totals: figures(tallies, l.pastDeadline),
        children: children.map((c) => ({
          code: c.code,
          name: c.name,
          level: c.level as Level,
          figures: figures(groups.get(c.code) ?? [], l.pastDeadline),
        })),
      };
    },

    /** Every form of the period's frequency in force for it, with its figures in the division (by form). */
    async overview(actor: Actor, q: { period: string; division?: string }) {
      assertRole(actor, RATE_READERS);
      const asked = periods.parsePeriod(q.period);
      if (!asked) throw P.bad_period({ period: q.period, example: '2026-10' });
      const division = await divisionFor(actor, q.division);
      const forms = (await deps.surveys().listForms(actor)).filter((f) => f.frequency === asked.frequency);
      const items = [];
      for (const form of forms) {
        const fp = await formPeriod(deps.surveys(), actor, form.id, q.period);
        if (!fp.inForce) continue;
        const { units } = await deps.surveys().expectedReporters(form.id, fp.periodText, division.code);
        const expected = units.filter((u) => townshipIn(division, u.townshipCode));
        const tallies = await deps.collection().tallyByTownship(form.id, fp.periodText, expected);
        const past = deps.now() > fp.deadline;
        items.push({
          formId: form.id,
          formCode: form.code,
          formName: form.name,
          deadline: fp.deadline.toISOString(),
          pastDeadline: past,
          figures: figures(tallies, past),
        });
      }
      items.sort((a, b) => (a.formCode < b.formCode ? -1 : a.formCode > b.formCode ? 1 : 0));
      return { period: periods.formatPeriod(asked), division, items };
    },

    /** The expected reporters of a division with their status, optionally filtered; paged. */
    async units(
      actor: Actor,
      q: {
        formId: string;
        period: string;
        division?: string;
        filter?: 'not_reported' | 'overdue' | 'reported' | 'on_time' | 'late' | 'approved';
        page: number;
        pageSize: number;
      },
    ) {
      const l = await load(actor, q);
      const reports = await deps.collection().unitReports(
        l.form.id,
        l.periodText,
        l.expected.map((u) => u.id),
      );
      const byUnit = new Map(reports.map((r) => [r.unitId, r]));
      const all = l.expected.map((u) => {
        const r = byUnit.get(u.id);
        const status = r?.status ?? 'not_started';
        const reported = status === 'submitted' || status === 'approved';
        return {
          unitId: u.id,
          creditCode: u.creditCode,
          name: u.name,
          townshipCode: u.townshipCode,
          status,
          late: reported && !!r?.late,
          overdue: !reported && l.pastDeadline,
          submittedAt: r?.submittedAt ? r.submittedAt.toISOString() : null,
        };
      });
      const keep = (i: (typeof all)[number]) => {
        const reported = i.status === 'submitted' || i.status === 'approved';
        switch (q.filter) {
          case undefined:
            return true;
          case 'not_reported':
            return !reported;
          case 'overdue':
            return i.overdue;
          case 'reported':
            return reported;
          case 'on_time':
            return reported && !i.late;
          case 'late':
            return i.late;
          case 'approved':
            return i.status === 'approved';
        }
      };
      const hits = all.filter(keep);
      return {
        formId: l.form.id,
        period: l.periodText,
        division: l.division,
        items: hits.slice((q.page - 1) * q.pageSize, q.page * q.pageSize),
        total: hits.length,
        page: q.page,
        pageSize: q.pageSize,
      };
    },
  };
}

export type RatesService = ReturnType<typeof createRatesService>;
