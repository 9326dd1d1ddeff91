/**
 * Online direct reporting use cases (联网直报): the unit's task list, the entry form with last
 * period and last year beside each cell, draft saves and submission — checked on the server,
 * which is authoritative — plus saved versions and their differences.
 *
 * Scope: an enterprise reporter acts only for its own unit; statisticians, designers and
 * administrators read units in their area (the register decides); anything else is a 404.
 * Reads from other modules happen before a transaction opens (PGlite has one connection); each
 * write is one transaction with its audit event, committed before the answer is sent.
 */
import { createHash } from 'node:crypto';
import { type RequestContext, recordAudit } from '../../platform/audit.ts';
import { type Actor, assertRole, type Role, STATISTICIAN_ROLES } from '../../platform/auth.ts';
import type { Db } from '../../platform/db.ts';
import type { Logger } from '../../platform/logging.ts';
import { Problem } from '../../platform/problems.ts';
import { getSetting } from '../../platform/settings.ts';
import { type CellValues, evaluateCells, type FormModel, periods } from '../surveys/index.ts';
import { evaluateRuleSet, type RecordData, type RuleResult } from '../validation/index.ts';
import type { RuleResultView, SubmissionView } from './contract.ts';
import { blankRequiredCells, checkEnteredValues, type RawValue } from './domain/cells.ts';
import { diffValues } from './domain/diff.ts';
import { currentPeriod, type ReportingWindow, windowOf, windowState } from './domain/window.ts';
import { collectionProblems as P } from './problems.ts';
import {
  type CollectionDb,
  collectionDb,
  collectionRepo,
  type SaveReason,
  type SubmissionKey,
  type SubmissionRow,
  valuesOf,
} from './repo.ts';
import { createRuleSetCache, referencedForms, type VersionInForce } from './rule-sets.ts';

type Period = periods.Period;
type Frequency = periods.Frequency;

/** What collection needs of the survey system (handed in by app.ts). */
export interface CollectionSurveys {
  listForms(actor: Actor): Promise<FormInfo[]>;
  definitionFor(formId: string, period: string): Promise<(VersionInForce & { model: FormModel }) | null>;
  expectedReporters(formId: string, period: string, division?: string): Promise<{ units: { id: string }[] }>;
}

export interface FormInfo {
  id: string;
  code: string;
  surveyCode: string;
  name: { zh: string; en: string };
  frequency: Frequency;
  deadline: periods.DeadlineRule;
}

/** What collection needs of the register: a unit the actor may see (404 otherwise). */
export interface CollectionRegister {
  getUnit(
    actor: Actor,
    id: string,
  ): Promise<{
    id: string;
    name: string;
    townshipCode: string;
    industryCode: string;
    sizeClass: string | null;
    employees: number | null;
  }>;
}

type Unit = Awaited<ReturnType<CollectionRegister['getUnit']>>;

/** Who may read submissions besides the unit's own reporter. */
const READERS: readonly Role[] = [...STATISTICIAN_ROLES, 'designer', 'admin', 'enterprise'];
/** Who may close a period by hand. */
const CLOSERS: readonly Role[] = ['city_statistician', 'admin'];
/** Days after the deadline a period stays open for late reports, unless `collection.graceDays` says otherwise. */
export const DEFAULT_GRACE_DAYS = 10;

const EXAMPLE: Record<Frequency, string> = { monthly: '2026-10', quarterly: '2026Q3', annual: '2026' };

const who = (ctx: RequestContext) => ({ actor: ctx.actor, ip: ctx.ip, userAgent: ctx.userAgent });
const entityId = (k: SubmissionKey) => `${k.unitId}/${k.formId}/${k.period}`;
const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

function isUniqueViolation(e: unknown) {
  return typeof e === 'object' && e !== null && (e as { code?: string }).code === '23505';
}

/** A stable hash of a request body (keys sorted), for idempotency keys. */
export function requestHash(value: unknown): string {
  const canonical = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(canonical);
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
          .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
      );
    }
    return v;
  };
  return createHash('sha256')
    .update(JSON.stringify(canonical(value)))
    .digest('hex');
}

interface Loaded {
  unit: Unit;
  form: FormInfo;
  period: Period;
  key: SubmissionKey;
  window: ReportingWindow;
  closedByOffice: boolean;
}

interface InForce {
  version: VersionInForce & { model: FormModel };
  others: VersionInForce[];
  previous: Record<string, string> | null;
  lastYear: Record<string, string> | null;
  otherValues: Record<string, { values: Record<string, string> | null }>;
}

export interface SaveInput {
  values?: Record<string, RawValue>;
  explanations?: Record<string, string>;
  version?: number;
}

export function createCollectionService(deps: {
  db: Db;
  logger: Logger;
  surveys: () => CollectionSurveys;
  registry: () => CollectionRegister;
  now?: () => Date;
}) {
  const db = collectionDb(deps.db);
  const repo = collectionRepo(db);
  const now = deps.now ?? (() => new Date());
  const ruleSets = createRuleSetCache(deps.logger);

  async function graceDays(): Promise<number> {
    const v = await getSetting<number>(deps.db, 'collection.graceDays');
    return typeof v === 'number' && v >= 0 ? v : DEFAULT_GRACE_DAYS;
  }

  /** The unit the request is about: the reporter's own, or one the actor may see. */
  async function unitFor(actor: Actor, unitId: string | undefined): Promise<Unit> {
    assertRole(actor, READERS);
    const id = unitId ?? (actor.role === 'enterprise' ? actor.unitId : null);
    if (!id) throw P.unit_required();
    if (actor.role === 'enterprise' && id !== actor.unitId) throw P.unit_not_found();
    try {
      return await deps.registry().getUnit(actor, id);
    } catch (e) {
      if (e instanceof Problem && e.status === 404) throw P.unit_not_found();
      throw e;
    }
  }

  async function formFor(actor: Actor, formId: string): Promise<FormInfo> {
    const form = (await deps.surveys().listForms(actor)).find((f) => f.id === formId);
    if (!form) throw P.form_not_found();
    return form;
  }

  function periodOf(form: FormInfo, text: string): Period {
    const p = periods.parsePeriodOf(text, form.frequency);
    if (!p) throw P.bad_period({ period: text, example: EXAMPLE[form.frequency] });
    return p;
  }

  async function load(
    actor: Actor,
    formId: string,
    periodText: string,
    unitId: string | undefined,
  ): Promise<Loaded> {
    const unit = await unitFor(actor, unitId);
    const form = await formFor(actor, formId);
    const period = periodOf(form, periodText);
    const text = periods.formatPeriod(period);
    const [grace, closure] = await Promise.all([graceDays(), repo.closure(form.id, text)]);
    return {
      unit,
      form,
      period,
      key: { unitId: unit.id, formId: form.id, period: text },
      window: windowOf(period, form.deadline, grace),
      closedByOffice: !!closure,
    };
  }

  /** The version in force and every value its computed cells and rules read besides this period's. */
  async function inForce(actor: Actor, l: Loaded): Promise<InForce> {
    const surveys = deps.surveys();
    const version = await surveys.definitionFor(l.form.id, l.key.period);
    if (!version) throw P.form_not_in_force({ formCode: l.form.code, period: l.key.period });
    const at = (p: Period) => ({ ...l.key, period: periods.formatPeriod(p) });
    const [previous, lastYear] = await Promise.all([
      repo.valuesFor(at(periods.previousPeriod(l.period)), { reported: true }),
      repo.valuesFor(at(periods.samePeriodLastYear(l.period)), { reported: true }),
    ]);
    const others: VersionInForce[] = [];
    const otherValues: InForce['otherValues'] = {};
    const codes = referencedForms(version.definition);
    if (codes.length) {
      const forms = await surveys.listForms(actor);
      for (const code of codes) {
        const other = forms.find((f) => f.code === code && f.frequency === l.form.frequency);
        if (!other) continue;
        const v = await surveys.definitionFor(other.id, l.key.period);
        if (!v) continue;
        others.push(v);
        otherValues[code] = {
          values: await repo.valuesFor({ ...l.key, formId: other.id }, { reported: true }),
        };
      }
    }
    return { version, others, previous, lastYear, otherValues };
  }

  function evaluate(l: Loaded, f: InForce, entered: CellValues) {
    const model = f.version.model;
    const values = evaluateCells(model, entered, {
      previous: f.previous,
      lastYear: f.lastYear,
      firstOfYear: periods.isFirstOfYear(l.period),
    });
    const set = ruleSets.get(f.version, f.others);
    const data: RecordData = {
      values,
      previous: f.previous,
      lastYear: f.lastYear,
      otherForms: f.otherValues,
      unit: {
        industry: l.unit.industryCode,
        size: l.unit.sizeClass,
        division: l.unit.townshipCode,
        employees: l.unit.employees,
      },
    };
    const results = evaluateRuleSet(set, data);
    return { values, results };
  }

  function windowView(l: Loaded) {
    const s = windowState(l.window, now(), l.closedByOffice);
    return {
      opensAt: l.window.opensAt.toISOString(),
      deadline: l.window.deadline.toISOString(),
      closesAt: l.window.closesAt.toISOString(),
      state: s.state,
      closedByOffice: l.closedByOffice,
    };
  }

  function assertOpen(l: Loaded): { late: boolean } {
    const s = windowState(l.window, now(), l.closedByOffice);
    if (s.state === 'not_open') {
      throw P.period_not_open({ period: l.key.period, opensAt: l.window.opensAt.toISOString() });
    }
    if (s.state === 'closed') {
      throw P.period_closed({
        period: l.key.period,
        why:
          s.why === 'closed_by_office'
            ? { 'zh-CN': '已由统计机构关闭', 'en-US': 'closed by the statistics office' }
            : {
                'zh-CN': `截止时间后的宽限期已于 ${l.window.closesAt.toISOString()} 结束`,
                'en-US': `the grace after the deadline ended at ${l.window.closesAt.toISOString()}`,
              },
      });
    }
    return { late: s.late };
  }

  function resultViews(
    results: {
      ruleId: string;
      severity: RuleResult['severity'];
      outcome: RuleResult['outcome'];
      values: Record<string, string | null>;
      message?: unknown;
      reason?: unknown;
    }[],
    explanations: Record<string, string>,
  ): RuleResultView[] {
    return results.map((r) => ({
      ruleId: r.ruleId,
      severity: r.severity,
      outcome: r.outcome,
      values: r.values,
      message: (r.message as RuleResultView['message']) ?? null,
      reason: (r.reason as RuleResultView['reason']) ?? null,
      explanation: explanations[r.ruleId] ?? null,
    }));
  }

  function counts(results: RuleResultView[]) {
    const c = { fatal: 0, verify: 0, hint: 0, na: 0 };
    for (const r of results) {
      if (r.outcome === 'fail') c[r.severity] += 1;
      else if (r.outcome === 'na') c.na += 1;
    }
    return c;
  }

  function submissionView(
    l: Loaded,
    row: SubmissionRow | undefined,
    values: Record<string, string | null>,
    results: RuleResultView[],
  ): SubmissionView {
    const nonBlank: Record<string, string> = {};
    for (const [k, v] of Object.entries(values)) if (v !== null && v !== undefined) nonBlank[k] = v;
    return {
      unitId: l.key.unitId,
      formId: l.key.formId,
      formCode: l.form.code,
      period: l.key.period,
      status: row?.status ?? 'not_started',
      version: row?.version ?? 0,
      lastSeq: row?.last_seq ?? 0,
      formVersion: row ? { id: row.form_version_id, number: row.form_version_number } : null,
      late: row ? row.late : now() > l.window.deadline,
      submittedAt: iso(row?.submitted_at),
      submittedBy: row?.submitted_by ?? null,
      updatedAt: iso(row?.updated_at),
      window: windowView(l),
      values: nonBlank,
      results,
      counts: counts(results),
    };
  }

  /** Entered values currently saved (inside the write transaction). */
  async function savedEntered(trx: CollectionDb, k: SubmissionKey) {
    const rows = await trx
      .selectFrom('collection.cell_values')
      .select(['indicator', 'column_code', 'num', 'txt'])
      .where('unit_id', '=', k.unitId)
      .where('form_id', '=', k.formId)
      .where('period', '=', k.period)
      .where('computed', '=', false)
      .execute();
    return valuesOf(rows);
  }

  async function savedExplanations(trx: CollectionDb, k: SubmissionKey) {
    const rows = await trx
      .selectFrom('collection.explanations')
      .select(['rule_id', 'body'])
      .where('unit_id', '=', k.unitId)
      .where('form_id', '=', k.formId)
      .where('period', '=', k.period)
      .execute();
    return Object.fromEntries(rows.map((r) => [r.rule_id, r.body])) as Record<string, string>;
  }

  function checkCells(f: InForce, values: Record<string, RawValue>) {
    const checked = checkEnteredValues(f.version.definition, f.version.model, values);
    if (!checked.ok) {
      throw P.invalid_cells(
        { count: checked.issues.length, cells: checked.issues.map((i) => i.cell).join(', ') },
        { cells: checked.issues },
      );
    }
    return checked.values;
  }

  function checkExplanationRules(f: InForce, explanations: Record<string, string> | undefined) {
    if (!explanations) return;
    const ids = new Set((f.version.definition.rules ?? []).map((r) => r.id));
    const unknown = Object.keys(explanations).filter((id) => !ids.has(id));
    if (unknown.length) throw P.unknown_explanation({ rules: unknown.join(', ') }, { rules: unknown });
  }

  /**
   * Writes the submission's new state: the row, every cell, the rule results, explanations, one
   * saved version and the audit event — inside the caller's transaction.
   */
  async function write(
    trx: CollectionDb,
    ctx: RequestContext,
    l: Loaded,
    f: InForce,
    existing: SubmissionRow | undefined,
    state: {
      status: SubmissionRow['status'];
      reason: SaveReason;
      values: Record<string, string | null>;
      results: RuleResult[];
      explanations: Record<string, string>;
      submitted?: { late: boolean };
    },
  ): Promise<SubmissionRow> {
    const k = l.key;
    const t = now();
    const seq = (existing?.last_seq ?? 0) + 1;
    const submittedFields = state.submitted
      ? {
          submitted_at: t,
          submitted_by: ctx.actor.username,
          submitted_via: ctx.actor.via,
          late: state.submitted.late,
        }
      : {};
    let row: SubmissionRow | undefined;
    if (existing) {
      row = await trx
        .updateTable('collection.submissions')
        .set({
          status: state.status,
          form_version_id: f.version.versionId,
          form_version_number: f.version.number,
          version: existing.version + 1,
          last_seq: seq,
          updated_at: t,
          updated_by: ctx.actor.username,
          ...submittedFields,
        })
        .where('unit_id', '=', k.unitId)
        .where('form_id', '=', k.formId)
        .where('period', '=', k.period)
        .where('version', '=', existing.version)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw P.version_conflict({ current: existing.version + 1 });
    } else {
      row = await trx
        .insertInto('collection.submissions')
        .values({
          unit_id: k.unitId,
          form_id: k.formId,
          period: k.period,
          status: state.status,
          form_version_id: f.version.versionId,
          form_version_number: f.version.number,
          last_seq: seq,
          updated_by: ctx.actor.username,
          ...submittedFields,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    }
    const where = <T extends { where: (...a: any[]) => T }>(q: T) =>
      q.where('unit_id', '=', k.unitId).where('form_id', '=', k.formId).where('period', '=', k.period);

    await where(trx.deleteFrom('collection.cell_values') as any).execute();
    const model = f.version.model;
    const cellRows = Object.entries(state.values)
      .filter(([, v]) => v !== null && v !== undefined && v !== '')
      .map(([ref, v]) => {
        const cell = model.cells.get(ref)!;
        const numeric = cell.type === 'decimal' || cell.type === 'integer';
        return {
          unit_id: k.unitId,
          form_id: k.formId,
          period: k.period,
          indicator: cell.indicator,
          column_code: cell.column,
          num: numeric ? (v as string) : null,
          txt: numeric ? null : (v as string),
          computed: cell.source.kind !== 'entered',
        };
      });
    if (cellRows.length) await trx.insertInto('collection.cell_values').values(cellRows).execute();

    await where(trx.deleteFrom('collection.rule_results') as any).execute();
    if (state.results.length) {
      await trx
        .insertInto('collection.rule_results')
        .values(
          state.results.map((r) => ({
            unit_id: k.unitId,
            form_id: k.formId,
            period: k.period,
            rule_id: r.ruleId,
            severity: r.severity,
            outcome: r.outcome,
            used_values: JSON.stringify(r.values),
            message: r.message ? JSON.stringify(r.message) : null,
            na_reason: r.reason ? JSON.stringify(r.reason) : null,
            checked_at: t,
          })),
        )
        .execute();
    }

    // An explanation kept unchanged keeps its author and time.
    const before = existing
      ? await where(
          trx
            .selectFrom('collection.explanations')
            .select(['rule_id', 'body', 'written_by', 'written_at']) as any,
        ).execute()
      : [];
    const kept = new Map<string, { body: string; written_by: string | null; written_at: Date }>(
      before.map((r: any) => [r.rule_id, r]),
    );
    await where(trx.deleteFrom('collection.explanations') as any).execute();
    const explanationRows = Object.entries(state.explanations).map(([ruleId, body]) => {
      const old = kept.get(ruleId);
      const same = old && old.body === body;
      return {
        unit_id: k.unitId,
        form_id: k.formId,
        period: k.period,
        rule_id: ruleId,
        body,
        written_by: same ? old.written_by : ctx.actor.username,
        written_at: same ? old.written_at : t,
      };
    });
    if (explanationRows.length)
      await trx.insertInto('collection.explanations').values(explanationRows).execute();

    const snapshot: Record<string, string> = {};
    for (const [ref, v] of Object.entries(state.values)) if (v !== null && v !== undefined) snapshot[ref] = v;
    const previousSnapshot = existing
      ? await trx
          .selectFrom('collection.submission_versions')
          .select(['cell_values'])
          .where('unit_id', '=', k.unitId)
          .where('form_id', '=', k.formId)
          .where('period', '=', k.period)
          .where('seq', '=', existing.last_seq)
          .executeTakeFirst()
      : undefined;
    await trx
      .insertInto('collection.submission_versions')
      .values({
        unit_id: k.unitId,
        form_id: k.formId,
        period: k.period,
        seq,
        reason: state.reason,
        status: state.status,
        form_version_id: f.version.versionId,
        cell_values: JSON.stringify(snapshot),
        explanations: JSON.stringify(state.explanations),
        actor_id: ctx.actor.accountId,
        actor_name: ctx.actor.username,
        created_at: t,
      })
      .execute();
    const changes = diffValues(
      (previousSnapshot?.cell_values as Record<string, string> | undefined) ?? {},
      snapshot,
      model.order,
    );
    await recordAudit(trx, who(ctx), {
      action: state.submitted ? 'collection.submitted' : 'collection.draft_saved',
      entityType: 'submission',
      entityId: entityId(k),
      before: existing
        ? { status: existing.status, version: existing.version, seq: existing.last_seq }
        : null,
      after: { status: row.status, version: row.version, seq },
      details: {
        form: l.form.code,
        formVersion: f.version.number,
        reason: state.reason,
        changes,
        failing: state.results.filter((r) => r.outcome === 'fail').map((r) => r.ruleId),
        explained: Object.keys(state.explanations),
      },
    });
    return row;
  }

  function assertWritable(existing: SubmissionRow | undefined, expected: number | undefined) {
    if (existing && (existing.status === 'submitted' || existing.status === 'approved')) {
      throw P.already_submitted({
        status: {
          'zh-CN': existing.status === 'submitted' ? '上报' : '审核通过',
          'en-US': existing.status,
        },
      });
    }
    const current = existing?.version ?? 0;
    if (expected !== undefined && expected !== current) throw P.version_conflict({ current });
  }

  function mergeExplanations(saved: Record<string, string>, given: Record<string, string> | undefined) {
    const out = { ...saved };
    for (const [id, body] of Object.entries(given ?? {})) {
      if (body.trim()) out[id] = body.trim();
      else delete out[id];
    }
    return out;
  }

  async function conflictsToProblems<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (e) {
      // Two first saves at once: the second finds the row the first inserted.
      if (isUniqueViolation(e)) throw P.version_conflict({ current: 1 });
      throw e;
    }
  }

  return {
    /** The forms the unit must report (or has reported) for a period, with status and deadline. */
    async tasks(actor: Actor, q: { unitId?: string; period?: string }) {
      const unit = await unitFor(actor, q.unitId);
      const surveys = deps.surveys();
      let forms = await surveys.listForms(actor);
      const asked = q.period ? periods.parsePeriod(q.period) : null;
      if (q.period && !asked) throw P.bad_period({ period: q.period, example: EXAMPLE.monthly });
      if (asked) forms = forms.filter((f) => f.frequency === asked.frequency);
      const [submissions, closures, grace, failing] = await Promise.all([
        repo.submissionsOf(
          unit.id,
          forms.map((f) => f.id),
        ),
        repo.closuresOf(forms.map((f) => f.id)),
        graceDays(),
        repo.failingCounts(unit.id),
      ]);
      const t = now();
      const items = [];
      for (const form of forms) {
        const period = asked ?? periods.previousPeriod(currentPeriod(form.frequency, t));
        const text = periods.formatPeriod(period);
        const sub = submissions.find((s) => s.form_id === form.id && s.period === text);
        const version = await surveys.definitionFor(form.id, text);
        if (!version && !sub) continue;
        const expected = version
          ? (await surveys.expectedReporters(form.id, text, unit.townshipCode)).units.some(
              (u) => u.id === unit.id,
            )
          : false;
        if (!expected && !sub) continue;
        const window = windowOf(period, form.deadline, grace);
        const closed = closures.some((c) => c.form_id === form.id && c.period === text);
        const state = windowState(window, t, closed);
        const submitted = sub?.status === 'submitted' || sub?.status === 'approved';
        const counts = failing.filter((c) => c.form_id === form.id && c.period === text);
        items.push({
          formId: form.id,
          formCode: form.code,
          surveyCode: form.surveyCode,
          name: form.name,
          frequency: form.frequency,
          period: text,
          status: sub?.status ?? ('not_started' as const),
          window: {
            opensAt: window.opensAt.toISOString(),
            deadline: window.deadline.toISOString(),
            closesAt: window.closesAt.toISOString(),
            state: state.state,
            closedByOffice: closed,
          },
          late: submitted ? sub!.late : t > window.deadline,
          submittedAt: iso(sub?.submitted_at),
          expected,
          openProblems: {
            fatal: counts.find((c) => c.severity === 'fatal')?.n ?? 0,
            verify: counts.find((c) => c.severity === 'verify')?.n ?? 0,
          },
        });
      }
      items.sort((a, b) => (a.formCode < b.formCode ? -1 : a.formCode > b.formCode ? 1 : 0));
      return { unitId: unit.id, unitName: unit.name, items };
    },

    /** The entry form: definition, values, last period and last year beside each cell, results. */
    async entry(actor: Actor, formId: string, periodText: string, unitId?: string) {
      const l = await load(actor, formId, periodText, unitId);
      const f = await inForce(actor, l);
      const row = await repo.findSubmission(l.key);
      const [saved, results, explanations] = row
        ? await Promise.all([repo.valuesFor(l.key), repo.ruleResults(l.key), repo.explanations(l.key)])
        : [null, [], []];
      const values: Record<string, string | null> = saved ?? evaluate(l, f, {}).values;
      const explained = Object.fromEntries(explanations.map((e) => [e.rule_id, e.body]));
      const views = resultViews(
        results.map((r) => ({
          ruleId: r.rule_id,
          severity: r.severity,
          outcome: r.outcome,
          values: r.used_values as Record<string, string | null>,
          message: r.message,
          reason: r.na_reason,
        })),
        explained,
      );
      const model = f.version.model;
      return {
        ...submissionView(l, row, values, views),
        formVersion: row
          ? { id: row.form_version_id, number: row.form_version_number }
          : { id: f.version.versionId, number: f.version.number },
        unitName: l.unit.name,
        previousPeriod: periods.formatPeriod(periods.previousPeriod(l.period)),
        lastYearPeriod: periods.formatPeriod(periods.samePeriodLastYear(l.period)),
        definition: f.version.definition as unknown as Record<string, unknown>,
        cells: model.order.map((ref) => {
          const c = model.cells.get(ref)!;
          return {
            ref,
            indicator: c.indicator,
            column: c.column,
            type: c.type,
            decimals: c.decimals,
            source: c.source.kind,
            formula: c.source.kind === 'formula' ? c.source.formula : null,
            dependsOn: c.dependsOn,
            value: values[ref] ?? null,
            previous: f.previous?.[ref] ?? null,
            lastYear: f.lastYear?.[ref] ?? null,
          };
        }),
        explanations: explanations.map((e) => ({
          ruleId: e.rule_id,
          body: e.body,
          writtenBy: e.written_by,
          writtenAt: e.written_at.toISOString(),
        })),
      };
    },

    /** Saves a draft (自动保存): changed cells merged into the saved ones, checked, computed, kept as a version. */
    async saveDraft(
      ctx: RequestContext,
      formId: string,
      periodText: string,
      input: SaveInput & { reason?: 'autosave' | 'save' },
      unitId?: string,
    ): Promise<SubmissionView> {
      assertRole(ctx.actor, ['enterprise']);
      const l = await load(ctx.actor, formId, periodText, unitId);
      assertOpen(l);
      const f = await inForce(ctx.actor, l);
      const patch = checkCells(f, input.values ?? {});
      checkExplanationRules(f, input.explanations);
      return conflictsToProblems(() =>
        db.transaction().execute(async (trx) => {
          const existing = await repo.findSubmission(l.key, trx);
          assertWritable(existing, input.version);
          const entered: CellValues = existing ? await savedEntered(trx, l.key) : {};
          Object.assign(entered, patch);
          const explanations = mergeExplanations(
            existing ? await savedExplanations(trx, l.key) : {},
            input.explanations,
          );
          const { values, results } = evaluate(l, f, entered);
          const row = await write(trx, ctx, l, f, existing, {
            status: existing?.status === 'returned' ? 'returned' : 'draft',
            reason: input.reason ?? 'autosave',
            values,
            results,
            explanations,
          });
          return submissionView(l, row, values, resultViews(results, explanations));
        }),
      );
    },

    /**
     * Submits (上报): the server runs the rules and decides. Fatal failures and blank required
     * cells block (422); failing verify rules need an explanation each (400); hints are recorded.
     * With an idempotency key, a repeat of the same request returns the first answer.
     */
    async submit(
      ctx: RequestContext,
      formId: string,
      periodText: string,
      input: SaveInput,
      opts: { unitId?: string; idempotencyKey?: string } = {},
    ): Promise<SubmissionView> {
      assertRole(ctx.actor, ['enterprise']);
      const unit = await unitFor(ctx.actor, opts.unitId);
      const key = opts.idempotencyKey;
      const hash = key ? requestHash({ formId, period: periodText, ...input }) : null;
      if (key) {
        const seen = await repo.idempotencyKey(unit.id, key);
        if (seen) {
          if (seen.request_hash !== hash) throw P.idempotency_key_reused({ key });
          return seen.response as SubmissionView;
        }
      }
      const l = await load(ctx.actor, formId, periodText, unit.id);
      const { late } = assertOpen(l);
      const f = await inForce(ctx.actor, l);
      const given = input.values ? checkCells(f, input.values) : null;
      checkExplanationRules(f, input.explanations);
      try {
        return await conflictsToProblems(() =>
          db.transaction().execute(async (trx) => {
            const existing = await repo.findSubmission(l.key, trx);
            assertWritable(existing, input.version);
            const entered: CellValues = given ?? (existing ? await savedEntered(trx, l.key) : {});
            const explanations = mergeExplanations(
              existing ? await savedExplanations(trx, l.key) : {},
              input.explanations,
            );
            const { values, results } = evaluate(l, f, entered);
            const blank = blankRequiredCells(f.version.definition, f.version.model, values);
            if (blank.length) throw P.required_cells_blank({ cells: blank.join(', ') }, { cells: blank });
            const fatal = results.filter((r) => r.severity === 'fatal' && r.outcome === 'fail');
            if (fatal.length) {
              throw P.blocked_by_rules(
                { count: fatal.length, rules: fatal.map((r) => r.ruleId).join(', ') },
                { failures: resultViews(fatal, {}) },
              );
            }
            const unexplained = results.filter(
              (r) => r.severity === 'verify' && r.outcome === 'fail' && !explanations[r.ruleId],
            );
            if (unexplained.length) {
              throw P.explanation_required(
                { rules: unexplained.map((r) => r.ruleId).join(', ') },
                { failures: resultViews(unexplained, {}) },
              );
            }
            const row = await write(trx, ctx, l, f, existing, {
              status: 'submitted',
              reason: ctx.actor.via === 'token' ? 'api' : 'submit',
              values,
              results,
              explanations,
              submitted: { late },
            });
            const view = submissionView(l, row, values, resultViews(results, explanations));
            if (key) {
              await trx
                .insertInto('collection.idempotency_keys')
                .values({
                  unit_id: unit.id,
                  key,
                  request_hash: hash!,
                  form_id: l.key.formId,
                  period: l.key.period,
                  status_code: 200,
                  response: JSON.stringify(view),
                  account_id: ctx.actor.accountId,
                })
                .execute();
            }
            return view;
          }),
        );
      } catch (e) {
        // The same key raced in from another connection and committed first: answer as it did.
        if (key && e instanceof Problem && e.code === P.codes.version_conflict) {
          const seen = await repo.idempotencyKey(unit.id, key);
          if (seen) {
            if (seen.request_hash !== hash) throw P.idempotency_key_reused({ key });
            return seen.response as SubmissionView;
          }
        }
        throw e;
      }
    },

    /** Status and the last check's results (for enterprise software polling). */
    async status(actor: Actor, formId: string, periodText: string, unitId?: string): Promise<SubmissionView> {
      const l = await load(actor, formId, periodText, unitId);
      const row = await repo.findSubmission(l.key);
      if (!row) return submissionView(l, undefined, {}, []);
      const [values, results, explanations] = await Promise.all([
        repo.valuesFor(l.key),
        repo.ruleResults(l.key),
        repo.explanations(l.key),
      ]);
      const explained = Object.fromEntries(explanations.map((e) => [e.rule_id, e.body]));
      return submissionView(
        l,
        row,
        values ?? {},
        resultViews(
          results.map((r) => ({
            ruleId: r.rule_id,
            severity: r.severity,
            outcome: r.outcome,
            values: r.used_values as Record<string, string | null>,
            message: r.message,
            reason: r.na_reason,
          })),
          explained,
        ),
      );
    },

    /** Every saved version of a submission, oldest first. */
    async versions(actor: Actor, formId: string, periodText: string, unitId?: string) {
      const l = await load(actor, formId, periodText, unitId);
      const rows = await repo.versions(l.key);
      return rows.map(versionItem);
    },

    /** One saved version with its values and explanations. */
    async version(actor: Actor, formId: string, periodText: string, seq: number, unitId?: string) {
      const l = await load(actor, formId, periodText, unitId);
      const row = await repo.version(l.key, seq);
      if (!row) throw P.version_not_found({ seq });
      return {
        ...versionItem(row),
        values: row.cell_values as Record<string, string>,
        explanations: row.explanations as Record<string, string>,
      };
    },

    /** What changed between two saved versions, cell by cell. */
    async diff(actor: Actor, formId: string, periodText: string, from: number, to: number, unitId?: string) {
      const l = await load(actor, formId, periodText, unitId);
      const [a, b] = await Promise.all([repo.version(l.key, from), repo.version(l.key, to)]);
      if (!a) throw P.version_not_found({ seq: from });
      if (!b) throw P.version_not_found({ seq: to });
      const ea = a.explanations as Record<string, string>;
      const eb = b.explanations as Record<string, string>;
      const cells = Object.keys({ ...(a.cell_values as object), ...(b.cell_values as object) }).sort();
      return {
        from: versionItem(a),
        to: versionItem(b),
        changes: diffValues(
          a.cell_values as Record<string, string>,
          b.cell_values as Record<string, string>,
          cells,
        ),
        explanationChanges: diffValues(ea, eb, Object.keys({ ...ea, ...eb }).sort()).map((c) => ({
          ruleId: c.cell,
          before: c.before,
          after: c.after,
        })),
      };
    },

    /** Closes a period by hand before its grace ends (no more saves or submissions). */
    async closePeriod(ctx: RequestContext, formId: string, periodText: string, reason: string) {
      assertRole(ctx.actor, CLOSERS);
      const form = await formFor(ctx.actor, formId);
      const period = periods.formatPeriod(periodOf(form, periodText));
      const row = await db.transaction().execute(async (trx) => {
        const closed = await trx
          .insertInto('collection.period_closures')
          .values({ form_id: form.id, period, reason, closed_by: ctx.actor.username })
          .onConflict((oc) => oc.columns(['form_id', 'period']).doNothing())
          .returningAll()
          .executeTakeFirst();
        if (closed) {
          await recordAudit(trx, who(ctx), {
            action: 'collection.period_closed',
            entityType: 'form_period',
            entityId: `${form.id}/${period}`,
            after: { reason },
            details: { form: form.code, period },
          });
        }
        return (
          closed ??
          (await trx
            .selectFrom('collection.period_closures')
            .selectAll()
            .where('form_id', '=', form.id)
            .where('period', '=', period)
            .executeTakeFirstOrThrow())
        );
      });
      return {
        formId: form.id,
        period,
        closed: true,
        reason: row.reason,
        closedBy: row.closed_by,
        closedAt: row.closed_at.toISOString(),
      };
    },

    /** Reopens a period closed by hand (the grace rule applies again). */
    async reopenPeriod(ctx: RequestContext, formId: string, periodText: string) {
      assertRole(ctx.actor, CLOSERS);
      const form = await formFor(ctx.actor, formId);
      const period = periods.formatPeriod(periodOf(form, periodText));
      await db.transaction().execute(async (trx) => {
        const removed = await trx
          .deleteFrom('collection.period_closures')
          .where('form_id', '=', form.id)
          .where('period', '=', period)
          .returningAll()
          .executeTakeFirst();
        if (!removed) throw P.not_closed();
        await recordAudit(trx, who(ctx), {
          action: 'collection.period_reopened',
          entityType: 'form_period',
          entityId: `${form.id}/${period}`,
          before: { reason: removed.reason, closedBy: removed.closed_by },
          details: { form: form.code, period },
        });
      });
      return { formId: form.id, period, closed: false, reason: null, closedBy: null, closedAt: null };
    },

    /** For tests and benchmarks: how many rule sets are compiled. */
    compiledRuleSets: () => ruleSets.size,
  };
}

function versionItem(r: {
  seq: number;
  reason: SaveReason;
  status: SubmissionRow['status'];
  form_version_id: string;
  actor_id: string | null;
  actor_name: string | null;
  created_at: Date;
}) {
  return {
    seq: r.seq,
    reason: r.reason,
    status: r.status,
    formVersionId: r.form_version_id,
    actorId: r.actor_id,
    actorName: r.actor_name,
    createdAt: r.created_at.toISOString(),
  };
}

export type CollectionService = ReturnType<typeof createCollectionService>;
