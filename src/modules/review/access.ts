/**
 * Who may see and decide what, and everything a use case reads before its transaction opens
 * (PGlite has one connection): the unit (in the actor's area, else 404), the form's review
 * levels and the submission as collection holds it.
 */
import {
  type Actor,
  assertRole,
  type Role,
  type Scope,
  STATISTICIAN_ROLES,
  scopeOf,
} from '../../platform/auth.ts';
import type { Db } from '../../platform/db.ts';
import type * as transitions from '../collection/transitions.ts';
import { ALL_STATUSES, type UnitStatus } from '../registry/index.ts';
import type { AnomalyTests } from './domain/anomalies.ts';
import { DEFAULT_LEVELS, type ReviewLevel, validLevels } from './domain/levels.ts';
import { inDivision } from './domain/violations.ts';
import { reviewProblems as P } from './problems.ts';
import { type ReviewDb, reviewRepo, type SubmissionKey } from './repo.ts';

/** What review needs of collection: its transitions and reads (handed in by app.ts). */
export type ReviewCollection = Pick<
  typeof transitions,
  | 'markReturned'
  | 'markApproved'
  | 'reopen'
  | 'submission'
  | 'handedIn'
  | 'contents'
  | 'failures'
  | 'cellColumns'
>;

/** What review needs of the register: units by id with their township. */
export interface ReviewRegister {
  unitsMatching(filter: {
    unitIds: string[];
    statuses?: UnitStatus[];
  }): Promise<{ id: string; creditCode: string; name: string; townshipCode: string }[]>;
}

/** A cell of a form's version as review reads it (its type and where its value comes from). */
export interface ReviewCell {
  indicator: string;
  column: string;
  type: string;
  source: { kind: string };
}

/** What review needs of the survey system: forms (codes, frequency) and the cells of a form's version. */
export interface ReviewSurveys {
  listForms(actor: Actor): Promise<{ id: string; code: string; frequency: string }[]>;
  definitionFor(
    formId: string,
    period: string,
  ): Promise<{ model: { cells: Map<string, ReviewCell> } } | null>;
}

export interface ReviewDeps {
  db: Db;
  collection: () => ReviewCollection;
  registry: () => ReviewRegister;
  surveys: () => ReviewSurveys;
  /** The analysis module's anomaly tests (HB, modified z-score) for the anomaly lists. */
  analysis: () => { anomalies: AnomalyTests };
  /** Aggregation's live maintenance: the final approval and a reopening change the aggregates in the same transaction. */
  aggregation: () => import('./decisions.ts').ReviewAggregation;
}

/** Who may read review lists and submissions (enterprise reporters only their own, in detail). */
export const READERS: readonly Role[] = [...STATISTICIAN_ROLES, 'designer', 'admin'];
/** Who may decide, ask and judge. */
export const REVIEWERS: readonly Role[] = [...STATISTICIAN_ROLES, 'admin'];

export type UnitInfo = { id: string; creditCode: string; name: string; townshipCode: string };

/** Whether a unit lies in an actor's scope. */
export function unitInScope(scope: Scope, unit: UnitInfo): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'division':
      return inDivision(unit.townshipCode, scope.code);
    case 'unit':
      return unit.id === scope.unitId;
    case 'none':
      return false;
  }
}

export const entityId = (k: SubmissionKey) => `${k.unitId}/${k.formId}/${k.period}`;

export function createAccess(deps: ReviewDeps, db: ReviewDb) {
  /** The form's review levels, lowest first. */
  async function levelsOf(formIds: string[]): Promise<Map<string, readonly ReviewLevel[]>> {
    const rows = await reviewRepo.levelConfigs(db, formIds);
    const out = new Map<string, readonly ReviewLevel[]>();
    for (const id of formIds) {
      const levels = rows.find((r) => r.form_id === id)?.levels as string[] | undefined;
      out.set(id, levels && validLevels(levels) ? levels : DEFAULT_LEVELS);
    }
    return out;
  }

  /** Units by id that the actor may see. */
  async function unitsInScope(actor: Actor, ids: string[]): Promise<Map<string, UnitInfo>> {
    const scope = scopeOf(actor);
    const unique = [...new Set(ids)];
    const units = unique.length
      ? await deps.registry().unitsMatching({ unitIds: unique, statuses: ALL_STATUSES })
      : [];
    return new Map(units.filter((u) => unitInScope(scope, u)).map((u) => [u.id, u]));
  }

  /**
   * A handed-in submission the actor may see, with its unit and levels; 404 when it does not
   * exist, is still a draft, or lies outside the actor's area.
   */
  async function load(actor: Actor, k: SubmissionKey, roles: readonly Role[] = [...READERS, 'enterprise']) {
    assertRole(actor, roles);
    const unit = (await unitsInScope(actor, [k.unitId])).get(k.unitId);
    if (!unit) throw P.submission_not_found();
    const sub = await deps.collection().submission(deps.db, k);
    if (!sub || sub.status === 'draft') throw P.submission_not_found();
    const form = (await deps.surveys().listForms(actor)).find((f) => f.id === k.formId);
    if (!form) throw P.submission_not_found();
    const levels = (await levelsOf([k.formId])).get(k.formId)!;
    return { unit, sub, form, levels };
  }

  return { levelsOf, unitsInScope, load };
}

export type Access = ReturnType<typeof createAccess>;
