/**
 * Reads of early warning, shaped as the contract says: systems, the signal-light board, rules,
 * alerts and one's subscriptions. Writes live in definitions.ts and evaluation.ts.
 */
import type { z } from 'zod';
import { type Actor, assertRole } from '../../platform/auth.ts';
import type { AlertPage, BoardView, RuleView, SystemView } from './contract.ts';
import { STAFF } from './definitions.ts';
import type { Evaluation } from './evaluation.ts';
import { textOrNull } from './evaluation.ts';
import { warningProblems as P } from './problems.ts';
import type { AlertRow, RuleRow, SystemRecord, WarningDb, WarningRepo } from './repo.ts';
import type { SeriesReader } from './series.ts';

type Bilingual = { zh: string; en: string };

export function createReads(deps: {
  db: WarningDb;
  repo: WarningRepo;
  reader: SeriesReader;
  evaluation: Evaluation;
}) {
  const { db, repo, evaluation } = deps;

  const subscribedSet = async (actor: Actor) =>
    new Set((await repo.subscriptionsOf(actor.accountId)).map((s) => s.source_id));

  async function systemView(s: SystemRecord, subscribed: Set<string>): Promise<z.infer<typeof SystemView>> {
    const lights = await evaluation.systemLights(s);
    return {
      id: s.id,
      code: s.code,
      name: { zh: s.name_zh, en: s.name_en },
      frequency: s.frequency,
      compositeBoundaries: s.composite_boundaries as string[],
      watchFrom: s.watch_from,
      version: s.version,
      subscribed: subscribed.has(s.id),
      indicators: s.indicators.map((i) => ({
        key: i.key,
        indicator: i.indicator,
        dims: i.dims as Record<string, string>,
        label: lights.labels.get(i.key)!,
        unit: lights.units.get(i.key)!,
        transform: i.transform,
        seasonallyAdjusted: i.seasonally_adjusted,
        boundaries: i.boundaries as string[],
        weight: i.weight,
      })),
      updatedAt: s.updated_at.toISOString(),
    };
  }

  async function ruleLabel(r: RuleRow, systems: Map<string, SystemRecord>): Promise<Bilingual> {
    if (r.kind === 'light') {
      const s = systems.get(r.system_id!);
      const name = s ? { zh: s.name_zh, en: s.name_en } : { zh: '', en: '' };
      return r.target === 'composite'
        ? { zh: `${name.zh} 综合指数`, en: `${name.en}: composite index` }
        : { zh: `${name.zh} ${r.target}`, en: `${name.en}: ${r.target}` };
    }
    try {
      const loaded = await deps.reader.load({
        indicator: r.indicator!,
        dims: r.dims as Record<string, string>,
        transform: 'level',
        seasonallyAdjusted: false,
      });
      return loaded.label;
    } catch {
      return { zh: r.indicator!, en: r.indicator! };
    }
  }

  function ruleViewOf(
    r: RuleRow,
    label: Bilingual,
    subscribed: Set<string>,
    evaluated: Map<string, Date>,
  ): z.infer<typeof RuleView> {
    return {
      id: r.id,
      kind: r.kind,
      name: { zh: r.name_zh, en: r.name_en },
      indicator: r.indicator,
      dims: (r.dims as Record<string, string> | null) ?? null,
      label,
      transform: r.transform,
      seasonallyAdjusted: r.seasonally_adjusted,
      above: r.above,
      below: r.below,
      systemId: r.system_id,
      target: r.target,
      condition: r.light_condition,
      watchFrom: r.watch_from,
      version: r.version,
      createdBy: r.created_by,
      subscribed: subscribed.has(r.id),
      lastEvaluatedAt: evaluated.get(r.id)?.toISOString() ?? null,
    };
  }

  async function ruleViews(actor: Actor, rules: RuleRow[]) {
    const [subscribed, systems, evaluated] = await Promise.all([
      subscribedSet(actor),
      repo.systems().then((list) => new Map(list.map((s) => [s.id, s]))),
      repo.lastEvaluations(rules.map((r) => r.id)),
    ]);
    return Promise.all(
      rules.map(async (r) => ruleViewOf(r, await ruleLabel(r, systems), subscribed, evaluated)),
    );
  }

  return {
    async systems(actor: Actor) {
      assertRole(actor, STAFF);
      const subscribed = await subscribedSet(actor);
      return { items: await Promise.all((await repo.systems()).map((s) => systemView(s, subscribed))) };
    },

    async system(actor: Actor, id: string) {
      assertRole(actor, STAFF);
      const s = await repo.system(id);
      if (!s) throw P.system_not_found();
      return systemView(s, await subscribedSet(actor));
    },

    systemView: async (actor: Actor, s: SystemRecord) => systemView(s, await subscribedSet(actor)),

    /** The board of the last `count` periods that have a value. */
    async board(actor: Actor, id: string, count: number): Promise<z.infer<typeof BoardView>> {
      assertRole(actor, STAFF);
      const s = await repo.system(id);
      if (!s) throw P.system_not_found();
      const lights = await evaluation.systemLights(s);
      const shown = lights.board.slice(Math.max(0, lights.board.length - count));
      return {
        system: {
          id: s.id,
          code: s.code,
          name: { zh: s.name_zh, en: s.name_en },
          compositeBoundaries: s.composite_boundaries as string[],
        },
        periods: shown.map((p) => p.period),
        indicators: s.indicators.map((i, n) => ({
          key: i.key,
          label: lights.labels.get(i.key)!,
          transform: i.transform,
          seasonallyAdjusted: i.seasonally_adjusted,
          boundaries: i.boundaries as string[],
          weight: i.weight,
          cells: shown.map((p) => ({
            period: p.period,
            value: textOrNull(p.cells[n].value),
            light: p.cells[n].light,
            score: p.cells[n].score,
          })),
        })),
        composite: shown.map((p) => ({
          period: p.period,
          index: textOrNull(p.composite.index),
          light: p.composite.light,
          partial: p.composite.partial,
          missing: p.composite.missing,
        })),
      };
    },

    async rules(actor: Actor) {
      assertRole(actor, STAFF);
      return { items: await ruleViews(actor, await repo.rules()) };
    },

    async rule(actor: Actor, id: string) {
      assertRole(actor, STAFF);
      const r = await repo.rule(id);
      if (!r) throw P.rule_not_found();
      return (await ruleViews(actor, [r]))[0];
    },

    ruleView: async (actor: Actor, r: RuleRow) => (await ruleViews(actor, [r]))[0],

    /** Fired alerts, newest first. */
    async alerts(
      actor: Actor,
      q: { sourceId?: string; state?: AlertRow['state']; page: number; pageSize: number },
    ): Promise<z.infer<typeof AlertPage>> {
      assertRole(actor, STAFF);
      let list = db.selectFrom('warning.alerts').selectAll();
      let count = db.selectFrom('warning.alerts').select(({ fn }) => fn.countAll<number>().as('n'));
      if (q.sourceId) {
        list = list.where('source_id', '=', q.sourceId);
        count = count.where('source_id', '=', q.sourceId);
      }
      if (q.state) {
        list = list.where('state', '=', q.state);
        count = count.where('state', '=', q.state);
      }
      const [rows, total, systems, rules] = await Promise.all([
        list
          .orderBy('fired_at', 'desc')
          .orderBy('period', 'desc')
          .orderBy('id')
          .limit(q.pageSize)
          .offset((q.page - 1) * q.pageSize)
          .execute(),
        count.executeTakeFirstOrThrow(),
        repo.systems(),
        repo.rules(),
      ]);
      const names = new Map<string, Bilingual>([
        ...systems.map((s) => [s.id, { zh: s.name_zh, en: s.name_en }] as const),
        ...rules.map((r) => [r.id, { zh: r.name_zh, en: r.name_en }] as const),
      ]);
      return {
        items: rows.map((a) => ({
          id: a.id,
          sourceKind: a.source_kind,
          sourceId: a.source_id,
          sourceName: names.get(a.source_id) ?? null,
          target: a.target,
          period: a.period,
          state: a.state,
          value: a.value,
          reason: { zh: a.reason_zh, en: a.reason_en },
          notified: a.notified,
          firedAt: a.fired_at.toISOString(),
          recoveredIn: a.recovered_in,
          recoveredAt: a.recovered_at ? a.recovered_at.toISOString() : null,
        })),
        total: Number(total.n),
        page: q.page,
        pageSize: q.pageSize,
      };
    },

    /** What the actor is subscribed to. */
    async subscriptions(actor: Actor) {
      assertRole(actor, STAFF);
      const subs = await repo.subscriptionsOf(actor.accountId);
      const [systems, rules] = await Promise.all([repo.systems(), repo.rules()]);
      return {
        items: subs.flatMap((s) => {
          const found =
            s.source_kind === 'system'
              ? systems.find((x) => x.id === s.source_id)
              : rules.find((x) => x.id === s.source_id);
          return found
            ? [{ kind: s.source_kind, id: s.source_id, name: { zh: found.name_zh, en: found.name_en } }]
            : [];
        }),
      };
    },
  };
}

export type Reads = ReturnType<typeof createReads>;
