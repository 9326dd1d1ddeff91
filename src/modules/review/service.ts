/**
 * Multi-level review use cases (多级审核), composed: what reviewers see (board), their decisions,
 * queries and verdicts on explanations (threads), the violations list, the reporter's inbox,
 * and each form's review levels.
 */
import { type RequestContext, recordAudit } from '../../platform/audit.ts';
import { type Actor, assertRole } from '../../platform/auth.ts';
import { type Access, createAccess, READERS, type ReviewDeps } from './access.ts';
import { createAnomalies } from './anomalies.ts';
import { createBoard } from './board.ts';
import { createDecisions } from './decisions.ts';
import { DEFAULT_LEVELS, type ReviewLevel, validLevels } from './domain/levels.ts';
import { createInbox } from './inbox.ts';
import { reviewProblems as P } from './problems.ts';
import { reviewDb, reviewRepo } from './repo.ts';
import { createThreads } from './threads.ts';
import { createViolations } from './violations.ts';

const who = (ctx: RequestContext) => ({ actor: ctx.actor, ip: ctx.ip, userAgent: ctx.userAgent });

export function createReviewService(deps: ReviewDeps) {
  const db = reviewDb(deps.db);
  const access: Access = createAccess(deps, db);
  const anomalies = createAnomalies(deps, access);

  return {
    ...createBoard(deps, db, access, anomalies),
    ...anomalies,
    ...createDecisions(deps, db, access),
    ...createThreads(deps, db, access),
    ...createViolations(deps, db, access),
    ...createInbox(deps, db),

    /** The review levels of a form. */
    async levels(actor: Actor, formId: string) {
      assertRole(actor, READERS);
      if (!(await deps.surveys().listForms(actor)).some((f) => f.id === formId)) throw P.form_not_found();
      const rows = await reviewRepo.levelConfigs(db, [formId]);
      const levels = (await access.levelsOf([formId])).get(formId)!;
      return { formId, levels: [...levels], isDefault: !rows.length };
    },

    /** Sets a form's review levels (city statisticians, designers, administrators). */
    async setLevels(ctx: RequestContext, formId: string, levels: string[]) {
      assertRole(ctx.actor, ['city_statistician', 'designer', 'admin']);
      if (!validLevels(levels)) throw P.bad_levels();
      if (!(await deps.surveys().listForms(ctx.actor)).some((f) => f.id === formId)) throw P.form_not_found();
      await db.transaction().execute(async (trx) => {
        const before = await reviewRepo.levelConfigs(trx, [formId]);
        await trx
          .insertInto('review.level_configs')
          .values({ form_id: formId, levels: JSON.stringify(levels), updated_by: ctx.actor.username })
          .onConflict((oc) =>
            oc.column('form_id').doUpdateSet({
              levels: JSON.stringify(levels),
              updated_by: ctx.actor.username,
              updated_at: new Date(),
            }),
          )
          .execute();
        await recordAudit(trx, who(ctx), {
          action: 'review.levels_set',
          entityType: 'form',
          entityId: formId,
          before: before[0]?.levels ?? DEFAULT_LEVELS,
          after: levels,
        });
      });
      return { formId, levels: [...levels] as ReviewLevel[], isDefault: false };
    },

    ...createThreads(deps, db, access),
  };
}

export type ReviewService = ReturnType<typeof createReviewService>;
