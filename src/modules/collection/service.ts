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
import type { RequestContext } from '../../platform/audit.ts';
import { type Actor, assertRole } from '../../platform/auth.ts';
import type { Db } from '../../platform/db.ts';
import type { Logger } from '../../platform/logging.ts';
import { Problem } from '../../platform/problems.ts';
import { type CellValues, periods } from '../surveys/index.ts';
import { createAreaService } from './area.ts';
import { createClosureService } from './closures.ts';
import {
  type CollectionRegister,
  type CollectionSurveys,
  createContextLoader,
  EXAMPLE,
  type InForce,
  type Loaded,
} from './context.ts';
import type { RuleResultView, SubmissionView } from './contract.ts';
import { blankRequiredCells, checkEachValue, checkEnteredValues, type RawValue } from './domain/cells.ts';
import { diffValues } from './domain/diff.ts';
import { currentPeriod, windowOf, windowState } from './domain/window.ts';
import { collectionProblems as P } from './problems.ts';
import { createRecheckService } from './recheck.ts';
import { collectionDb, collectionRepo, type SubmissionRow } from './repo.ts';
import { createRuleSetCache } from './rule-sets.ts';
import { counts, iso, resultViews, storedResults, submissionView, versionItem } from './views.ts';
import { readCurrent, type Saved, writeSubmission } from './writes.ts';

export type { CollectionRegister, CollectionSurveys } from './context.ts';

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
  /** Why review returned each of a unit's forms, by `formId/period` (wired in app.ts). */
  returnReasons?: () => (unitId: string) => Promise<Map<string, string | null>>;
  now?: () => Date;
}) {
  const db = collectionDb(deps.db);
  const repo = collectionRepo(db);
  const now = deps.now ?? (() => new Date());
  const ruleSets = createRuleSetCache(deps.logger);
  const loader = createContextLoader({
    db: deps.db,
    repo,
    surveys: deps.surveys,
    registry: deps.registry,
    ruleSets,
    now,
  });

  const view = (
    l: Loaded,
    row: SubmissionRow | undefined,
    values: Record<string, string | null>,
    results: RuleResultView[],
  ) => submissionView(l, row, values, results, loader.windowView(l), now());

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

  /** Saved explanations with the given ones applied (an empty text withdraws one). */
  function mergeExplanations(saved: Saved['explanations'], given: Record<string, string> | undefined) {
    const out: Record<string, string> = {};
    for (const [id, e] of saved) out[id] = e.body;
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
      const unit = await loader.unitFor(actor, q.unitId);
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
        loader.graceDays(),
        repo.failingCounts(unit.id),
      ]);
      const returns = (await deps.returnReasons?.()(unit.id)) ?? new Map<string, string | null>();
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
        const window = windowOf(period, version?.definition.form.deadline ?? form.deadline, grace);
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
          returnReason: sub?.status === 'returned' ? (returns.get(`${form.id}/${text}`) ?? null) : null,
        });
      }
      items.sort((a, b) => (a.formCode < b.formCode ? -1 : a.formCode > b.formCode ? 1 : 0));
      return { unitId: unit.id, unitName: unit.name, items };
    },

    /** The entry form: definition, values, last period and last year beside each cell, results. */
    async entry(actor: Actor, formId: string, periodText: string, unitId?: string) {
      const l = await loader.load(actor, formId, periodText, unitId);
      const f = await loader.inForce(actor, l);
      const row = await repo.findSubmission(l.key);
      const [saved, results, explanations] = row
        ? await Promise.all([repo.valuesFor(l.key), repo.ruleResults(l.key), repo.explanations(l.key)])
        : [null, null, []];
      const values: Record<string, string | null> = saved ?? loader.evaluate(l, f, {}).values;
      const returnReason =
        row?.status === 'returned'
          ? ((await deps.returnReasons?.()(l.key.unitId))?.get(`${formId}/${l.key.period}`) ?? null)
          : null;
      const explained = Object.fromEntries(explanations.map((e) => [e.rule_id, e.body]));
      const views = resultViews(storedResults(results), explained);
      const model = f.version.model;
      return {
        ...view(l, row, values, views),
        formVersion: row
          ? { id: row.form_version_id, number: row.form_version_number }
          : { id: f.version.versionId, number: f.version.number },
        unitName: l.unit.name,
        previousPeriod: periods.formatPeriod(periods.previousPeriod(l.period)),
        lastYearPeriod: periods.formatPeriod(periods.samePeriodLastYear(l.period)),
        previousReported: f.previous !== null,
        lastYearReported: f.lastYear !== null,
        returnReason,
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
      const l = await loader.load(ctx.actor, formId, periodText, unitId);
      loader.assertOpen(l);
      await loader.assertExpected(l);
      const { previousPeriod, lastYearPeriod } = loader.ownPeriods(l);
      const { existing, saved, reported } = await readCurrent(db, l.key, {
        reportedPeriods: [previousPeriod, lastYearPeriod],
      });
      const f = await loader.inForce(ctx.actor, l, reported);
      const patch = checkCells(f, input.values ?? {});
      checkExplanationRules(f, input.explanations);
      assertWritable(existing, input.version);
      const entered: CellValues = { ...saved.entered, ...patch };
      const explanations = mergeExplanations(saved.explanations, input.explanations);
      const { values, results } = loader.evaluate(l, f, entered);
      const row = await conflictsToProblems(() =>
        writeSubmission(
          db,
          ctx,
          l,
          f,
          existing,
          saved,
          {
            status: existing?.status === 'returned' ? 'returned' : 'draft',
            reason: input.reason ?? 'autosave',
            values,
            results,
            explanations,
          },
          now(),
        ),
      );
      return view(l, row, values, resultViews(results, explanations));
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
      const unit = await loader.unitFor(ctx.actor, opts.unitId);
      const key = opts.idempotencyKey;
      const hash = key ? requestHash({ formId, period: periodText, ...input }) : null;
      const replay = (seen: { request_hash: string; response: unknown }) => {
        if (seen.request_hash !== hash) throw P.idempotency_key_reused({ key });
        return seen.response as SubmissionView;
      };
      const l = await loader.load(ctx.actor, formId, periodText, unit);
      const { previousPeriod, lastYearPeriod } = loader.ownPeriods(l);
      // One read: the submission, the key's first answer, and the periods the rules read.
      const { existing, saved, seen, reported } = await readCurrent(db, l.key, {
        idempotencyKey: key,
        reportedPeriods: [previousPeriod, lastYearPeriod],
      });
      if (key && seen) return replay(seen);
      const { late } = loader.assertOpen(l);
      await loader.assertExpected(l);
      const f = await loader.inForce(ctx.actor, l, reported);
      const given = input.values ? checkCells(f, input.values) : null;
      checkExplanationRules(f, input.explanations);
      assertWritable(existing, input.version);
      const entered: CellValues = given ?? saved.entered;
      const explanations = mergeExplanations(saved.explanations, input.explanations);
      const { values, results } = loader.evaluate(l, f, entered);
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
      const views = resultViews(results, explanations);
      try {
        const row = await conflictsToProblems(() =>
          writeSubmission(
            db,
            ctx,
            l,
            f,
            existing,
            saved,
            {
              status: 'submitted',
              reason: ctx.actor.via === 'token' ? 'api' : 'submit',
              values,
              results,
              explanations,
              submitted: { late },
              ...(key ? { idempotency: { key, hash: hash!, answer: (r) => view(l, r, values, views) } } : {}),
            },
            now(),
          ),
        );
        return view(l, row, values, views);
      } catch (e) {
        // The same key raced in from another connection and committed first: answer as it did.
        if (key && e instanceof Problem && e.code === P.codes.version_conflict) {
          const again = await repo.idempotencyKey(unit.id, key);
          if (again) return replay(again);
        }
        throw e;
      }
    },

    /**
     * Runs every check a submission would meet on the given values, saving nothing: the same
     * cell checks and rules as submit, all problems at once (for enterprise software before it
     * submits, and uploads).
     */
    async check(
      actor: Actor,
      formId: string,
      periodText: string,
      input: { values: Record<string, RawValue>; explanations?: Record<string, string> },
      unitId?: string,
    ) {
      const l = await loader.load(actor, formId, periodText, unitId);
      const f = await loader.inForce(actor, l);
      checkExplanationRules(f, input.explanations);
      const cells = checkEachValue(f.version.definition, f.version.model, input.values);
      const { values, results } = loader.evaluate(l, f, cells.values);
      const explanations = mergeExplanations(new Map(), input.explanations);
      const blankRequired = blankRequiredCells(f.version.definition, f.version.model, values).filter(
        (c) => !cells.issues.some((i) => i.cell === c),
      );
      const views = resultViews(results, explanations);
      const failing = counts(views);
      const missingExplanations = results
        .filter((r) => r.severity === 'verify' && r.outcome === 'fail' && !explanations[r.ruleId])
        .map((r) => r.ruleId);
      const nonBlank: Record<string, string> = {};
      for (const [k, v] of Object.entries(values)) if (v !== null) nonBlank[k] = v;
      return {
        cellIssues: cells.issues,
        blankRequired,
        values: nonBlank,
        results: views,
        counts: failing,
        missingExplanations,
        submittable:
          !cells.issues.length && !blankRequired.length && failing.fatal === 0 && !missingExplanations.length,
      };
    },

    /** Status and the last check's results (for enterprise software polling). */
    async status(actor: Actor, formId: string, periodText: string, unitId?: string): Promise<SubmissionView> {
      const l = await loader.load(actor, formId, periodText, unitId);
      const row = await repo.findSubmission(l.key);
      if (!row) return view(l, undefined, {}, []);
      const [values, results, explanations] = await Promise.all([
        repo.valuesFor(l.key),
        repo.ruleResults(l.key),
        repo.explanations(l.key),
      ]);
      const explained = Object.fromEntries(explanations.map((e) => [e.rule_id, e.body]));
      return view(l, row, values ?? {}, resultViews(storedResults(results), explained));
    },

    /** Every saved version of a submission, oldest first. */
    async versions(actor: Actor, formId: string, periodText: string, unitId?: string) {
      const l = await loader.load(actor, formId, periodText, unitId);
      const rows = await repo.versions(l.key);
      return rows.map(versionItem);
    },

    /** One saved version with its values and explanations. */
    async version(actor: Actor, formId: string, periodText: string, seq: number, unitId?: string) {
      const l = await loader.load(actor, formId, periodText, unitId);
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
      const l = await loader.load(actor, formId, periodText, unitId);
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

    /** For tests and benchmarks: how many rule sets are compiled. */
    compiledRuleSets: () => ruleSets.size,

    ...createClosureService({ db, loader }),
    ...createAreaService({ repo, loader, surveys: deps.surveys, now }),
    ...createRecheckService({ db, repo, loader, surveys: deps.surveys, now }),
  };
}

export type CollectionService = ReturnType<typeof createCollectionService>;
