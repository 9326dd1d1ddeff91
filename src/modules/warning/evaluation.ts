/**
 * Evaluation: reads the watched series, computes lights and alert outcomes (pure domain), and
 * stores what is new — alerts, recoveries, the subscribers' notifications, the audit event and
 * the evaluation state — in one transaction. The unique key of `warning.alerts` (source × target
 * × period) and `on conflict do nothing` make a second evaluation, a restart or a second process
 * fire nothing twice: notifications are written only for rows this transaction inserted.
 *
 * Runs when the statistical database announces a change (only the systems and rules on that
 * series), on demand, and at boot. Evaluations run one at a time in this process: series are read
 * before the transaction opens (on PGlite one transaction holds the only session).
 */
import { randomUUID } from 'node:crypto';
import type { RequestContext } from '../../platform/audit.ts';
import { recordAudit } from '../../platform/audit.ts';
import { type Dec, decToText, parseDec } from '../../platform/decimal.ts';
import type { Logger } from '../../platform/logging.ts';
import { Problem } from '../../platform/problems.ts';
import {
  type Bilingual,
  lightOutcomes,
  type Outcome,
  planAlerts,
  thresholdOutcomes,
} from './domain/alerts.ts';
import { type BoardPeriod, boardPeriods, computeBoard } from './domain/board.ts';
import { LIGHT_NAMES, type Light, parseBoundaries } from './domain/signal.ts';
import type { WarningMonitoring } from './ports.ts';
import { warningProblems as P } from './problems.ts';
import type { RuleRow, SystemRecord, WarningDb, WarningRepo } from './repo.ts';
import { dimsText, type SeriesReader } from './series.ts';

export interface SystemLights {
  labels: Map<string, Bilingual>;
  units: Map<string, Bilingual>;
  values: Map<string, Map<string, Dec | null>>;
  board: BoardPeriod[];
}

interface Source {
  kind: 'system' | 'rule';
  id: string;
  name: Bilingual;
  target: string;
  /** Light changes are events; threshold breaches and non-green lights recover. */
  recoverable: boolean;
}

export interface EvaluationCount {
  evaluated: number;
  fired: number;
  recovered: number;
  notified: number;
}

const NOBODY = { actor: null, ip: null, userAgent: null };

export function createEvaluation(deps: {
  db: WarningDb;
  repo: WarningRepo;
  reader: SeriesReader;
  monitoring: () => WarningMonitoring;
  logger: Logger;
}) {
  const { db, repo, reader } = deps;

  /** Every period's lights of a system; an indicator whose series has gone counts as missing. */
  async function systemLights(system: SystemRecord): Promise<SystemLights> {
    const labels = new Map<string, Bilingual>();
    const units = new Map<string, Bilingual>();
    const values = new Map<string, Map<string, Dec | null>>();
    await Promise.all(
      system.indicators.map(async (ind) => {
        try {
          const loaded = await reader.load({
            indicator: ind.indicator,
            dims: ind.dims as Record<string, string>,
            transform: ind.transform,
            seasonallyAdjusted: ind.seasonally_adjusted,
          });
          labels.set(ind.key, loaded.label);
          units.set(ind.key, loaded.series.indicator.unit);
          values.set(ind.key, loaded.values);
        } catch (e) {
          if (!(e instanceof Problem) || e.status >= 500) throw e;
          labels.set(ind.key, { zh: ind.indicator, en: ind.indicator });
          units.set(ind.key, { zh: '', en: '' });
          values.set(ind.key, new Map());
        }
      }),
    );
    const indicators = system.indicators.map((i) => ({
      key: i.key,
      boundaries: parseBoundaries(i.boundaries as string[]),
      weight: parseDec(i.weight)!,
    }));
    const board = computeBoard(
      indicators,
      parseBoundaries(system.composite_boundaries as string[]),
      values,
      boardPeriods(values, Number.POSITIVE_INFINITY),
    );
    return { labels, units, values, board };
  }

  /** Stores an evaluation's outcome (see the header). */
  async function apply(
    source: Source,
    outcomes: Outcome[],
    who: RequestContext | null,
  ): Promise<EvaluationCount> {
    const latest = outcomes.length ? outcomes[outcomes.length - 1].period : null;
    return db.transaction().execute(async (trx) => {
      const existing = await repo.alertsOf(source.id, source.target, trx);
      const plan = planAlerts(
        outcomes,
        existing.map((a) => ({ period: a.period, state: a.state === 'firing' ? 'firing' : 'recovered' })),
        source.recoverable,
      );
      const subscribers = await repo.subscribers(source.id, trx);
      const monitoring = deps.monitoring();
      let notified = 0;
      const fired = plan.fire.length
        ? await trx
            .insertInto('warning.alerts')
            .values(
              plan.fire.map((f) => ({
                id: randomUUID(),
                source_kind: source.kind,
                source_id: source.id,
                target: source.target,
                period: f.period,
                state: source.recoverable ? ('firing' as const) : ('event' as const),
                value: f.value,
                reason_zh: f.reason.zh,
                reason_en: f.reason.en,
                notified: subscribers.length,
              })),
            )
            .onConflict((oc) => oc.columns(['source_id', 'target', 'period']).doNothing())
            .returning(['period', 'reason_zh', 'reason_en'])
            .execute()
        : [];
      for (const f of fired) {
        notified += await monitoring.notifyAccounts(trx, subscribers, {
          kind: 'warning',
          period: f.period,
          text: { zh: `【预警】${f.reason_zh}`, en: `[Early warning] ${f.reason_en}` },
        });
      }
      let recovered = 0;
      for (const r of plan.recover) {
        const row = await trx
          .updateTable('warning.alerts')
          .set({ state: 'recovered', recovered_in: r.clearedIn, recovered_at: new Date() })
          .where('source_id', '=', source.id)
          .where('target', '=', source.target)
          .where('period', '=', r.period)
          .where('state', '=', 'firing')
          .returning(['period'])
          .executeTakeFirst();
        if (!row) continue;
        recovered++;
        notified += await monitoring.notifyAccounts(trx, subscribers, {
          kind: 'warning',
          period: r.clearedIn,
          text: {
            zh: `【预警解除】${source.name.zh}：${r.period} 的预警在 ${r.clearedIn} 解除`,
            en: `[Early warning cleared] ${source.name.en}: the alert of ${r.period} cleared in ${r.clearedIn}`,
          },
        });
      }
      if (fired.length || recovered) {
        await recordAudit(trx, who ?? NOBODY, {
          action: 'warning.evaluated',
          entityType: `warning.${source.kind}`,
          entityId: source.id,
          after: {
            fired: fired.map((f) => f.period),
            recovered: plan.recover.map((r) => r.period),
            notified,
          },
        });
      }
      const state = {
        source_kind: source.kind,
        evaluated_at: new Date(),
        latest_period: latest,
        fired: fired.length,
        recovered,
      };
      await trx
        .insertInto('warning.evaluations')
        .values({ source_id: source.id, ...state })
        .onConflict((oc) => oc.column('source_id').doUpdateSet(state))
        .execute();
      return { evaluated: 1, fired: fired.length, recovered, notified };
    });
  }

  const since = (outcomes: Outcome[], from: string) =>
    outcomes.filter((o) => o.period >= from).sort((a, b) => (a.period < b.period ? -1 : 1));

  const lightsOf = (lights: SystemLights, target: string): { period: string; light: Light | null }[] =>
    lights.board.map((p) => ({
      period: p.period,
      light:
        target === 'composite' ? p.composite.light : (p.cells.find((c) => c.key === target)?.light ?? null),
    }));

  async function evaluateSystem(system: SystemRecord, who: RequestContext | null) {
    const lights = await systemLights(system);
    const name = { zh: `${system.name_zh} 综合指数`, en: `${system.name_en}: composite index` };
    const outcomes = lightOutcomes(lightsOf(lights, 'composite'), 'changes', name);
    return apply(
      { kind: 'system', id: system.id, name, target: 'composite', recoverable: false },
      since(outcomes, system.watch_from),
      who,
    );
  }

  async function evaluateRule(rule: RuleRow, who: RequestContext | null) {
    const name = { zh: rule.name_zh, en: rule.name_en };
    if (rule.kind === 'threshold') {
      let outcomes: Outcome[] = [];
      try {
        const loaded = await reader.load({
          indicator: rule.indicator!,
          dims: rule.dims as Record<string, string>,
          transform: rule.transform!,
          seasonallyAdjusted: rule.seasonally_adjusted,
        });
        outcomes = thresholdOutcomes(
          loaded.values,
          {
            above: rule.above === null ? null : parseDec(rule.above),
            below: rule.below === null ? null : parseDec(rule.below),
          },
          { label: loaded.label, transform: rule.transform!, unit: loaded.series.indicator.unit },
        );
      } catch (e) {
        // A series the statistical database no longer knows decides nothing.
        if (!(e instanceof Problem) || e.status >= 500) throw e;
      }
      return apply(
        { kind: 'rule', id: rule.id, name, target: 'series', recoverable: true },
        since(outcomes, rule.watch_from),
        who,
      );
    }
    const system = await repo.system(rule.system_id!);
    if (!system) return { evaluated: 0, fired: 0, recovered: 0, notified: 0 };
    const lights = await systemLights(system);
    const label =
      rule.target === 'composite'
        ? { zh: `${system.name_zh} 综合指数`, en: `${system.name_en}: composite index` }
        : (lights.labels.get(rule.target!) ?? { zh: rule.target!, en: rule.target! });
    const outcomes = lightOutcomes(lightsOf(lights, rule.target!), rule.light_condition!, label);
    return apply(
      {
        kind: 'rule',
        id: rule.id,
        name,
        target: rule.target!,
        recoverable: rule.light_condition === 'outside_normal',
      },
      since(outcomes, rule.watch_from),
      who,
    );
  }

  const add = (a: EvaluationCount, b: EvaluationCount): EvaluationCount => ({
    evaluated: a.evaluated + b.evaluated,
    fired: a.fired + b.fired,
    recovered: a.recovered + b.recovered,
    notified: a.notified + b.notified,
  });
  const NONE: EvaluationCount = { evaluated: 0, fired: 0, recovered: 0, notified: 0 };

  async function evaluateAll(systems: SystemRecord[], rules: RuleRow[], who: RequestContext | null) {
    let total = NONE;
    for (const s of systems) total = add(total, await evaluateSystem(s, who));
    for (const r of rules) total = add(total, await evaluateRule(r, who));
    return total;
  }

  // One evaluation at a time in this process (see the header).
  let chain: Promise<unknown> = Promise.resolve();
  function serially<T>(fn: () => Promise<T>): Promise<T> {
    const run = chain.then(fn);
    chain = run.catch(() => {});
    return run;
  }

  /** The systems and rules watching a changed series. */
  async function touchedBy(change: { indicator: string; dims: Record<string, string> }) {
    const key = dimsText(change.dims);
    const systems = (await repo.systems(await repo.systemsUsing(change.indicator))).filter((s) =>
      s.indicators.some((i) => i.indicator === change.indicator && dimsText(i.dims) === key),
    );
    const ids = systems.map((s) => s.id);
    const rules = (await repo.rulesTouched(change.indicator, ids)).filter((r) =>
      r.kind === 'threshold' ? dimsText(r.dims) === key : ids.includes(r.system_id!),
    );
    return { systems, rules };
  }

  return {
    systemLights,

    /** Evaluates what a change of the statistical database touches (queued; errors are logged). */
    onSeriesChanged(change: { indicator: string; dims: Record<string, string>; periods: string[] }) {
      return serially(async () => {
        const { systems, rules } = await touchedBy(change);
        return evaluateAll(systems, rules, null);
      }).catch((e) => {
        deps.logger.error({ err: e, change }, 'early-warning evaluation failed');
        return NONE;
      });
    },

    /** Evaluates one system or rule, or everything. */
    evaluate(sourceId: string | null, who: RequestContext | null): Promise<EvaluationCount> {
      return serially(async () => {
        if (!sourceId) return evaluateAll(await repo.systems(), await repo.rules(), who);
        const system = await repo.system(sourceId);
        if (system) return evaluateSystem(system, who);
        const rule = await repo.rule(sourceId);
        if (!rule) throw P.source_not_found();
        return evaluateRule(rule, who);
      });
    },

    /** Resolves when the evaluations queued so far have finished. */
    settled: () => chain.then(() => undefined),
  };
}

export type Evaluation = ReturnType<typeof createEvaluation>;

/** The composite's light text, e.g. 偏热（黄灯）. */
export const lightLabel = (l: Light) => ({
  zh: `${LIGHT_NAMES[l].zh}（${LIGHT_NAMES[l].colour.zh}）`,
  en: `${LIGHT_NAMES[l].en} (${LIGHT_NAMES[l].colour.en})`,
});

export const textOrNull = (d: Dec | null) => (d ? decToText(d) : null);
