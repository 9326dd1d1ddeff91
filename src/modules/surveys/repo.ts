/** The survey module's SQL (schema `surveys`): its own tables only. */
import type { Generated, Kysely, Selectable } from 'kysely';
import type { Db } from '../../platform/db.ts';

export type VersionStatus = 'draft' | 'active' | 'retired';

export interface SurveysTables {
  'surveys.surveys': {
    id: Generated<string>;
    code: string;
    info: unknown;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  'surveys.forms': {
    id: Generated<string>;
    survey_id: string;
    code: string;
    frequency: string;
    info: unknown;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  'surveys.form_versions': {
    id: Generated<string>;
    form_id: string;
    number: number;
    from_period: string;
    until_period: string | null;
    effective_until: string | null;
    status: Generated<VersionStatus>;
    definition: unknown;
    source_text: string;
    source_format: 'yaml' | 'json';
    imported_by: string | null;
    imported_at: Generated<Date>;
    activated_by: string | null;
    activated_at: Date | null;
    retired_by: string | null;
    retired_at: Date | null;
  };
  'surveys.scope_rules': {
    form_id: string;
    rules: unknown;
    origin: 'definition' | 'manual';
    set_by: string | null;
    set_at: Generated<Date>;
  };
  'surveys.scope_overrides': {
    id: Generated<string>;
    form_id: string;
    unit_id: string;
    action: 'add' | 'remove';
    reason: string;
    from_period: string;
    until_period: string | null;
    created_by: string | null;
    created_at: Generated<Date>;
    revoked_by: string | null;
    revoked_at: Date | null;
    revoke_reason: string | null;
  };
}

export type SurveyRow = Selectable<SurveysTables['surveys.surveys']>;
export type FormRow = Selectable<SurveysTables['surveys.forms']>;
export type VersionRow = Selectable<SurveysTables['surveys.form_versions']>;
export type OverrideRow = Selectable<SurveysTables['surveys.scope_overrides']>;
export type SurveysDb = Kysely<SurveysTables>;

export const surveysDb = (db: Db) => db as unknown as SurveysDb;

/** Version columns without the (large) definition and source text, for lists. */
export const VERSION_SUMMARY = [
  'id',
  'form_id',
  'number',
  'from_period',
  'until_period',
  'effective_until',
  'status',
  'imported_by',
  'imported_at',
  'activated_by',
  'activated_at',
  'retired_by',
  'retired_at',
] as const;

export type VersionSummaryRow = Pick<VersionRow, (typeof VERSION_SUMMARY)[number]>;

export function surveysRepo(db: SurveysDb) {
  return {
    listSurveys: () => db.selectFrom('surveys.surveys').selectAll().orderBy('code').execute(),
    listForms: (surveyId?: string) => {
      let q = db.selectFrom('surveys.forms').selectAll().orderBy('code');
      if (surveyId) q = q.where('survey_id', '=', surveyId);
      return q.execute();
    },
    findSurveyByCode: (code: string) =>
      db.selectFrom('surveys.surveys').selectAll().where('code', '=', code).executeTakeFirst(),
    findSurvey: (id: string) =>
      db.selectFrom('surveys.surveys').selectAll().where('id', '=', id).executeTakeFirst(),
    findForm: (id: string) =>
      db.selectFrom('surveys.forms').selectAll().where('id', '=', id).executeTakeFirst(),
    findFormByCode: (surveyId: string, code: string) =>
      db
        .selectFrom('surveys.forms')
        .selectAll()
        .where('survey_id', '=', surveyId)
        .where('code', '=', code)
        .executeTakeFirst(),
    versionsOf: (formIds: string[]) =>
      formIds.length
        ? db
            .selectFrom('surveys.form_versions')
            .select(VERSION_SUMMARY)
            .where('form_id', 'in', formIds)
            .orderBy('number', 'desc')
            .execute()
        : Promise.resolve([] as VersionSummaryRow[]),
    findVersion: (id: string) =>
      db.selectFrom('surveys.form_versions').selectAll().where('id', '=', id).executeTakeFirst(),
    scopeRulesOf: (formId: string) =>
      db.selectFrom('surveys.scope_rules').selectAll().where('form_id', '=', formId).executeTakeFirst(),
    overridesOf: (formId: string, includeRevoked: boolean) => {
      let q = db.selectFrom('surveys.scope_overrides').selectAll().where('form_id', '=', formId);
      if (!includeRevoked) q = q.where('revoked_at', 'is', null);
      return q.orderBy('created_at', 'desc').execute();
    },
    findOverride: (id: string) =>
      db.selectFrom('surveys.scope_overrides').selectAll().where('id', '=', id).executeTakeFirst(),
  };
}
