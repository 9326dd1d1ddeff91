/**
 * Batch re-check of a period (批量重新审核): after a form's rules change (a new version in force)
 * or data they read changed (a previous period corrected), every submission of the form and
 * period is checked again with the rule set in force now — the same compiled set the server
 * runs at submission — and the stored rule results, hence the violations review sees, follow.
 *
 * Work goes by pages of submissions: one read each for their values, stored outcomes and the
 * previous periods and other forms the rules read; the engine's outcome-only path decides each
 * rule; only submissions whose outcomes changed (or that were checked under another version's
 * rules) are evaluated in full and rewritten, in one transaction per page with its audit event.
 * A submission saved meanwhile (its row version moved) is left alone: its save checked it.
 */
import { sql } from 'kysely';
import { type RequestContext, recordAudit } from '../../platform/audit.ts';
import { assertRole, type Role, scopeOf } from '../../platform/auth.ts';
import { periods } from '../surveys/index.ts';
import {
  type BatchEvaluator,
  type BoundPeriod,
  type CompiledRuleSet,
  compileBatch,
  evaluateRuleSet,
  type FormPeriods,
  type RecordData,
} from '../validation/index.ts';
import type { CollectionSurveys, ContextLoader, Unit } from './context.ts';
import type { RecheckReport } from './contract.ts';
import { collectionProblems as P } from './problems.ts';
import type { CollectionDb, CollectionRepo } from './repo.ts';
import { writeRuleResultsOf } from './writes.ts';

/** Who may re-check a whole period: those who change rules, and the city office. */
const RECHECKERS: readonly Role[] = ['designer', 'admin', 'city_statistician'];
/** Submissions per page (one read of each kind and one transaction per page). */
export const RECHECK_PAGE = 1000;

const OUTCOME = ['pass', 'fail', 'na', 'na'] as const;

/** Batch evaluators by compiled rule set (compiled sets are kept for ever, so are these). */
const evaluators = new WeakMap<CompiledRuleSet, BatchEvaluator>();
function batchOf(set: CompiledRuleSet): BatchEvaluator {
  let e = evaluators.get(set);
  if (!e) {
    e = compileBatch(set);
    evaluators.set(set, e);
  }
  return e;
}
const who = (ctx: RequestContext) => ({ actor: ctx.actor, ip: ctx.ip, userAgent: ctx.userAgent });

export function createRecheckService(deps: {
  db: CollectionDb;
  repo: CollectionRepo;
  loader: ContextLoader;
  surveys: () => CollectionSurveys;
  now: () => Date;
}) {
  const { db, repo, loader } = deps;

  return {
    /** Re-checks every submission of a form and period in the actor's area with the rules in force. */
    async recheck(
      ctx: RequestContext,
      formId: string,
      periodText: string,
      opts: { pageSize?: number } = {},
    ): Promise<RecheckReport> {
      assertRole(ctx.actor, RECHECKERS);
      const started = performance.now();
      const actor = ctx.actor;
      const fp = await loader.loadFormPeriod(actor, formId, periodText);
      const version = fp.version;
      if (!version) throw P.form_not_in_force({ formCode: fp.form.code, period: fp.periodText });
      const { ruleSet, others } = await loader.ruleSetFor(actor, fp.form, fp.periodText, version);
      const period = fp.periodText;
      const previousPeriod = periods.formatPeriod(periods.previousPeriod(fp.period));
      const lastYearPeriod = periods.formatPeriod(periods.samePeriodLastYear(fp.period));
      const needs = ruleSet.needs;
      // A city office re-checks the units of its city that report the form; admins and
      // designers every submission.
      const scope = scopeOf(actor);
      const area =
        scope.kind === 'all'
          ? undefined
          : scope.kind === 'division'
            ? (await deps.surveys().expectedReporters(fp.form.id, period, scope.code)).units.map((u) => u.id)
            : [];
      const ownPeriods = [
        ...(needs.previous ? [previousPeriod] : []),
        ...(needs.lastYear ? [lastYearPeriod] : []),
      ];
      const ruleIds = ruleSet.rules.map((r) => r.id);
      const pageSize = opts.pageSize ?? RECHECK_PAGE;
      const evaluator = batchOf(ruleSet);
      let table: BoundPeriod | undefined;
      let codes: Uint8Array | undefined;
      const report = {
        checked: 0,
        evaluations: 0,
        rewritten: 0,
        newlyFailing: 0,
        newlyPassing: 0,
        skipped: 0,
        engineSeconds: 0,
      };

      let after: string | null = null;
      for (;;) {
        const page = await repo.submissionsPage(fp.form.id, period, after, pageSize, area);
        if (!page.length) break;
        after = page[page.length - 1].unit_id;
        const ids = page.map((s) => s.unit_id);
        const [values, stored, own, otherForms, units] = await Promise.all([
          repo.valuesOfUnits(fp.form.id, period, ids),
          repo.outcomesOfUnits(fp.form.id, period, ids),
          repo.reportedValuesOfUnits(ids, fp.form.id, ownPeriods),
          readOtherForms(repo, ruleSet, others, ids, period, previousPeriod, lastYearPeriod),
          needs.unit.length ? unitsOf(loader, actor, ids) : Promise.resolve(null),
        ]);

        const records: RecordData[] = page.map((s) => {
          const mine = own.get(s.unit_id);
          const unit = units?.get(s.unit_id);
          return {
            values: values.get(s.unit_id) ?? {},
            previous: mine?.get(previousPeriod) ?? null,
            lastYear: mine?.get(lastYearPeriod) ?? null,
            otherForms: otherForms(s.unit_id),
            ...(unit
              ? {
                  unit: {
                    industry: unit.industryCode,
                    size: unit.sizeClass,
                    division: unit.townshipCode,
                    employees: unit.employees,
                  },
                }
              : {}),
          };
        });
        // The engine's batch path: the page read into one slot table, every rule run over it.
        const t0 = performance.now();
        table = evaluator.bind(records, table);
        if (!codes || codes.length < records.length * ruleIds.length) {
          codes = new Uint8Array(records.length * ruleIds.length);
        }
        evaluator.run(table, codes);
        report.engineSeconds += (performance.now() - t0) / 1000;

        const changed: { unitId: string; version: number; data: RecordData }[] = [];
        const changes: { unitId: string; newlyFailing: string[]; newlyPassing: string[] }[] = [];
        for (let n = 0; n < page.length; n++) {
          const s = page[n];
          const base = n * ruleIds.length;
          const before = stored.get(s.unit_id);
          const newlyFailing: string[] = [];
          const newlyPassing: string[] = [];
          let differs = !before || Object.keys(before).length !== ruleIds.length;
          for (let i = 0; i < ruleIds.length; i++) {
            const now = OUTCOME[codes[base + i]];
            const was = before?.[ruleIds[i]];
            if (now === was) continue;
            differs = true;
            if (now === 'fail') newlyFailing.push(ruleIds[i]);
            else if (was === 'fail') newlyPassing.push(ruleIds[i]);
          }
          const checkedWith = s.checked_version_id ?? s.form_version_id;
          if (differs || checkedWith !== version.versionId) {
            changed.push({ unitId: s.unit_id, version: s.version, data: records[n] });
          }
          if (newlyFailing.length || newlyPassing.length) {
            changes.push({ unitId: s.unit_id, newlyFailing, newlyPassing });
            report.newlyFailing += newlyFailing.length;
            report.newlyPassing += newlyPassing.length;
          }
        }
        report.checked += page.length;
        report.evaluations += page.length * ruleIds.length;

        if (changed.length) {
          // Full results (values used, messages) only for what is rewritten.
          const batch = changed.map((c) => ({ unitId: c.unitId, results: evaluateRuleSet(ruleSet, c.data) }));
          const written = await db.transaction().execute(async (trx) => {
            // Lock the rows and keep only those not saved since they were read.
            const current = await sql<{ unit_id: string; version: number }>`
              select unit_id, version from collection.submissions
              where unit_id = any(${changed.map((c) => c.unitId)}::uuid[])
                and form_id = ${fp.form.id} and period = ${period}
              for update`.execute(trx);
            const versionOf = new Map(current.rows.map((r) => [r.unit_id, r.version]));
            const keep = new Set(
              changed.filter((c) => versionOf.get(c.unitId) === c.version).map((c) => c.unitId),
            );
            const kept = batch.filter((b) => keep.has(b.unitId));
            if (!kept.length) return 0;
            const t = deps.now();
            await writeRuleResultsOf(trx, fp.form.id, period, kept, t);
            await sql`
              update collection.submissions set checked_version_id = ${version.versionId}
              where unit_id = any(${kept.map((b) => b.unitId)}::uuid[])
                and form_id = ${fp.form.id} and period = ${period}`.execute(trx);
            await recordAudit(trx, who(ctx), {
              action: 'collection.rechecked',
              entityType: 'form_period',
              entityId: `${fp.form.id}/${period}`,
              details: {
                form: fp.form.code,
                formVersion: version.number,
                rewritten: kept.length,
                changes: changes.filter((c) => keep.has(c.unitId)),
              },
            });
            return kept.length;
          });
          report.rewritten += written;
          report.skipped += changed.length - written;
        }
        if (page.length < pageSize) break;
      }

      return {
        formId: fp.form.id,
        formCode: fp.form.code,
        period,
        formVersion: { id: version.versionId, number: version.number },
        rules: ruleIds.length,
        checked: report.checked,
        ruleEvaluations: report.evaluations,
        rewritten: report.rewritten,
        skipped: report.skipped,
        newlyFailing: report.newlyFailing,
        newlyPassing: report.newlyPassing,
        seconds: (performance.now() - started) / 1000,
        engineSeconds: report.engineSeconds,
      };
    },
  };
}

/** The other forms' values the rules read, for a page of units: a function of the unit. */
async function readOtherForms(
  repo: CollectionRepo,
  ruleSet: CompiledRuleSet,
  others: { formId: string; definition: { form: { code: string } } }[],
  unitIds: string[],
  period: string,
  previousPeriod: string,
  lastYearPeriod: string,
): Promise<(unitId: string) => Record<string, FormPeriods>> {
  const read: { code: string; found: Awaited<ReturnType<CollectionRepo['reportedValuesOfUnits']>> }[] = [];
  for (const o of others) {
    const need = ruleSet.needs.otherForms[o.definition.form.code];
    if (!need) continue;
    const wanted = [
      ...(need.current ? [period] : []),
      ...(need.previous ? [previousPeriod] : []),
      ...(need.lastYear ? [lastYearPeriod] : []),
    ];
    read.push({
      code: o.definition.form.code,
      found: await repo.reportedValuesOfUnits(unitIds, o.formId, wanted),
    });
  }
  return (unitId) => {
    const out: Record<string, FormPeriods> = {};
    for (const { code, found } of read) {
      const f = found.get(unitId);
      out[code] = {
        values: f?.get(period) ?? null,
        previous: f?.get(previousPeriod) ?? null,
        lastYear: f?.get(lastYearPeriod) ?? null,
      };
    }
    return out;
  };
}

/** Register attributes of a page of units (only when the rules read them), a few at a time. */
async function unitsOf(loader: ContextLoader, actor: RequestContext['actor'], ids: string[]) {
  const out = new Map<string, Unit>();
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(8, ids.length) }, async () => {
      while (next < ids.length) {
        const id = ids[next++];
        try {
          out.set(id, await loader.unitFor(actor, id));
        } catch {
          // A unit the register no longer shows: its rules on unit attributes are not applicable.
        }
      }
    }),
  );
  return out;
}
