/**
 * Signal systems and alert rules: checked against the statistical database (every problem listed,
 * nothing written), saved with their audit event in one transaction; subscriptions of staff.
 *
 * Who: systems are the bureau's configuration — designers, administrators and the city bureau
 * keep them. Any bureau staff may read them (the series are published aggregates, not unit
 * data), keep alert rules on series of their own area, and subscribe themselves. Enterprise
 * reporters have no part in any of it.
 */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { type RequestContext, recordAudit } from '../../platform/audit.ts';
import { type Actor, assertRole, divisionInScope, type Role, scopeOf } from '../../platform/auth.ts';
import { compare, decToText, parseDec } from '../../platform/decimal.ts';
import { Problem } from '../../platform/problems.ts';
import { periods } from '../surveys/index.ts';
import type { RuleInput, SystemInput } from './contract.ts';
import { boundaryProblems } from './domain/signal.ts';
import { FREQUENCY_OF, type WarningSeries } from './ports.ts';
import { warningProblems as P } from './problems.ts';
import { json, type RuleRow, type SystemRecord, type WarningDb, type WarningRepo } from './repo.ts';
import type { SeriesReader } from './series.ts';

/** Keep signal systems. */
export const MANAGERS: readonly Role[] = ['admin', 'designer', 'city_statistician'];
/** Read, keep own rules, subscribe. */
export const STAFF: readonly Role[] = [...MANAGERS, 'county_statistician', 'township_statistician'];

type SystemBody = z.output<typeof SystemInput>;
type RuleBody = z.output<typeof RuleInput>;
type Frequency = 'monthly' | 'quarterly' | 'annual';

interface FieldError {
  path: string;
  message: { 'zh-CN': string; 'en-US': string };
}

const err = (path: string, zh: string, en: string): FieldError => ({
  path,
  message: { 'zh-CN': zh, 'en-US': en },
});

const EXAMPLE: Record<Frequency, string> = { monthly: '2026-10', quarterly: '2026Q3', annual: '2026' };

/** The latest period with a value in any of the series (a new system or rule watches from there). */
function latestPeriod(series: WarningSeries[]): string | null {
  let latest: string | null = null;
  for (const s of series)
    for (const p of s.points)
      if (p.value !== null && (latest === null || p.period > latest)) latest = p.period;
  return latest;
}

/** The period of a frequency running now in Beijing time (a series with no value yet is watched from there). */
function currentPeriod(frequency: Frequency, now = new Date()): string {
  const bj = new Date(now.getTime() + 8 * 3_600_000);
  const year = bj.getUTCFullYear();
  const month = bj.getUTCMonth() + 1;
  const index = frequency === 'monthly' ? month : frequency === 'quarterly' ? Math.ceil(month / 3) : 1;
  return periods.formatPeriod({ frequency, year, index });
}

export function createDefinitions(deps: { db: WarningDb; repo: WarningRepo; reader: SeriesReader }) {
  const { db, repo, reader } = deps;

  /** Reads a series for a check; a statdb problem becomes a listed error at `path`. */
  async function probe(
    path: string,
    q: { indicator: string; dims: Record<string, string> },
    errors: FieldError[],
  ): Promise<WarningSeries | null> {
    try {
      return (await reader.load({ ...q, transform: 'level', seasonallyAdjusted: false })).series;
    } catch (e) {
      if (!(e instanceof Problem) || e.status >= 500) throw e;
      errors.push(err(path, e.messageIn('zh-CN'), e.messageIn('en-US')));
      return null;
    }
  }

  function checkBoundaries(path: string, texts: readonly string[], errors: FieldError[]) {
    for (const p of boundaryProblems(texts)) {
      if (p === 'not_increasing')
        errors.push(
          err(
            path,
            '四个界限值必须严格递增（过冷|偏冷 < 偏冷|正常 < 正常|偏热 < 偏热|过热）',
            'The four boundaries must strictly increase',
          ),
        );
      else errors.push(err(path, '需要四个十进制界限值', 'Four decimal boundaries are needed'));
    }
  }

  function checkWatchFrom(text: string | undefined, frequency: Frequency | null, errors: FieldError[]) {
    if (text === undefined || !frequency) return;
    if (!periods.parsePeriodOf(text, frequency))
      errors.push(
        err(
          'watchFrom',
          `报告期 ${text} 与频率不符（例如 ${EXAMPLE[frequency]}）`,
          `Period ${text} does not match the frequency (for example ${EXAMPLE[frequency]})`,
        ),
      );
  }

  /** Checks a system against the statistical database; throws invalid_system listing every error. */
  async function checkSystem(body: SystemBody) {
    const errors: FieldError[] = [];
    checkBoundaries('compositeBoundaries', body.compositeBoundaries, errors);
    const keys = new Set<string>();
    const found: (WarningSeries | null)[] = [];
    for (const [i, ind] of body.indicators.entries()) {
      const path = `indicators[${i}]`;
      if (keys.has(ind.key))
        errors.push(err(`${path}.key`, `指标键 ${ind.key} 重复`, `The key ${ind.key} is used twice`));
      if (ind.key === 'composite')
        errors.push(
          err(`${path}.key`, '“composite” 留作综合指数', '“composite” is reserved for the composite index'),
        );
      keys.add(ind.key);
      checkBoundaries(`${path}.boundaries`, ind.boundaries, errors);
      const w = parseDec(ind.weight);
      if (!w || w.c <= 0n)
        errors.push(err(`${path}.weight`, '权重必须大于 0', 'The weight must be greater than 0'));
      found.push(await probe(path, ind, errors));
    }
    const frequencies = new Set(found.filter((s) => s).map((s) => FREQUENCY_OF[s!.indicator.frequency]));
    const frequency = frequencies.size === 1 ? [...frequencies][0] : null;
    if (frequencies.size > 1)
      errors.push(
        err(
          'indicators',
          '一个信号系统的指标必须同一频率（月度、季度或年度）',
          'All indicators of a system must have one frequency',
        ),
      );
    for (const [i, ind] of body.indicators.entries()) {
      const s = found[i];
      if (s && ind.seasonallyAdjusted && FREQUENCY_OF[s.indicator.frequency] === 'annual')
        errors.push(
          err(
            `indicators[${i}].seasonallyAdjusted`,
            '年度指标不能做季节调整',
            'An annual indicator cannot be seasonally adjusted',
          ),
        );
    }
    checkWatchFrom(body.watchFrom, frequency, errors);
    if (errors.length) throw P.invalid_system({ count: errors.length }, { errors });
    return { series: found as WarningSeries[], frequency: frequency! };
  }

  function systemAfter(
    id: string,
    body: SystemBody,
    series: WarningSeries[],
    frequency: Frequency,
    watchFrom: string,
  ) {
    return {
      system: {
        id,
        code: body.code,
        name_zh: body.name.zh,
        name_en: body.name.en,
        frequency,
        composite_boundaries: json(body.compositeBoundaries.map((b) => decToText(parseDec(b)!))),
        watch_from: watchFrom,
      },
      indicators: body.indicators.map((ind, position) => ({
        system_id: id,
        position,
        key: ind.key,
        indicator: series[position].indicator.code,
        // Resolved dims (defaults filled) so change events, which name every dimension, match.
        dims: json(series[position].dims),
        transform: ind.transform,
        seasonally_adjusted: ind.seasonallyAdjusted,
        boundaries: json(ind.boundaries.map((b) => decToText(parseDec(b)!))),
        weight: decToText(parseDec(ind.weight)!),
      })),
    };
  }

  async function codeTaken(trx: WarningDb, code: string, except?: string) {
    let q = trx.selectFrom('warning.systems').select('id').where('code', '=', code);
    if (except) q = q.where('id', '<>', except);
    return !!(await q.executeTakeFirst());
  }

  async function createSystem(ctx: RequestContext, body: SystemBody): Promise<SystemRecord> {
    assertRole(ctx.actor, MANAGERS);
    const { series, frequency } = await checkSystem(body);
    const watchFrom = body.watchFrom ?? latestPeriod(series) ?? currentPeriod(frequency);
    const id = randomUUID();
    const rows = systemAfter(id, body, series, frequency, watchFrom);
    return db.transaction().execute(async (trx) => {
      if (await codeTaken(trx, body.code)) throw P.system_code_taken({ code: body.code });
      await trx
        .insertInto('warning.systems')
        .values({ ...rows.system, created_by: ctx.actor.accountId })
        .execute();
      await trx.insertInto('warning.system_indicators').values(rows.indicators).execute();
      await recordAudit(trx, ctx, {
        action: 'warning.system_created',
        entityType: 'warning.system',
        entityId: id,
        after: body,
      });
      return (await repo.system(id, trx))!;
    });
  }

  async function updateSystem(ctx: RequestContext, id: string, body: SystemBody): Promise<SystemRecord> {
    assertRole(ctx.actor, MANAGERS);
    const before = await repo.system(id);
    if (!before) throw P.system_not_found();
    const { series, frequency } = await checkSystem(body);
    const rows = systemAfter(id, body, series, frequency, body.watchFrom ?? before.watch_from);
    return db.transaction().execute(async (trx) => {
      if (await codeTaken(trx, body.code, id)) throw P.system_code_taken({ code: body.code });
      const updated = await trx
        .updateTable('warning.systems')
        .set({ ...rows.system, version: before.version + 1, updated_at: new Date() })
        .where('id', '=', id)
        .where('version', '=', body.version ?? before.version)
        .executeTakeFirst();
      if (!Number(updated.numUpdatedRows)) throw P.version_conflict();
      await trx.deleteFrom('warning.system_indicators').where('system_id', '=', id).execute();
      await trx.insertInto('warning.system_indicators').values(rows.indicators).execute();
      await recordAudit(trx, ctx, {
        action: 'warning.system_updated',
        entityType: 'warning.system',
        entityId: id,
        before,
        after: body,
      });
      return (await repo.system(id, trx))!;
    });
  }

  async function deleteSystem(ctx: RequestContext, id: string) {
    assertRole(ctx.actor, MANAGERS);
    await db.transaction().execute(async (trx) => {
      const before = await repo.system(id, trx);
      if (!before) throw P.system_not_found();
      const used = await trx
        .selectFrom('warning.rules')
        .select(({ fn }) => fn.countAll<number>().as('n'))
        .where('system_id', '=', id)
        .executeTakeFirstOrThrow();
      if (Number(used.n)) throw P.system_in_use({ count: Number(used.n) });
      await trx.deleteFrom('warning.subscriptions').where('source_id', '=', id).execute();
      await trx.deleteFrom('warning.evaluations').where('source_id', '=', id).execute();
      await trx.deleteFrom('warning.systems').where('id', '=', id).execute();
      await recordAudit(trx, ctx, {
        action: 'warning.system_deleted',
        entityType: 'warning.system',
        entityId: id,
        before,
      });
    });
  }

  /** Checks a rule; throws invalid_rule listing every error. Returns the row's series columns. */
  async function checkRule(actor: Actor, body: RuleBody) {
    const errors: FieldError[] = [];
    if (body.kind === 'threshold') {
      const above = body.above === null ? null : parseDec(body.above);
      const below = body.below === null ? null : parseDec(body.below);
      if (!above && !below)
        errors.push(
          err(
            'above',
            '至少需要一条预警线（高于或低于）',
            'At least one alert line (above or below) is needed',
          ),
        );
      if (above && below && compare(below, above) >= 0)
        errors.push(
          err('below', '下限预警线必须低于上限预警线', 'The lower alert line must be below the upper one'),
        );
      const series = await probe('indicator', body, errors);
      const frequency = series ? FREQUENCY_OF[series.indicator.frequency] : null;
      if (series && body.seasonallyAdjusted && frequency === 'annual')
        errors.push(
          err(
            'seasonallyAdjusted',
            '年度指标不能做季节调整',
            'An annual indicator cannot be seasonally adjusted',
          ),
        );
      checkWatchFrom(body.watchFrom, frequency, errors);
      if (errors.length) throw P.invalid_rule({ count: errors.length }, { errors });
      // Statisticians of a county or township watch series of their own area only.
      const region = series!.dims.region;
      if (region && !divisionInScope(scopeOf(actor), region)) throw P.rule_out_of_scope({ region });
      return {
        columns: {
          indicator: series!.indicator.code,
          dims: json(series!.dims),
          transform: body.transform,
          seasonally_adjusted: body.seasonallyAdjusted,
          above: above ? decToText(above) : null,
          below: below ? decToText(below) : null,
          system_id: null,
          target: null,
          light_condition: null,
        },
        watchFrom: body.watchFrom ?? latestPeriod([series!]) ?? currentPeriod(frequency!),
      };
    }
    const system = await repo.system(body.systemId);
    if (!system) errors.push(err('systemId', '找不到该信号系统', 'No such signal system'));
    else if (body.target !== 'composite' && !system.indicators.some((i) => i.key === body.target))
      errors.push(
        err('target', `信号系统中没有指标 ${body.target}`, `The system has no indicator ${body.target}`),
      );
    checkWatchFrom(body.watchFrom, system?.frequency ?? null, errors);
    if (errors.length) throw P.invalid_rule({ count: errors.length }, { errors });
    return {
      columns: {
        indicator: null,
        dims: null,
        transform: null,
        seasonally_adjusted: false,
        above: null,
        below: null,
        system_id: body.systemId,
        target: body.target,
        light_condition: body.condition,
      },
      watchFrom: body.watchFrom ?? system!.watch_from,
    };
  }

  async function createRule(ctx: RequestContext, body: RuleBody): Promise<RuleRow> {
    assertRole(ctx.actor, STAFF);
    const { columns, watchFrom } = await checkRule(ctx.actor, body);
    const id = randomUUID();
    return db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('warning.rules')
        .values({
          id,
          name_zh: body.name.zh,
          name_en: body.name.en,
          kind: body.kind,
          ...columns,
          watch_from: watchFrom,
          created_by: ctx.actor.accountId,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, ctx, {
        action: 'warning.rule_created',
        entityType: 'warning.rule',
        entityId: id,
        after: body,
      });
      return row;
    });
  }

  /** The rule, if the actor may change it (its author or a manager). */
  async function ownRule(actor: Actor, id: string, trx: WarningDb = db) {
    assertRole(actor, STAFF);
    const rule = await repo.rule(id, trx);
    if (!rule) throw P.rule_not_found();
    if (rule.created_by !== actor.accountId && !MANAGERS.includes(actor.role)) throw P.not_rule_owner();
    return rule;
  }

  async function updateRule(ctx: RequestContext, id: string, body: RuleBody): Promise<RuleRow> {
    const before = await ownRule(ctx.actor, id);
    const { columns, watchFrom } = await checkRule(ctx.actor, body);
    return db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('warning.rules')
        .set({
          name_zh: body.name.zh,
          name_en: body.name.en,
          kind: body.kind,
          ...columns,
          watch_from: body.watchFrom ? watchFrom : before.watch_from,
          version: before.version + 1,
          updated_at: new Date(),
        })
        .where('id', '=', id)
        .where('version', '=', body.version ?? before.version)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw P.version_conflict();
      await recordAudit(trx, ctx, {
        action: 'warning.rule_updated',
        entityType: 'warning.rule',
        entityId: id,
        before,
        after: body,
      });
      return row;
    });
  }

  async function deleteRule(ctx: RequestContext, id: string) {
    await db.transaction().execute(async (trx) => {
      const before = await ownRule(ctx.actor, id, trx);
      await trx.deleteFrom('warning.subscriptions').where('source_id', '=', id).execute();
      await trx.deleteFrom('warning.evaluations').where('source_id', '=', id).execute();
      await trx.deleteFrom('warning.rules').where('id', '=', id).execute();
      await recordAudit(trx, ctx, {
        action: 'warning.rule_deleted',
        entityType: 'warning.rule',
        entityId: id,
        before,
      });
    });
  }

  /** Subscribes (or unsubscribes) the actor to a system or rule; idempotent, audited when it changes. */
  async function subscribe(ctx: RequestContext, kind: 'system' | 'rule', id: string, on: boolean) {
    assertRole(ctx.actor, STAFF);
    return db.transaction().execute(async (trx) => {
      const exists =
        kind === 'system'
          ? await trx.selectFrom('warning.systems').select('id').where('id', '=', id).executeTakeFirst()
          : await trx.selectFrom('warning.rules').select('id').where('id', '=', id).executeTakeFirst();
      if (!exists) throw kind === 'system' ? P.system_not_found() : P.rule_not_found();
      const changed = on
        ? (
            await trx
              .insertInto('warning.subscriptions')
              .values({ account_id: ctx.actor.accountId, source_kind: kind, source_id: id })
              .onConflict((oc) => oc.columns(['source_id', 'account_id']).doNothing())
              .executeTakeFirst()
          ).numInsertedOrUpdatedRows
        : (
            await trx
              .deleteFrom('warning.subscriptions')
              .where('source_id', '=', id)
              .where('account_id', '=', ctx.actor.accountId)
              .executeTakeFirst()
          ).numDeletedRows;
      if (Number(changed ?? 0))
        await recordAudit(trx, ctx, {
          action: on ? 'warning.subscribed' : 'warning.unsubscribed',
          entityType: `warning.${kind}`,
          entityId: id,
          details: { accountId: ctx.actor.accountId },
        });
      return { kind, id, subscribed: on };
    });
  }

  return {
    createSystem,
    updateSystem,
    deleteSystem,
    createRule,
    updateRule,
    deleteRule,
    subscribe,
  };
}

export type Definitions = ReturnType<typeof createDefinitions>;
