/**
 * Review's part of the demo history (演示历史数据): what the real review flow would have left
 * behind for the submissions collection's demo seed wrote — approval at every configured level
 * for the approved history, a few steps up the levels for forms handed in during the open
 * period, a return with its reason for the returned ones, accepted explanations (说明) and the
 * failures seen by each decision. Written in a few large statements; one audit event records it.
 */
import { sql } from 'kysely';
import { recordAudit } from '../../platform/audit.ts';
import { ALL_STATUSES } from '../registry/index.ts';
import type { ReviewCollection, ReviewDeps } from './access.ts';
import { DEFAULT_LEVELS, type ReviewLevel, validLevels } from './domain/levels.ts';
import { type ReviewDb, reviewDb, reviewRepo } from './repo.ts';

/** The periods collection's demo seed wrote, by form (its summary). */
export interface DemoPeriods {
  forms: { formId: string; code: string; history: string[]; open: string | null }[];
}

const ROLE: Record<ReviewLevel, string> = {
  township: 'township_statistician',
  county: 'county_statistician',
  city: 'city_statistician',
};

const RETURN_REASONS = [
  '出口交货值与海关数据差异较大，请核实后重新上报。',
  '主要产品产量与产值变化方向不一致，请核实。',
  '请补充说明本月产值大幅波动的原因。',
];

/** A number in [0, 1) from a text (FNV-1a), for choices that must be the same on every run. */
function fraction(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0) / 4294967296;
}

interface Staged {
  unit_id: string;
  form_id: string;
  period: string;
  state: {
    level: ReviewLevel;
    status: string;
    version: number;
    reason: string | null;
    by: string;
    at: Date;
  } | null;
  decisions: {
    seq: number;
    level: ReviewLevel;
    decision: string;
    reason: string | null;
    by: string;
    role: string;
    at: Date;
  }[];
  failures: { rule_id: string; severity: string; message: unknown; explanation: string | null }[];
}

/** What collection's demo seed hands over: the periods it wrote and who reviewed them. */
export interface DemoHistory {
  periods(): DemoPeriods | null;
  reviewer(level: ReviewLevel, townshipCode: string): string;
}

/** Seeds review's records for collection's demo history (see the file comment). */
export async function seedReviewHistory(
  deps: Pick<ReviewDeps, 'db' | 'collection' | 'registry'>,
  demo: DemoPeriods,
  reviewer: (level: ReviewLevel, townshipCode: string) => string,
  now = new Date(),
) {
  const db = reviewDb(deps.db);
  const collection: ReviewCollection = deps.collection();
  const configs = await reviewRepo.levelConfigs(
    db,
    demo.forms.map((f) => f.formId),
  );
  const staged: Staged[] = [];
  const township = new Map<string, string>();
  for (const form of demo.forms) {
    const configured = configs.find((c) => c.form_id === form.formId)?.levels as string[] | undefined;
    const levels = configured && validLevels(configured) ? configured : DEFAULT_LEVELS;
    for (const period of [...form.history, ...(form.open ? [form.open] : [])]) {
      const subs = await collection.handedIn(deps.db, { period, formId: form.formId });
      if (!subs.length) continue;
      // The same units report period after period: look each one up once.
      const unknown = subs.map((s) => s.unitId).filter((id) => !township.has(id));
      if (unknown.length) {
        const units = await deps.registry().unitsMatching({ unitIds: unknown, statuses: ALL_STATUSES });
        for (const u of units) township.set(u.id, u.townshipCode);
      }
      const failing = new Map<string, Staged['failures']>();
      for await (const page of collection.failures(deps.db, { period, formId: form.formId })) {
        for (const f of page) {
          const list = failing.get(f.unitId) ?? [];
          list.push({
            rule_id: f.ruleId,
            severity: f.severity,
            message: f.message,
            explanation: f.explanation,
          });
          failing.set(f.unitId, list);
        }
      }
      for (const sub of subs) {
        const where = township.get(sub.unitId) ?? '';
        const name = (l: ReviewLevel) => reviewer(l, where);
        const from = sub.submittedAt ?? sub.updatedAt;
        const x: Staged = {
          unit_id: sub.unitId,
          form_id: sub.formId,
          period: sub.period,
          state: null,
          decisions: [],
          failures: failing.get(sub.unitId) ?? [],
        };
        if (sub.status === 'approved') {
          // Approved at every level, the last (final) approval when collection's row says.
          const span = sub.updatedAt.getTime() - from.getTime();
          levels.forEach((l, i) => {
            const at = new Date(from.getTime() + (span * (i + 1)) / levels.length);
            x.decisions.push({
              seq: i + 1,
              level: l,
              decision: 'approve',
              reason: null,
              by: name(l),
              role: ROLE[l],
              at,
            });
          });
          const top = levels[levels.length - 1];
          x.state = {
            level: top,
            status: 'approved',
            version: levels.length,
            reason: null,
            by: name(top),
            at: sub.updatedAt,
          };
        } else if (sub.status === 'returned') {
          const reason = RETURN_REASONS[Math.floor(fraction(sub.unitId) * RETURN_REASONS.length)];
          const l = levels[0];
          x.decisions.push({
            seq: 1,
            level: l,
            decision: 'return_to_unit',
            reason,
            by: name(l),
            role: ROLE[l],
            at: sub.updatedAt,
          });
          x.state = { level: l, status: 'returned', version: 1, reason, by: name(l), at: sub.updatedAt };
        } else {
          // Handed in during the open period: some already approved at one or more lower levels.
          const steps = Math.floor(fraction(`${sub.unitId}/${sub.period}`) * levels.length);
          const span = Math.max(0, now.getTime() - 60_000 - from.getTime());
          for (let i = 0; i < steps; i++) {
            const at = new Date(from.getTime() + (span * (i + 1)) / (steps + 1));
            x.decisions.push({
              seq: i + 1,
              level: levels[i],
              decision: 'approve',
              reason: null,
              by: name(levels[i]),
              role: ROLE[levels[i]],
              at,
            });
          }
          if (steps) {
            const last = x.decisions[steps - 1];
            x.state = {
              level: levels[steps],
              status: 'pending',
              version: steps,
              reason: null,
              by: last.by,
              at: last.at,
            };
          }
        }
        if (x.decisions.length) staged.push(x);
      }
    }
  }
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < staged.length; i += 5000)
      await writeStaged(trx, JSON.stringify(staged.slice(i, i + 5000)));
    await recordAudit(
      trx,
      { actor: null, ip: null, userAgent: null },
      {
        action: 'review.demo_history_seeded',
        entityType: 'demo',
        entityId: 'review',
        details: {
          submissions: staged.length,
          decisions: staged.reduce((n, s) => n + s.decisions.length, 0),
        },
      },
    );
  });
  return { submissions: staged.length };
}

/**
 * One statement per chunk: states, decisions (numbered in order), verdicts accepting each
 * explanation at the first decision, and each failure as seen from the first to the last decision.
 */
async function writeStaged(trx: ReviewDb, staged: string) {
  await sql`
    with s as materialized (
      select * from json_to_recordset(${staged}::json) as s(
        unit_id uuid, form_id uuid, period text, state json, decisions json, failures json)
    ),
    d as materialized (
      select s.unit_id, s.form_id, s.period, d.seq, d.level, d.decision, d.reason, d.by, d.role, d.at
      from s cross join lateral json_to_recordset(s.decisions) as d(
        seq integer, level text, decision text, reason text, by text, role text, at timestamptz)
    ),
    span as (
      select unit_id, form_id, period, min(at) as first_at, max(at) as last_at from d
      group by unit_id, form_id, period
    ),
    first_decision as (select * from d where seq = 1),
    states as (
      insert into review.states (unit_id, form_id, period, level, status, round, version, reason, updated_by, updated_at)
      select unit_id, form_id, period, state->>'level', state->>'status', 1, (state->>'version')::integer,
        state->>'reason', state->>'by', (state->>'at')::timestamptz
      from s where state is not null
    ),
    decisions as (
      insert into review.decisions (unit_id, form_id, period, seq, round, level, decision, to_level,
        reason, actor_id, actor_name, actor_role, decided_at)
      select unit_id, form_id, period, seq, 1, level, decision, null, reason, null, by, role, at from d
    ),
    f as materialized (
      select s.unit_id, s.form_id, s.period, f.rule_id, f.severity, f.message, f.explanation
      from s cross join lateral json_to_recordset(s.failures) as f(
        rule_id text, severity text, message jsonb, explanation text)
    ),
    verdicts as (
      insert into review.explanation_reviews (unit_id, form_id, period, rule_id, verdict, note,
        explanation, level, reviewer_id, reviewer_name, reviewed_at)
      select f.unit_id, f.form_id, f.period, f.rule_id, 'accepted', null, f.explanation, fd.level,
        null, fd.by, fd.at
      from f join first_decision fd using (unit_id, form_id, period)
      where f.severity = 'verify' and f.explanation is not null
    )
    insert into review.violations (unit_id, form_id, period, rule_id, severity, message, first_seen_at, last_seen_at)
    select f.unit_id, f.form_id, f.period, f.rule_id, f.severity, f.message, span.first_at, span.last_at
    from f join span using (unit_id, form_id, period)
  `.execute(trx);
}
