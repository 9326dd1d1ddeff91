/**
 * A statistician's view of one form and period (报送情况): every expected reporter (应报单位) in
 * their area with its status, lateness and open problems, with counts — the list review and
 * reporting-rate monitoring start from.
 */
import { type Actor, assertRole, type Role, STATISTICIAN_ROLES, scopeOf } from '../../platform/auth.ts';
import type { CollectionSurveys, ContextLoader } from './context.ts';
import type { SUBMISSION_STATUSES } from './contract.ts';
import type { CollectionRepo } from './repo.ts';
import { iso } from './views.ts';

const AREA_READERS: readonly Role[] = [...STATISTICIAN_ROLES, 'designer', 'admin'];

type Status = (typeof SUBMISSION_STATUSES)[number];

export function createAreaService(deps: {
  repo: CollectionRepo;
  loader: ContextLoader;
  surveys: () => CollectionSurveys;
  now: () => Date;
}) {
  return {
    async area(
      actor: Actor,
      q: { formId: string; period: string; status?: Status; page: number; pageSize: number },
    ) {
      assertRole(actor, AREA_READERS);
      const fp = await deps.loader.loadFormPeriod(actor, q.formId, q.period);
      const scope = scopeOf(actor);
      const division = scope.kind === 'division' ? scope.code : undefined;
      const expected =
        scope.kind === 'none'
          ? []
          : (await deps.surveys().expectedReporters(fp.form.id, fp.periodText, division)).units;
      const ids = expected.map((u) => u.id);
      const [submissions, failing] = await Promise.all([
        deps.repo.submissionsFor(fp.form.id, fp.periodText, ids),
        deps.repo.failingByUnit(fp.form.id, fp.periodText, ids),
      ]);
      const byUnit = new Map(submissions.map((s) => [s.unit_id, s]));
      const pastDeadline = deps.now() > fp.window.deadline;
      const counts = {
        expected: expected.length,
        not_started: 0,
        draft: 0,
        submitted: 0,
        returned: 0,
        approved: 0,
        late: 0,
      };
      const all = expected.map((u) => {
        const s = byUnit.get(u.id);
        const status: Status = s?.status ?? 'not_started';
        const reported = status === 'submitted' || status === 'approved';
        const late = reported ? s!.late : pastDeadline;
        counts[status] += 1;
        if (late) counts.late += 1;
        const f = failing.filter((r) => r.unit_id === u.id);
        return {
          unitId: u.id,
          creditCode: u.creditCode,
          name: u.name,
          townshipCode: u.townshipCode,
          status,
          late,
          submittedAt: iso(s?.submitted_at),
          openProblems: {
            fatal: f.find((r) => r.severity === 'fatal')?.n ?? 0,
            verify: f.find((r) => r.severity === 'verify')?.n ?? 0,
          },
        };
      });
      const hits = q.status ? all.filter((i) => i.status === q.status) : all;
      return {
        formId: fp.form.id,
        formCode: fp.form.code,
        period: fp.periodText,
        window: deps.loader.windowView(fp),
        counts,
        items: hits.slice((q.page - 1) * q.pageSize, q.page * q.pageSize),
        total: hits.length,
        page: q.page,
        pageSize: q.pageSize,
      };
    },
  };
}
