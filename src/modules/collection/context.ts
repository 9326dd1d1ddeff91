/**
 * Everything a use case needs to know about one unit, form and period before it acts: the unit
 * (scope-checked by the register), the form and its reporting window, the version in force and
 * the values its computed cells and rules read from other periods and forms. All of it is read
 * before a transaction opens (PGlite has one connection).
 *
 * Facts that change rarely (forms and the version in force, the unit, the reporting scope, the
 * grace days, closures) are kept in a small in-process cache: a change recorded in this process
 * (every change is audited) empties it at once; a change made by another process is seen within
 * FACT_TTL_MS. What a submission holds, and previous periods' values, are always read fresh.
 */
import { type AuditEvent, onAudited } from '../../platform/audit.ts';
import { type Actor, assertRole, type Role, STATISTICIAN_ROLES } from '../../platform/auth.ts';
import type { Db } from '../../platform/db.ts';
import { Problem } from '../../platform/problems.ts';
import { getSetting } from '../../platform/settings.ts';
import {
  type CellValues,
  evaluateCells,
  type FormModel,
  periods,
  referencedFormCodes,
} from '../surveys/index.ts';
import {
  type CompiledRuleSet,
  evaluateRuleSet,
  type FormPeriods,
  type RecordData,
} from '../validation/index.ts';
import { beijingText, type ReportingWindow, windowOf, windowState } from './domain/window.ts';
import { collectionProblems as P } from './problems.ts';
import type { CollectionRepo, SubmissionKey } from './repo.ts';
import type { createRuleSetCache, VersionInForce } from './rule-sets.ts';

type Period = periods.Period;
type Frequency = periods.Frequency;

/** What collection needs of the survey system (handed in by app.ts). */
export interface CollectionSurveys {
  listForms(actor: Actor): Promise<FormInfo[]>;
  definitionFor(formId: string, period: string): Promise<(VersionInForce & { model: FormModel }) | null>;
  expectedReporters(
    formId: string,
    period: string,
    division?: string,
  ): Promise<{ units: { id: string; creditCode: string; name: string; townshipCode: string }[] }>;
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

export type Unit = Awaited<ReturnType<CollectionRegister['getUnit']>>;

/** Who may read submissions (enterprise reporters only their own unit's). */
const READERS: readonly Role[] = [...STATISTICIAN_ROLES, 'designer', 'admin', 'enterprise'];
/** Days after the deadline a period stays open for late reports, unless `collection.graceDays` says otherwise. */
export const DEFAULT_GRACE_DAYS = 10;

/** How long a cached fact is trusted when no change was seen in this process (other processes). */
export const FACT_TTL_MS = 10_000;
/**
 * After a change is seen nothing is cached for this long: the event is recorded before its
 * transaction commits, so a read just after it may still see the old state.
 */
const SETTLE_MS = 2_000;
const MAX_FACTS = 20_000;

/** Audit events of work that changes no form, unit, scope, closure or setting (the busy ones). */
const NO_FACT_CHANGES =
  /^(collection\.(submitted|draft_saved|rechecked)|review\.|monitoring\.reminders_sent|sign_in\.|sign_out|api_token\.|account\.password_changed)/;

/** Promises of facts by key, shared by concurrent requests, emptied on any change seen. */
export class FactCache {
  #entries = new Map<string, { at: number; value: Promise<unknown> }>();
  #changedAt = Number.NEGATIVE_INFINITY;

  /** Forgets everything (a form, unit, scope, closure or setting changed). */
  invalidate(): void {
    this.#entries.clear();
    this.#changedAt = Date.now();
  }

  /** The cached fact, or `load()` (kept unless it fails or a change was seen just now). */
  get<T>(key: string, load: () => Promise<T>): Promise<T> {
    const now = Date.now();
    const hit = this.#entries.get(key);
    if (hit && now - hit.at < FACT_TTL_MS) return hit.value as Promise<T>;
    if (now - this.#changedAt < SETTLE_MS) return load();
    if (this.#entries.size >= MAX_FACTS) this.#entries.clear();
    const value = load();
    this.#entries.set(key, { at: now, value });
    value.catch(() => {
      if (this.#entries.get(key)?.value === value) this.#entries.delete(key);
    });
    return value;
  }

  get size() {
    return this.#entries.size;
  }

  /** A cache that empties on every audited change this process records (but its own busy work). */
  static watchingChanges(): FactCache {
    const cache = new FactCache();
    // Weakly held: a cache of an app that was closed (tests) is not kept alive by the listener.
    const ref = new WeakRef(cache);
    const off = onAudited((e: AuditEvent) => {
      const c = ref.deref();
      if (!c) off();
      else if (!NO_FACT_CHANGES.test(e.action)) c.invalidate();
    });
    return cache;
  }
}

export const EXAMPLE: Record<Frequency, string> = { monthly: '2026-10', quarterly: '2026Q3', annual: '2026' };

/** A unit, form and period, with the period's reporting window. */
export interface Loaded {
  unit: Unit;
  form: FormInfo;
  /** The form version in force for the period (null when none is). */
  version: (VersionInForce & { model: FormModel }) | null;
  period: Period;
  key: SubmissionKey;
  window: ReportingWindow;
  closedByOffice: boolean;
}

/** The version in force, its compiled rules, and the values they read outside this period's form. */
export interface InForce {
  version: VersionInForce & { model: FormModel };
  ruleSet: CompiledRuleSet;
  previous: Record<string, string> | null;
  lastYear: Record<string, string> | null;
  otherForms: Record<string, FormPeriods>;
}

export function createContextLoader(deps: {
  db: Db;
  repo: CollectionRepo;
  surveys: () => CollectionSurveys;
  registry: () => CollectionRegister;
  ruleSets: ReturnType<typeof createRuleSetCache>;
  now: () => Date;
}) {
  const { repo } = deps;
  const facts = FactCache.watchingChanges();

  function graceDays(): Promise<number> {
    return facts.get('grace', async () => {
      const v = await getSetting<number>(deps.db, 'collection.graceDays');
      return typeof v === 'number' && v >= 0 ? v : DEFAULT_GRACE_DAYS;
    });
  }

  const listForms = (actor: Actor) => facts.get(`forms|${actor.role}`, () => deps.surveys().listForms(actor));
  const definitionFor = (formId: string, period: string) =>
    facts.get(`version|${formId}|${period}`, () => deps.surveys().definitionFor(formId, period));

  /** The unit the request is about: the reporter's own, or one the actor may see. */
  async function unitFor(actor: Actor, unitId: string | undefined): Promise<Unit> {
    assertRole(actor, READERS);
    const id = unitId ?? (actor.role === 'enterprise' ? actor.unitId : null);
    if (!id) throw P.unit_required();
    if (actor.role === 'enterprise' && id !== actor.unitId) throw P.unit_not_found();
    try {
      // The register's answer depends on the actor's scope: the key carries it.
      const who = `${actor.role}|${actor.divisionCode ?? ''}|${actor.unitId ?? ''}`;
      return await facts.get(`unit|${who}|${id}`, () => deps.registry().getUnit(actor, id));
    } catch (e) {
      if (e instanceof Problem && e.status === 404) throw P.unit_not_found();
      throw e;
    }
  }

  async function formFor(actor: Actor, formId: string): Promise<FormInfo> {
    const form = (await listForms(actor)).find((f) => f.id === formId);
    if (!form) throw P.form_not_found();
    return form;
  }

  function periodOf(form: FormInfo, text: string): Period {
    const p = periods.parsePeriodOf(text, form.frequency);
    if (!p) throw P.bad_period({ period: text, example: EXAMPLE[form.frequency] });
    return p;
  }

  /** A form and period with the version in force and the reporting window (no unit). */
  async function loadFormPeriod(actor: Actor, formId: string, periodText: string) {
    const form = await formFor(actor, formId);
    const period = periodOf(form, periodText);
    const text = periods.formatPeriod(period);
    const [grace, closure, version] = await Promise.all([
      graceDays(),
      facts.get(`closed|${form.id}|${text}`, async () => !!(await repo.closure(form.id, text))),
      definitionFor(form.id, text),
    ]);
    return {
      form,
      version,
      period,
      periodText: text,
      // The deadline of the version in force: a later version may change it from its period on.
      window: windowOf(period, version?.definition.form.deadline ?? form.deadline, grace),
      closedByOffice: !!closure,
    };
  }

  /** Resolves unit (or takes it resolved), form, period and window. */
  async function load(actor: Actor, formId: string, periodText: string, unit: string | Unit | undefined) {
    const u = typeof unit === 'object' ? unit : await unitFor(actor, unit);
    const { periodText: text, ...fp } = await loadFormPeriod(actor, formId, periodText);
    return { ...fp, unit: u, key: { unitId: u.id, formId: fp.form.id, period: text } } satisfies Loaded;
  }

  /** The periods of this form whose reported values a submission reads (`reportedPeriods`). */
  function ownPeriods(l: Pick<Loaded, 'period'>) {
    return {
      previousPeriod: periods.formatPeriod(periods.previousPeriod(l.period)),
      lastYearPeriod: periods.formatPeriod(periods.samePeriodLastYear(l.period)),
    };
  }

  /**
   * The compiled rules of a version in force for a period, typed against the versions in force
   * of the other forms (same frequency) its rules name; those forms come back with their ids.
   */
  async function ruleSetFor(actor: Actor, form: FormInfo, period: string, version: VersionInForce) {
    const others: (VersionInForce & { formId: string })[] = [];
    const codes = referencedFormCodes(version.definition);
    if (codes.length) {
      const forms = await listForms(actor);
      for (const code of codes) {
        // "The same unit and period" only means something for a form of the same frequency.
        const other = forms.find((f) => f.code === code && f.frequency === form.frequency);
        const v = other ? await definitionFor(other.id, period) : null;
        if (other && v) others.push({ ...v, formId: other.id });
      }
    }
    return { ruleSet: deps.ruleSets.get(version, others), others };
  }

  /**
   * The version in force with its compiled rules, and what they read: this form's previous
   * period and last year (also shown beside each cell and carried into derived columns), and
   * other forms of the unit in the periods the rules name. Only reported (submitted or
   * approved) values count; anything else is "not reported" to a rule.
   */
  async function inForce(
    actor: Actor,
    l: Loaded,
    reported?: Map<string, Record<string, string>>,
  ): Promise<InForce> {
    const version = l.version;
    if (!version) throw P.form_not_in_force({ formCode: l.form.code, period: l.key.period });
    const { previousPeriod, lastYearPeriod } = ownPeriods(l);
    const own =
      reported ?? (await repo.reportedValues(l.key.unitId, l.form.id, [previousPeriod, lastYearPeriod]));
    const previous = own.get(previousPeriod) ?? null;
    const lastYear = own.get(lastYearPeriod) ?? null;
    const { ruleSet, others } = await ruleSetFor(actor, l.form, l.key.period, version);
    const otherForms: Record<string, FormPeriods> = {};
    for (const o of others) {
      const need = ruleSet.needs.otherForms[o.definition.form.code];
      if (!need) continue;
      const wanted = [
        ...(need.current ? [l.key.period] : []),
        ...(need.previous ? [previousPeriod] : []),
        ...(need.lastYear ? [lastYearPeriod] : []),
      ];
      const found = await repo.reportedValues(l.key.unitId, o.formId, wanted);
      otherForms[o.definition.form.code] = {
        values: found.get(l.key.period) ?? null,
        previous: found.get(previousPeriod) ?? null,
        lastYear: found.get(lastYearPeriod) ?? null,
      };
    }
    return { version, ruleSet, previous, lastYear, otherForms };
  }

  /**
   * Throws unless the unit is in the form's reporting scope (报送范围) for the period: units
   * outside it have nothing to report, and their figures would leak into aggregates. A unit
   * added to the scope by hand (a scope override) is in it.
   */
  async function assertExpected(l: Loaded): Promise<void> {
    const expected = await facts.get(
      `expected|${l.form.id}|${l.key.period}|${l.unit.townshipCode}`,
      async () => {
        const { units } = await deps
          .surveys()
          .expectedReporters(l.form.id, l.key.period, l.unit.townshipCode);
        return new Set(units.map((u) => u.id));
      },
    );
    if (!expected.has(l.unit.id)) {
      throw P.not_in_scope({ formCode: l.form.code, period: l.key.period });
    }
  }

  /** Computed cells from what was entered, then every rule on the result. */
  function evaluate(l: Loaded, f: InForce, entered: CellValues) {
    const values = evaluateCells(f.version.model, entered, {
      previous: f.previous,
      lastYear: f.lastYear,
      firstOfYear: periods.isFirstOfYear(l.period),
    });
    const data: RecordData = {
      values,
      previous: f.previous,
      lastYear: f.lastYear,
      otherForms: f.otherForms,
      unit: {
        industry: l.unit.industryCode,
        size: l.unit.sizeClass,
        division: l.unit.townshipCode,
        employees: l.unit.employees,
      },
    };
    return { values, results: evaluateRuleSet(f.ruleSet, data) };
  }

  function windowView(l: Pick<Loaded, 'window' | 'closedByOffice'>) {
    const s = windowState(l.window, deps.now(), l.closedByOffice);
    return {
      opensAt: l.window.opensAt.toISOString(),
      deadline: l.window.deadline.toISOString(),
      closesAt: l.window.closesAt.toISOString(),
      state: s.state,
      closedByOffice: l.closedByOffice,
    };
  }

  /** Throws unless the period is open for reporting; says whether a report now is late. */
  function assertOpen(l: Loaded): { late: boolean } {
    const s = windowState(l.window, deps.now(), l.closedByOffice);
    if (s.state === 'not_open') {
      throw P.period_not_open({ period: l.key.period, opensAt: beijingText(l.window.opensAt) });
    }
    if (s.state === 'closed') {
      const at = beijingText(l.window.closesAt);
      throw P.period_closed({
        period: l.key.period,
        why:
          s.why === 'closed_by_office'
            ? { 'zh-CN': '已由统计机构关闭', 'en-US': 'closed by the statistics office' }
            : {
                'zh-CN': `截止时间后的宽限期已于 ${at}（北京时间）结束`,
                'en-US': `the grace after the deadline ended at ${at} Beijing time`,
              },
      });
    }
    return { late: s.late };
  }

  return {
    /** Rarely changing facts (tests and benchmarks look at its size). */
    facts,
    graceDays,
    unitFor,
    formFor,
    periodOf,
    loadFormPeriod,
    load,
    inForce,
    ownPeriods,
    ruleSetFor,
    assertExpected,
    evaluate,
    windowView,
    assertOpen,
  };
}

export type ContextLoader = ReturnType<typeof createContextLoader>;
