/**
 * Survey use cases: browse surveys and forms, import and activate form definitions, list periods
 * with deadlines; the reporting-scope use cases (scope-service.ts) join them. Every write runs in one transaction with its
 * audit event; register reads happen before the transaction opens (PGlite has one connection).
 */
import { type RequestContext, recordAudit } from '../../platform/audit.ts';
import { type Actor, assertRole } from '../../platform/auth.ts';
import type { Db } from '../../platform/db.ts';
import { commonProblems } from '../../platform/problems.ts';
import type { VersionDetail } from './contract.ts';
import {
  checkDefinition,
  type ExistingForm,
  overlapConflict,
  parseDefinitionText,
} from './domain/check-definition.ts';
import { checkRules, referencedFormCodes } from './domain/check-rules.ts';
import { FormDefinition, type ScopeRule } from './domain/definition.ts';
import { buildModel, type FormModel } from './domain/model.ts';
import {
  comparePeriods,
  deadlineOf,
  describeDeadline,
  type Frequency,
  formatPeriod,
  type Period,
  parsePeriodOf,
  periodEnd,
  periodRange,
  periodStart,
  previousPeriod,
  shiftPeriod,
} from './domain/periods.ts';
import { surveysProblems as P } from './problems.ts';
import { type FormRow, surveysDb, surveysRepo, type VersionRow, type VersionSummaryRow } from './repo.ts';
import { by, DEFINITION_READERS, WRITERS, who } from './roles.ts';
import type { SurveysRegister } from './scope.ts';
import { createScopeService, upsertScopeRules } from './scope-service.ts';
import { type FormInfo, toCells, toFormSummary, toSurveyView, toVersionSummary } from './views.ts';

const MAX_PERIODS = 240;
const EXAMPLE: Record<Frequency, string> = { monthly: '2026-10', quarterly: '2026Q3', annual: '2026' };

/** The period containing an instant, in Beijing time. */
export function currentPeriod(frequency: Frequency, now: Date): Period {
  const bj = new Date(now.getTime() + 8 * 3600_000);
  const [y, m] = [bj.getUTCFullYear(), bj.getUTCMonth() + 1];
  if (frequency === 'monthly') return { frequency, year: y, index: m };
  if (frequency === 'quarterly') return { frequency, year: y, index: Math.ceil(m / 3) };
  return { frequency, year: y, index: 1 };
}

function isUniqueViolation(e: unknown) {
  return typeof e === 'object' && e !== null && (e as { code?: string }).code === '23505';
}

export function createSurveysService(deps: { db: Db; register: () => SurveysRegister; now?: () => Date }) {
  const db = surveysDb(deps.db);
  const repo = surveysRepo(db);
  const now = deps.now ?? (() => new Date());

  async function formOr404(id: string): Promise<FormRow> {
    const form = await repo.findForm(id);
    if (!form) throw P.form_not_found();
    return form;
  }

  function parsePeriodFor(form: FormRow, text: string): Period {
    const freq = form.frequency as Frequency;
    const p = parsePeriodOf(text, freq);
    if (!p) throw P.bad_period({ period: text, example: EXAMPLE[freq] });
    return p;
  }

  /** Active versions with their effective ranges, for period lookups. */
  function activeRanges(form: FormRow, versions: VersionSummaryRow[]) {
    const freq = form.frequency as Frequency;
    return versions
      .filter((v) => v.form_id === form.id && v.status === 'active')
      .map((v) => {
        const until = v.effective_until ?? v.until_period;
        return {
          v,
          from: parsePeriodOf(v.from_period, freq)!,
          until: until ? parsePeriodOf(until, freq)! : null,
        };
      });
  }

  function versionFor(form: FormRow, versions: VersionSummaryRow[], p: Period) {
    return (
      activeRanges(form, versions).find(
        (r) => comparePeriods(p, r.from) >= 0 && (!r.until || comparePeriods(p, r.until) <= 0),
      )?.v ?? null
    );
  }

  async function existingFor(
    def: FormDefinition,
  ): Promise<{ form: FormRow | null; existing: ExistingForm | null }> {
    const survey = await repo.findSurveyByCode(def.survey.code);
    const form = survey ? await repo.findFormByCode(survey.id, def.form.code) : undefined;
    if (!form) return { form: null, existing: null };
    const versions = await repo.versionsOf([form.id]);
    return {
      form,
      existing: {
        frequency: form.frequency as Frequency,
        versions: versions.map((v) => ({
          number: v.number,
          from: v.from_period,
          until: v.effective_until ?? v.until_period,
          status: v.status,
        })),
      },
    };
  }

  /** Parses and checks a definition text against what is stored; nothing is written. */
  async function check(text: string) {
    if (!text.trim()) throw P.empty_definition();
    const parsed = parseDefinitionText(text);
    if (!parsed.ok) return { result: { ok: false as const, errors: parsed.errors }, form: null };
    const shape = FormDefinition.safeParse(parsed.value);
    const { form, existing } = shape.success ? await existingFor(shape.data) : { form: null, existing: null };
    const result = checkDefinition(parsed.value, existing);
    if (result.ok) {
      const ruleErrors = checkRules(result.definition, await referencedDefinitions(result.definition));
      if (ruleErrors.length) return { result: { ok: false as const, errors: ruleErrors }, form };
    }
    return { result, form };
  }

  /** The newest version of each form the definition's rules name (same survey first). */
  async function referencedDefinitions(def: FormDefinition): Promise<FormDefinition[]> {
    const codes = referencedFormCodes(def);
    if (!codes.length) return [];
    const [survey, forms] = await Promise.all([repo.findSurveyByCode(def.survey.code), repo.listForms()]);
    const out: FormDefinition[] = [];
    for (const code of codes) {
      const candidates = forms.filter((f) => f.code === code);
      const form = candidates.find((f) => f.survey_id === survey?.id) ?? candidates[0];
      if (!form) continue; // the compiler reports the unknown form
      const newest = (await repo.versionsOf([form.id]))[0];
      if (newest) out.push((await repo.findVersion(newest.id))!.definition as FormDefinition);
    }
    return out;
  }

  async function versionDetail(row: VersionRow, actor: Actor | null): Promise<VersionDetail> {
    const form = await formOr404(row.form_id);
    const survey = (await repo.findSurvey(form.survey_id))!;
    const definition = row.definition as FormDefinition;
    const { model } = buildModel(definition);
    const showSource = !actor || WRITERS.includes(actor.role);
    return {
      ...toVersionSummary(row),
      formCode: form.code,
      surveyCode: survey.code,
      definition,
      cells: toCells(model),
      sourceFormat: row.source_format,
      sourceText: showSource ? row.source_text : null,
    };
  }

  async function formSummaries(surveyId?: string) {
    const [surveys, forms] = await Promise.all([repo.listSurveys(), repo.listForms(surveyId)]);
    const versions = await repo.versionsOf(forms.map((f) => f.id));
    const surveyById = new Map(surveys.map((s) => [s.id, s]));
    return { surveys, forms, versions, surveyById };
  }

  /** Compiled models by version id: a stored version's definition never changes. */
  const models = new Map<string, FormModel>();

  const service = {
    /**
     * The version of a form in force for a period, with its definition and compiled model (for
     * entry, computed cells and rules); null when no active version covers the period.
     */
    async definitionFor(formId: string, periodText: string) {
      const form = await formOr404(formId);
      const period = parsePeriodFor(form, periodText);
      const summary = versionFor(form, await repo.versionsOf([form.id]), period);
      if (!summary) return null;
      const row = (await repo.findVersion(summary.id))!;
      const definition = row.definition as FormDefinition;
      let model = models.get(row.id);
      if (!model) {
        model = buildModel(definition).model;
        models.set(row.id, model);
      }
      return { versionId: row.id, number: row.number, definition, model };
    },

    /**
     * A stored version of a form by its number, with its compiled model (versions never change
     * once stored, so the model is cached); null when the form has no such version.
     */
    async versionByNumber(formId: string, number: number) {
      const summary = (await repo.versionsOf([formId])).find((v) => v.number === number);
      if (!summary) return null;
      const row = (await repo.findVersion(summary.id))!;
      const definition = row.definition as FormDefinition;
      let model = models.get(row.id);
      if (!model) {
        model = buildModel(definition).model;
        models.set(row.id, model);
      }
      return { versionId: row.id, number: row.number, definition, model };
    },

    async listSurveys(actor: Actor) {
      assertRole(actor, DEFINITION_READERS);
      const { surveys, forms, versions, surveyById } = await formSummaries();
      return surveys.map((s) =>
        toSurveyView(
          s,
          forms
            .filter((f) => f.survey_id === s.id)
            .map((f) => toFormSummary(f, surveyById.get(f.survey_id)!, versions)),
        ),
      );
    },

    async listForms(actor: Actor, surveyId?: string) {
      assertRole(actor, DEFINITION_READERS);
      const { forms, versions, surveyById } = await formSummaries(surveyId);
      return forms.map((f) => toFormSummary(f, surveyById.get(f.survey_id)!, versions));
    },

    async getForm(actor: Actor, id: string) {
      assertRole(actor, DEFINITION_READERS);
      const form = await formOr404(id);
      const survey = (await repo.findSurvey(form.survey_id))!;
      let versions = await repo.versionsOf([form.id]);
      // Enterprises see what they may have to fill, not work in progress.
      if (actor.role === 'enterprise') versions = versions.filter((v) => v.status !== 'draft');
      const rules = await repo.scopeRulesOf(form.id);
      return {
        ...toFormSummary(form, survey, versions),
        versions: versions.map(toVersionSummary),
        scopeRules:
          rules && actor.role !== 'enterprise'
            ? {
                rules: rules.rules as ScopeRule[],
                origin: rules.origin,
                setBy: rules.set_by,
                setAt: rules.set_at.toISOString(),
              }
            : null,
      };
    },

    async getVersion(actor: Actor, id: string): Promise<VersionDetail> {
      assertRole(actor, DEFINITION_READERS);
      const row = await repo.findVersion(id);
      if (!row || (actor.role === 'enterprise' && row.status === 'draft')) throw P.version_not_found();
      return versionDetail(row, actor);
    },

    /** Checks a definition without writing (the designer's "validate" button). */
    async checkDefinition(actor: Actor, text: string) {
      assertRole(actor, WRITERS);
      const { result } = await check(text);
      return {
        ok: result.ok,
        errors: result.ok ? [] : result.errors,
        formCode: result.ok ? result.definition.form.code : null,
        versionNumber: result.ok ? result.definition.version.number : null,
      };
    },

    /** Imports a definition as a new draft version; every error at once, nothing written on error. */
    async importDefinition(ctx: RequestContext | null, text: string): Promise<VersionDetail> {
      if (ctx) assertRole(ctx.actor, WRITERS);
      const { result } = await check(text);
      if (!result.ok) {
        throw P.invalid_definition({ count: result.errors.length }, { errors: result.errors });
      }
      const def = result.definition;
      const format = text.trimStart().startsWith('{') ? 'json' : 'yaml';
      try {
        const id = await db.transaction().execute(async (trx) => {
          let survey = await trx
            .selectFrom('surveys.surveys')
            .selectAll()
            .where('code', '=', def.survey.code)
            .executeTakeFirst();
          if (!survey) {
            survey = await trx
              .insertInto('surveys.surveys')
              .values({ code: def.survey.code, info: JSON.stringify(def.survey) })
              .returningAll()
              .executeTakeFirstOrThrow();
          }
          let form = await trx
            .selectFrom('surveys.forms')
            .selectAll()
            .where('survey_id', '=', survey.id)
            .where('code', '=', def.form.code)
            .executeTakeFirst();
          if (!form) {
            form = await trx
              .insertInto('surveys.forms')
              .values({
                survey_id: survey.id,
                code: def.form.code,
                frequency: def.form.frequency,
                info: JSON.stringify(def.form),
              })
              .returningAll()
              .executeTakeFirstOrThrow();
          }
          const version = await trx
            .insertInto('surveys.form_versions')
            .values({
              form_id: form.id,
              number: def.version.number,
              from_period: def.version.from,
              until_period: def.version.until ?? null,
              definition: JSON.stringify(def),
              source_text: text,
              source_format: format,
              imported_by: by(ctx),
            })
            .returning(['id'])
            .executeTakeFirstOrThrow();
          await recordAudit(trx, who(ctx), {
            action: 'surveys.version.imported',
            entityType: 'form_version',
            entityId: version.id,
            after: {
              survey: def.survey.code,
              form: def.form.code,
              number: def.version.number,
              from: def.version.from,
              until: def.version.until ?? null,
              format,
            },
          });
          return version.id;
        });
        return versionDetail((await repo.findVersion(id))!, ctx?.actor ?? null);
      } catch (e) {
        // Two imports of the same version at once: the second loses cleanly.
        if (isUniqueViolation(e)) throw commonProblems.conflict();
        throw e;
      }
    },

    /**
     * Activates a draft. Active versions it overlaps are retired when it starts with them, or cut
     * short to end the period before it starts; scope rules in the definition become the form's.
     */
    async activateVersion(ctx: RequestContext | null, id: string): Promise<VersionDetail> {
      if (ctx) assertRole(ctx.actor, WRITERS);
      const row = await repo.findVersion(id);
      if (!row) throw P.version_not_found();
      if (row.status !== 'draft') throw P.version_not_draft({ status: row.status });
      const form = await formOr404(row.form_id);
      const freq = form.frequency as Frequency;
      const next = {
        from: parsePeriodOf(row.from_period, freq)!,
        until: row.until_period ? parsePeriodOf(row.until_period, freq)! : null,
      };
      const def = row.definition as FormDefinition;
      await db.transaction().execute(async (trx) => {
        const active = await trx
          .selectFrom('surveys.form_versions')
          .select(['id', 'number', 'from_period', 'until_period', 'effective_until'])
          .where('form_id', '=', form.id)
          .where('status', '=', 'active')
          .forUpdate()
          .execute();
        const retired: number[] = [];
        const shortened: { number: number; until: string }[] = [];
        for (const v of active) {
          const until = v.effective_until ?? v.until_period;
          const range = {
            from: parsePeriodOf(v.from_period, freq)!,
            until: until ? parsePeriodOf(until, freq)! : null,
          };
          const conflict = overlapConflict(next, range);
          if (conflict) {
            throw P.activation_conflict({
              number: v.number,
              reason: {
                'zh-CN': conflict === 'starts_before' ? '新版本早于它开始' : '新版本会把它截成两段',
                'en-US':
                  conflict === 'starts_before'
                    ? 'the new version starts before it'
                    : 'the new version would split it',
              },
            });
          }
          if (
            comparePeriods(range.from, next.from) >= 0 &&
            (range.until === null || next.until === null || comparePeriods(range.until, next.until) <= 0)
          ) {
            await trx
              .updateTable('surveys.form_versions')
              .set({ status: 'retired', retired_by: by(ctx), retired_at: new Date() })
              .where('id', '=', v.id)
              .execute();
            retired.push(v.number);
          } else if (range.until === null || comparePeriods(range.until, next.from) >= 0) {
            const cut = formatPeriod(previousPeriod(next.from));
            await trx
              .updateTable('surveys.form_versions')
              .set({ effective_until: cut })
              .where('id', '=', v.id)
              .execute();
            shortened.push({ number: v.number, until: cut });
          }
        }
        const updated = await trx
          .updateTable('surveys.form_versions')
          .set({ status: 'active', activated_by: by(ctx), activated_at: new Date() })
          .where('id', '=', row.id)
          .where('status', '=', 'draft')
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) !== 1) throw commonProblems.conflict();
        await trx
          .updateTable('surveys.forms')
          .set({ info: JSON.stringify(def.form), updated_at: new Date() })
          .where('id', '=', form.id)
          .execute();
        await trx
          .updateTable('surveys.surveys')
          .set({ info: JSON.stringify(def.survey), updated_at: new Date() })
          .where('id', '=', form.survey_id)
          .execute();
        let scopeRules: ScopeRule[] | null = null;
        if (def.scope) {
          scopeRules = def.scope.rules;
          await upsertScopeRules(trx, form.id, scopeRules, 'definition', by(ctx));
        }
        await recordAudit(trx, who(ctx), {
          action: 'surveys.version.activated',
          entityType: 'form_version',
          entityId: row.id,
          before: { status: 'draft' },
          after: { status: 'active' },
          details: { form: form.code, number: row.number, retired, shortened, scopeRules },
        });
      });
      return versionDetail((await repo.findVersion(id))!, ctx?.actor ?? null);
    },

    /** Periods of a form with their dates, deadlines and the version in force. */
    async periods(actor: Actor, formId: string, q: { from?: string; to?: string }) {
      assertRole(actor, DEFINITION_READERS);
      const form = await formOr404(formId);
      const freq = form.frequency as Frequency;
      const current = currentPeriod(freq, now());
      const to = q.to ? parsePeriodFor(form, q.to) : shiftPeriod(current, 1);
      const from = q.from ? parsePeriodFor(form, q.from) : shiftPeriod(to, -11);
      const list = periodRange(from, to);
      if (list.length > MAX_PERIODS) throw P.period_range_too_long({ max: MAX_PERIODS });
      const versions = await repo.versionsOf([form.id]);
      const info = form.info as FormInfo;
      return {
        formId: form.id,
        frequency: freq,
        deadlineText: describeDeadline(info.deadline),
        items: list.map((p) => {
          const v = versionFor(form, versions, p);
          return {
            period: formatPeriod(p),
            start: periodStart(p),
            end: periodEnd(p),
            deadline: deadlineOf(p, info.deadline).toISOString(),
            versionId: v?.id ?? null,
            versionNumber: v?.number ?? null,
          };
        }),
      };
    },
  };

  return {
    ...service,
    ...createScopeService({
      db: deps.db,
      register: deps.register,
      lookups: { formOr404, parsePeriodFor, versionFor, getForm: service.getForm },
    }),
  };
}

export type SurveysService = ReturnType<typeof createSurveysService>;
