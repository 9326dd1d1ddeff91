/**
 * Reporting-scope use cases (报送范围): expected reporters of a form and period within the actor's
 * area, scope rules set by hand, and manual additions and removals with reasons. Register reads
 * happen before each transaction opens; every change is audited in its transaction.
 */

import type { z } from 'zod';
import { type RequestContext, recordAudit } from '../../platform/audit.ts';
import { type Actor, assertRole, scopeOf } from '../../platform/auth.ts';
import type { Db } from '../../platform/db.ts';
import { commonProblems } from '../../platform/problems.ts';
import { ALL_STATUSES } from '../registry/index.ts';
import type { FormDetail, OverrideView, ScopePage } from './contract.ts';
import type { ScopeRule } from './domain/definition.ts';
import { comparePeriods, formatPeriod, type Period } from './domain/periods.ts';
import { surveysProblems as P } from './problems.ts';
import { type FormRow, surveysDb, surveysRepo, type VersionSummaryRow } from './repo.ts';
import { by, SCOPE_READERS, WRITERS, who } from './roles.ts';
import { expectedUnits, type SurveysRegister, scopeDivision } from './scope.ts';
import { toOverrideView } from './views.ts';

/** What the scope use cases borrow from the definition side. */
export interface FormLookups {
  formOr404(id: string): Promise<FormRow>;
  parsePeriodFor(form: FormRow, text: string): Period;
  versionFor(form: FormRow, versions: VersionSummaryRow[], p: Period): VersionSummaryRow | null;
  getForm(actor: Actor, id: string): Promise<z.infer<typeof FormDetail>>;
}

export function createScopeService(deps: { db: Db; register: () => SurveysRegister; lookups: FormLookups }) {
  const db = surveysDb(deps.db);
  const repo = surveysRepo(db);
  const { formOr404, parsePeriodFor, versionFor } = deps.lookups;

  const service = {
    /**
     * Expected reporters of a form in a period within a division (undefined = everywhere), for
     * other modules (task lists, reporting rates); empty when no version is in force.
     */
    async expectedReporters(formId: string, periodText: string, division?: string) {
      const form = await formOr404(formId);
      const period = parsePeriodFor(form, periodText);
      const version = versionFor(form, await repo.versionsOf([form.id]), period);
      if (!version) return { versionId: null, units: [] };
      const rules = ((await repo.scopeRulesOf(form.id))?.rules ?? []) as ScopeRule[];
      const overrides = await repo.overridesOf(form.id, false);
      const set = await expectedUnits(deps.register(), rules, overrides, period, division);
      return { versionId: version.id, units: set.units };
    },

    /** Expected reporters of a form in a period, within the actor's area; paged. */
    async scope(
      actor: Actor,
      formId: string,
      q: { period: string; q?: string; page: number; pageSize: number },
    ): Promise<ScopePage> {
      assertRole(actor, SCOPE_READERS);
      const form = await formOr404(formId);
      const period = parsePeriodFor(form, q.period);
      const versions = await repo.versionsOf([form.id]);
      const version = versionFor(form, versions, period);
      const division = scopeDivision(scopeOf(actor));
      const empty = { expected: 0, matchedByRules: 0, added: 0, removed: 0 };
      const base = { formId: form.id, period: formatPeriod(period), page: q.page, pageSize: q.pageSize };
      if (!version || division === null) {
        return {
          ...base,
          inForce: !!version,
          versionId: version?.id ?? null,
          counts: empty,
          items: [],
          total: 0,
        };
      }
      const rules = ((await repo.scopeRulesOf(form.id))?.rules ?? []) as ScopeRule[];
      const overrides = await repo.overridesOf(form.id, false);
      const set = await expectedUnits(deps.register(), rules, overrides, period, division);
      const needle = q.q?.toLowerCase();
      const hits = needle
        ? set.units.filter(
            (u) => u.name.toLowerCase().includes(needle) || u.creditCode.toLowerCase().includes(needle),
          )
        : set.units;
      const items = hits.slice((q.page - 1) * q.pageSize, q.page * q.pageSize).map((u) => ({
        unitId: u.id,
        creditCode: u.creditCode,
        name: u.name,
        townshipCode: u.townshipCode,
        countyCode: u.countyCode,
        industryCode: u.industryCode,
        sizeClass: u.sizeClass,
        basis: u.basis,
      }));
      return { ...base, inForce: true, versionId: version.id, counts: set.counts, items, total: hits.length };
    },

    /** Replaces a form's scope rules (报送范围规则) by hand. */
    async setScopeRules(ctx: RequestContext, formId: string, rules: ScopeRule[]) {
      assertRole(ctx.actor, WRITERS);
      const form = await formOr404(formId);
      const before = await repo.scopeRulesOf(form.id);
      await db.transaction().execute(async (trx) => {
        await upsertScopeRules(trx, form.id, rules, 'manual', by(ctx));
        await recordAudit(trx, who(ctx), {
          action: 'surveys.scope_rules.set',
          entityType: 'form',
          entityId: form.id,
          before: before?.rules ?? null,
          after: rules,
        });
      });
      return deps.lookups.getForm(ctx.actor, formId);
    },

    async listOverrides(actor: Actor, formId: string, includeRevoked: boolean): Promise<OverrideView[]> {
      assertRole(actor, SCOPE_READERS);
      const form = await formOr404(formId);
      const division = scopeDivision(scopeOf(actor));
      if (division === null) return [];
      const rows = await repo.overridesOf(form.id, includeRevoked);
      if (!rows.length) return [];
      const units = await deps.register().unitsMatching({
        unitIds: [...new Set(rows.map((r) => r.unit_id))],
        statuses: ALL_STATUSES,
        ...(division ? { divisionCode: division } : {}),
      });
      const byId = new Map(units.map((u) => [u.id, u]));
      // Outside the actor's area: only the whole-city roles see it.
      return rows
        .filter((r) => division === undefined || byId.has(r.unit_id))
        .map((r) => toOverrideView(r, byId.get(r.unit_id)));
    },

    /** Adds a unit to, or removes it from, a form's scope from a period on, with a reason. */
    async createOverride(
      ctx: RequestContext,
      formId: string,
      body: {
        unitId: string;
        action: 'add' | 'remove';
        reason: string;
        fromPeriod: string;
        untilPeriod?: string;
      },
    ): Promise<OverrideView> {
      assertRole(ctx.actor, WRITERS);
      const form = await formOr404(formId);
      const from = parsePeriodFor(form, body.fromPeriod);
      const until = body.untilPeriod ? parsePeriodFor(form, body.untilPeriod) : null;
      if (until && comparePeriods(until, from) < 0) {
        throw commonProblems.invalid({ summary: 'untilPeriod < fromPeriod' });
      }
      const register = deps.register();
      if (!(await register.directory.findUnit(body.unitId))) throw P.unit_not_found({ unitId: body.unitId });
      const [unit] = await register.unitsMatching({ unitIds: [body.unitId], statuses: ALL_STATUSES });
      const row = await db.transaction().execute(async (trx) => {
        const previous = await trx
          .selectFrom('surveys.scope_overrides')
          .selectAll()
          .where('form_id', '=', form.id)
          .where('unit_id', '=', body.unitId)
          .where('revoked_at', 'is', null)
          .forUpdate()
          .executeTakeFirst();
        if (previous) {
          await trx
            .updateTable('surveys.scope_overrides')
            .set({ revoked_at: new Date(), revoked_by: by(ctx), revoke_reason: 'replaced' })
            .where('id', '=', previous.id)
            .execute();
        }
        const created = await trx
          .insertInto('surveys.scope_overrides')
          .values({
            form_id: form.id,
            unit_id: body.unitId,
            action: body.action,
            reason: body.reason,
            from_period: formatPeriod(from),
            until_period: until ? formatPeriod(until) : null,
            created_by: by(ctx),
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordAudit(trx, who(ctx), {
          action: `surveys.scope.${body.action === 'add' ? 'unit_added' : 'unit_removed'}`,
          entityType: 'scope_override',
          entityId: created.id,
          before: previous ? toOverrideView(previous) : null,
          after: toOverrideView(created),
          details: { form: form.code, unitId: body.unitId, reason: body.reason },
        });
        return created;
      });
      return toOverrideView(row, unit);
    },

    /** Withdraws an override; the unit's scope falls back to the rules. */
    async revokeOverride(ctx: RequestContext, id: string, reason: string): Promise<OverrideView> {
      assertRole(ctx.actor, WRITERS);
      const row = await repo.findOverride(id);
      if (!row) throw P.override_not_found();
      if (row.revoked_at) throw P.override_revoked();
      const updated = await db.transaction().execute(async (trx) => {
        const u = await trx
          .updateTable('surveys.scope_overrides')
          .set({ revoked_at: new Date(), revoked_by: by(ctx), revoke_reason: reason })
          .where('id', '=', id)
          .where('revoked_at', 'is', null)
          .returningAll()
          .executeTakeFirst();
        if (!u) throw P.override_revoked();
        await recordAudit(trx, who(ctx), {
          action: 'surveys.scope.override_revoked',
          entityType: 'scope_override',
          entityId: id,
          before: toOverrideView(row),
          after: toOverrideView(u),
          details: { reason },
        });
        return u;
      });
      const [unit] = await deps
        .register()
        .unitsMatching({ unitIds: [updated.unit_id], statuses: ALL_STATUSES });
      return toOverrideView(updated, unit);
    },
  };
  return service;
}

/** Stores a form's scope rules (inside the caller's transaction). */
export async function upsertScopeRules(
  trx: ReturnType<typeof surveysDb>,
  formId: string,
  rules: ScopeRule[],
  origin: 'definition' | 'manual',
  setBy: string,
) {
  await trx
    .insertInto('surveys.scope_rules')
    .values({ form_id: formId, rules: JSON.stringify(rules), origin, set_by: setBy })
    .onConflict((oc) =>
      oc
        .column('form_id')
        .doUpdateSet({ rules: JSON.stringify(rules), origin, set_by: setBy, set_at: new Date() }),
    )
    .execute();
}
