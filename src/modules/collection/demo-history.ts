/**
 * The demo's reporting history (演示历史数据): every unit in each demo form's reporting scope has
 * reported every past period (36 months, 12 quarters, 3 years, within the versions in force) and
 * been approved; the period the task list shows now is left open, with some units handed in,
 * some returned, some drafts, and the demo enterprise not started — so previous-period checks,
 * series, monitoring and the review inbox have something real to show on first start.
 *
 * Entered values come from the seeded generator (domain/history.ts); computed cells are computed
 * by the form's own code and every rule is run by the real rule engine, exactly as a submission
 * would be. Rows are written in a few large statements (json_to_recordset), not one per
 * submission: a history of some 45,000 submissions has to load in seconds on PGlite. One audit
 * event records the seeding instead of one per row.
 */
import { sql } from 'kysely';
import { recordAudit } from '../../platform/audit.ts';
import type { Actor } from '../../platform/auth.ts';
import type { Db } from '../../platform/db.ts';
import type { Logger } from '../../platform/logging.ts';
import { setSetting } from '../../platform/settings.ts';
import { DEMO_ACCOUNTS } from '../identity/index.ts';
import { type CellValues, evaluateCells, type FormModel, periods } from '../surveys/index.ts';
import { type CompiledRuleSet, evaluateRuleSet, type RuleResult } from '../validation/index.ts';
import type { CollectionSurveys, FormInfo } from './context.ts';
import {
  approvedAt,
  DEMO_GRACE_DAYS,
  DEMO_HISTORY_SEED,
  demoReviewer,
  explanationFor,
  GENERATORS,
  type HistoryUnit,
  hashText,
  historyPlan,
  isLate,
  openState,
  submittedAt,
  uniform,
} from './domain/history.ts';
import { currentPeriod, type ReportingWindow, windowOf } from './domain/window.ts';
import type { SubmissionStatus } from './repo.ts';
import { createRuleSetCache, type VersionInForce } from './rule-sets.ts';

type Period = periods.Period;
type Version = VersionInForce & { model: FormModel };

/** A unit in scope as the survey system lists it (the register's attributes included). */
export interface ScopeUnit {
  id: string;
  creditCode: string;
  townshipCode: string;
  industryCode: string;
  sizeClass: string | null;
}

/** What the demo history needs of the survey system: the forms, versions in force and scope. */
export interface DemoSurveys {
  listForms: CollectionSurveys['listForms'];
  definitionFor: CollectionSurveys['definitionFor'];
  expectedReporters(formId: string, period: string): Promise<{ units: ScopeUnit[] }>;
}

/** What it needs of the register: the unit a demo enterprise account will be bound to. */
export interface DemoDirectory {
  firstUnitIn(townshipCode: string): Promise<{ id: string } | null>;
}

/** Reviewer usernames of the demo offices, by division code. */
export const DEMO_REVIEWERS: ReadonlyMap<string, string> = new Map(
  DEMO_ACCOUNTS.flatMap((a) => ('division' in a ? [[a.division, a.username] as const] : [])),
);

const SYSTEM: Actor = {
  accountId: '00000000-0000-0000-0000-000000000000',
  username: 'demo',
  displayName: 'demo',
  role: 'admin',
  officeId: null,
  divisionCode: null,
  unitId: null,
  via: 'session',
  sessionId: null,
};

/** The units the demo enterprise accounts report for: their open period is left to the newcomer. */
export async function demoReporterUnits(dir: DemoDirectory | undefined): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (!dir) return out;
  for (const a of DEMO_ACCOUNTS) {
    if (!('unitIn' in a)) continue;
    const unit = await dir.firstUnitIn(a.unitIn);
    if (unit) out.set(unit.id, a.username);
  }
  return out;
}

/** One submission as the writer ships it: the row, its saved version, cells, results and explanations. */
interface Staged {
  unit_id: string;
  form_id: string;
  period: string;
  status: SubmissionStatus;
  form_version_id: string;
  form_version_number: number;
  version: number;
  late: boolean;
  created_at: Date;
  updated_at: Date;
  updated_by: string;
  submitted_at: Date | null;
  submitted_by: string | null;
  submitted_via: 'session' | 'token' | null;
  saved_at: Date;
  reason: 'save' | 'submit' | 'api';
  saved_status: 'draft' | 'submitted';
  reporter: string;
  cells: Record<string, string>;
  results: RuleResult[];
  explanations: Record<string, string>;
}

export interface HistorySummary {
  forms: {
    formId: string;
    code: string;
    units: number;
    history: string[];
    open: string | null;
    submissions: number;
  }[];
  submissions: number;
  cellValues: number;
  ruleResults: number;
  explanations: number;
}

/** Who decided at a review level for a unit in a township (demo accounts where they exist). */
export const demoReviewerOf = (level: 'township' | 'county' | 'city', townshipCode: string) =>
  demoReviewer(level, townshipCode, DEMO_REVIEWERS);

/** Seeds the demo history and the open period of every demo form (see the file comment). */
export async function seedDemoHistory(deps: {
  db: Db;
  logger: Logger;
  surveys: () => DemoSurveys;
  directory?: () => DemoDirectory;
  now?: () => Date;
  seed?: number;
}): Promise<HistorySummary> {
  const started = performance.now();
  const now = deps.now?.() ?? new Date();
  const seed = deps.seed ?? DEMO_HISTORY_SEED;
  const surveys = deps.surveys();
  const reporters = await demoReporterUnits(deps.directory?.());
  const ruleSets = createRuleSetCache(deps.logger);
  const cellMeta: CellMeta = {};
  const summary: HistorySummary = {
    forms: [],
    submissions: 0,
    cellValues: 0,
    ruleResults: 0,
    explanations: 0,
  };

  // Everything read from other modules first (PGlite has one connection, held by the transaction).
  const jobs: { form: FormInfo; open: Period | null; inForce: InForcePeriod[]; units: ScopeUnit[] }[] = [];
  for (const form of (await surveys.listForms(SYSTEM)).filter((f) => GENERATORS[f.code])) {
    const plan = historyPlan(form.frequency, now, form.deadline, DEMO_GRACE_DAYS, currentPeriod);
    const inForce: InForcePeriod[] = [];
    for (const period of [...plan.history, ...(plan.open ? [plan.open] : [])]) {
      const text = periods.formatPeriod(period);
      const version = await surveys.definitionFor(form.id, text);
      if (version) inForce.push({ period, text, version });
    }
    if (!inForce.length) continue;
    const { units } = await surveys.expectedReporters(form.id, inForce[inForce.length - 1].text);
    for (const v of new Map(inForce.map((p) => [p.version.versionId, p.version])).values()) {
      Object.assign(cellMeta, metaOf(v));
    }
    jobs.push({ form, open: plan.open, inForce, units });
  }

  // Generated and written a chunk at a time, so the whole history never sits in memory at once.
  await deps.db.transaction().execute(async (trx) => {
    await setSetting(trx, 'collection.graceDays', DEMO_GRACE_DAYS);
    const meta = JSON.stringify(cellMeta);
    let staged: Staged[] = [];
    const flush = async () => {
      if (!staged.length) return;
      for (const x of staged) {
        summary.cellValues += Object.keys(x.cells).length;
        summary.ruleResults += x.results.length;
        summary.explanations += Object.keys(x.explanations).length;
      }
      summary.submissions += staged.length;
      await writeStaged(trx, JSON.stringify(staged), meta);
      staged = [];
    };
    await loadingWithoutKeys(trx, ['collection.cell_values', 'collection.rule_results'], async () => {
      for (const { form, open, inForce, units } of jobs) {
        const before = summary.submissions + staged.length;
        for (const unit of units) {
          const reporter = reporters.get(unit.id);
          stageUnit(staged, { form, unit, inForce, open, now, seed, reporter }, ruleSets);
          if (staged.length >= CHUNK) await flush();
        }
        await flush();
        summary.forms.push({
          formId: form.id,
          code: form.code,
          units: units.length,
          history: inForce.filter((p) => p.period !== open).map((p) => p.text),
          open: open ? periods.formatPeriod(open) : null,
          submissions: summary.submissions - before,
        });
      }
    });
    await recordAudit(
      trx,
      { actor: null, ip: null, userAgent: null },
      {
        action: 'collection.demo_history_seeded',
        entityType: 'demo',
        entityId: 'collection',
        after: { graceDays: DEMO_GRACE_DAYS },
        details: summary,
      },
    );
  });
  deps.logger.info(
    { ...summary, forms: undefined, ms: Math.round(performance.now() - started) },
    'demo history seeded',
  );
  return summary;
}

type InForcePeriod = { period: Period; text: string; version: Version };

/** One unit's history of one form, period by period, and its state in the open period. */
function stageUnit(
  staged: Staged[],
  c: {
    form: FormInfo;
    unit: ScopeUnit;
    inForce: InForcePeriod[];
    open: Period | null;
    now: Date;
    seed: number;
    reporter: string | undefined;
  },
  ruleSets: ReturnType<typeof createRuleSetCache>,
) {
  const generate = GENERATORS[c.form.code];
  const unitSeed = hashText(c.unit.id, c.seed);
  const reporter = c.reporter ?? `qy${c.unit.creditCode}`;
  const history: HistoryUnit = {
    id: c.unit.id,
    industryCode: c.unit.industryCode,
    sizeClass: c.unit.sizeClass,
  };
  const reported = new Map<string, { values: Record<string, string>; note: string | null }>();
  for (const { period, text, version } of c.inForce) {
    const isOpen = c.open !== null && periods.comparePeriods(period, c.open) === 0;
    const t = periods.ordinal(period);
    const status: SubmissionStatus | null = isOpen
      ? c.reporter
        ? null
        : openState(unitSeed, t)
      : 'approved';
    if (!status) continue;
    const generated = generate(history, period, c.seed);
    const prev = reported.get(periods.formatPeriod(periods.previousPeriod(period))) ?? null;
    const last = reported.get(periods.formatPeriod(periods.samePeriodLastYear(period))) ?? null;
    const ruleSet: CompiledRuleSet = ruleSets.get(version, []);
    const values = evaluateCells(version.model, generated.entered as CellValues, {
      previous: prev?.values ?? null,
      lastYear: last?.values ?? null,
      firstOfYear: periods.isFirstOfYear(period),
    });
    const results = evaluateRuleSet(ruleSet, {
      values,
      previous: prev?.values ?? null,
      lastYear: last?.values ?? null,
      otherForms: {},
      unit: { industry: c.unit.industryCode, size: c.unit.sizeClass, division: c.unit.townshipCode },
    });
    const fatal = results.filter((r) => r.severity === 'fatal' && r.outcome === 'fail');
    if (fatal.length) {
      throw new Error(
        `demo history of ${c.form.code} ${text} breaks ${fatal.map((r) => r.ruleId).join(', ')}`,
      );
    }
    const nonBlank: Record<string, string> = {};
    for (const [ref, v] of Object.entries(values)) if (v !== null && v !== undefined) nonBlank[ref] = v;
    if (status !== 'draft') reported.set(text, { values: nonBlank, note: generated.note });

    const window = windowOf(period, version.definition.form.deadline, DEMO_GRACE_DAYS);
    const handedIn = status !== 'draft';
    const late = handedIn && (isOpen ? false : isLate(unitSeed, t));
    const at = isOpen ? openSubmittedAt(window, unitSeed, t, c.now) : submittedAt(window, unitSeed, t, late);
    const explanations: Record<string, string> = {};
    if (handedIn) {
      for (const r of results) {
        if (r.severity === 'verify' && r.outcome === 'fail')
          explanations[r.ruleId] = explanationFor(generated.note, last?.note ?? null);
      }
    }
    const via = uniform(unitSeed, t, 81) < 0.2 ? 'token' : 'session';
    const decidedAt =
      status === 'approved' || status === 'returned' ? approvedAt(at, unitSeed, t, c.now) : null;
    staged.push({
      unit_id: c.unit.id,
      form_id: c.form.id,
      period: text,
      status,
      form_version_id: version.versionId,
      form_version_number: version.number,
      // Each review transition (approval at the top, return to the unit) moves the row's version.
      version: decidedAt ? 2 : 1,
      late: isOpen ? at > window.deadline : late,
      created_at: new Date(at.getTime() - (20 + 200 * uniform(unitSeed, t, 82)) * 60_000),
      updated_at: decidedAt ?? at,
      updated_by: decidedAt
        ? demoReviewer(status === 'approved' ? 'city' : 'township', c.unit.townshipCode, DEMO_REVIEWERS)
        : reporter,
      submitted_at: handedIn ? at : null,
      submitted_by: handedIn ? reporter : null,
      submitted_via: handedIn ? via : null,
      saved_at: at,
      reason: handedIn ? (via === 'token' ? 'api' : 'submit') : 'save',
      saved_status: handedIn ? 'submitted' : 'draft',
      reporter,
      cells: nonBlank,
      results,
      explanations,
    });
  }
}

/** When a unit handed in (or saved) in the open period: since its window opened, before now. */
function openSubmittedAt(w: ReportingWindow, unitSeed: number, t: number, now: Date): Date {
  const end = Math.min(now.getTime() - 3_600_000, w.deadline.getTime());
  const start = w.opensAt.getTime();
  return new Date(end <= start ? start : start + (end - start) * uniform(unitSeed, t, 83));
}

/**
 * How each cell of a form version is stored, by `<version id> <ref>`: its indicator and column,
 * whether it is a number, whether it is computed. Looked up per cell inside the statement (a
 * join would let the planner, blind to the size of a JSON set, explode every snapshot once per
 * cell of the form).
 */
type CellMeta = Record<string, [indicator: string, column: string, numeric: boolean, computed: boolean]>;

function metaOf(v: Version): CellMeta {
  const out: CellMeta = {};
  for (const [ref, cell] of v.model.cells) {
    const numeric = cell.type === 'decimal' || cell.type === 'integer';
    out[`${v.versionId} ${ref}`] = [cell.indicator, cell.column, numeric, cell.source.kind !== 'entered'];
  }
  return out;
}

/**
 * Runs a bulk load with the primary keys of the given tables dropped and rebuilt once at the end
 * — PostgreSQL's own advice for populating a database: one sort is far cheaper than growing the
 * index row by row (on PGlite it saves about a third of the load). Only tables that are empty
 * are touched (a first demo seed); the keys are re-created from their own definitions, so a
 * later migration that changes a key cannot be undone here.
 */
async function loadingWithoutKeys(trx: Db, tables: string[], load: () => Promise<void>) {
  const keys: { table: string; name: string; definition: string }[] = [];
  for (const table of tables) {
    const { rows } = await sql<{ name: string; definition: string; empty: boolean }>`
      select c.conname as name, pg_get_constraintdef(c.oid) as definition,
        not exists (select 1 from ${sql.table(table)}) as empty
      from pg_constraint c where c.conrelid = ${table}::regclass and c.contype = 'p'`.execute(trx);
    if (rows[0]?.empty) keys.push({ table, ...rows[0] });
  }
  for (const k of keys)
    await sql`alter table ${sql.table(k.table)} drop constraint ${sql.ref(k.name)}`.execute(trx);
  await load();
  for (const k of keys) {
    await sql`alter table ${sql.table(k.table)} add constraint ${sql.ref(k.name)} ${sql.raw(k.definition)}`.execute(
      trx,
    );
  }
}

/** Submissions per statement: a few megabytes of JSON each. */
const CHUNK = 4000;

/**
 * Writes staged submissions in one statement: the JSON is parsed once and each of collection's
 * tables is filled from it by a data-modifying CTE — the row, its saved version, every non-blank
 * cell (exploded from the version's snapshot), every rule result and the explanations.
 */
async function writeStaged(db: Db, staged: string, meta: string) {
  await sql`
    with s as materialized (
      select * from json_to_recordset(${staged}::json) as s(
        unit_id uuid, form_id uuid, period text, status text, form_version_id uuid,
        form_version_number integer, version integer, late boolean, created_at timestamptz,
        updated_at timestamptz, updated_by text, submitted_at timestamptz, submitted_by text,
        submitted_via text, saved_at timestamptz, reason text, saved_status text, reporter text,
        cells jsonb, results json, explanations jsonb)
    ),
    m as materialized (select ${meta}::jsonb as meta),
    submissions as (
      insert into collection.submissions (unit_id, form_id, period, status, form_version_id,
        form_version_number, version, last_seq, late, created_at, updated_at, updated_by,
        submitted_at, submitted_by, submitted_via)
      select unit_id, form_id, period, status, form_version_id, form_version_number, version, 1,
        late, created_at, updated_at, updated_by, submitted_at, submitted_by, submitted_via
      from s
    ),
    versions as (
      insert into collection.submission_versions (unit_id, form_id, period, seq, reason, status,
        form_version_id, cell_values, explanations, actor_id, actor_name, created_at)
      select unit_id, form_id, period, 1, reason, saved_status, form_version_id, cells,
        explanations, null, reporter, saved_at
      from s
    ),
    cells as (
      insert into collection.cell_values (unit_id, form_id, period, indicator, column_code, num, txt, computed)
      select s.unit_id, s.form_id, s.period, c.meta->>0, c.meta->>1,
        case when (c.meta->>2)::boolean then e.value::numeric end,
        case when (c.meta->>2)::boolean then null else e.value end,
        (c.meta->>3)::boolean
      from s cross join m cross join lateral jsonb_each_text(s.cells) e
      cross join lateral (select m.meta -> (s.form_version_id::text || ' ' || e.key) as meta) c
    ),
    checks as (
      insert into collection.checks (unit_id, form_id, period, results, checked_at)
      select unit_id, form_id, period, results, saved_at from s
    ),
    results as (
      insert into collection.rule_results (unit_id, form_id, period, rule_id, severity, outcome,
        used_values, message, na_reason, checked_at)
      select s.unit_id, s.form_id, s.period, r."ruleId", r.severity, r.outcome, r."values",
        r.message, r.reason, s.saved_at
      from s cross join lateral json_to_recordset(s.results) as r(
        "ruleId" text, severity text, outcome text, "values" jsonb, message jsonb, reason jsonb)
      where r.outcome = 'fail'
    )
    insert into collection.explanations (unit_id, form_id, period, rule_id, body, written_by, written_at)
    select s.unit_id, s.form_id, s.period, x.key, x.value, s.reporter, s.saved_at
    from s cross join lateral jsonb_each_text(s.explanations) x
  `.execute(db);
}
