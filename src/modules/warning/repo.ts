/** The early-warning module's SQL (schema `warning`): its own tables only. */
import type { Generated, Kysely, Selectable } from 'kysely';
import type { Db } from '../../platform/db.ts';

export interface WarningTables {
  'warning.systems': {
    id: string;
    code: string;
    name_zh: string;
    name_en: string;
    frequency: 'monthly' | 'quarterly' | 'annual';
    composite_boundaries: unknown;
    watch_from: string;
    version: Generated<number>;
    created_by: string | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  'warning.system_indicators': {
    system_id: string;
    position: number;
    key: string;
    indicator: string;
    dims: unknown;
    transform: 'level' | 'yoy' | 'mom';
    seasonally_adjusted: boolean;
    boundaries: unknown;
    weight: string;
  };
  'warning.rules': {
    id: string;
    name_zh: string;
    name_en: string;
    kind: 'threshold' | 'light';
    indicator: string | null;
    dims: unknown;
    transform: 'level' | 'yoy' | 'mom' | null;
    seasonally_adjusted: boolean;
    above: string | null;
    below: string | null;
    system_id: string | null;
    target: string | null;
    light_condition: 'changes' | 'outside_normal' | null;
    watch_from: string;
    version: Generated<number>;
    created_by: string | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  'warning.subscriptions': {
    account_id: string;
    source_kind: 'system' | 'rule';
    source_id: string;
    created_at: Generated<Date>;
  };
  'warning.alerts': {
    id: string;
    source_kind: 'system' | 'rule';
    source_id: string;
    target: string;
    period: string;
    state: 'firing' | 'recovered' | 'event';
    value: string | null;
    reason_zh: string;
    reason_en: string;
    notified: Generated<number>;
    fired_at: Generated<Date>;
    recovered_in: string | null;
    recovered_at: Date | null;
  };
  'warning.evaluations': {
    source_id: string;
    source_kind: 'system' | 'rule';
    evaluated_at: Date;
    latest_period: string | null;
    fired: number;
    recovered: number;
  };
}

export type WarningDb = Kysely<WarningTables>;
export const warningDb = (db: Db) => db as unknown as WarningDb;

export type SystemRow = Selectable<WarningTables['warning.systems']>;
export type SystemIndicatorRow = Selectable<WarningTables['warning.system_indicators']>;
export type RuleRow = Selectable<WarningTables['warning.rules']>;
export type AlertRow = Selectable<WarningTables['warning.alerts']>;

/** A system with its indicators in order. */
export interface SystemRecord extends SystemRow {
  indicators: SystemIndicatorRow[];
}

export const json = (v: unknown) => JSON.stringify(v);

export function warningRepo(db: WarningDb) {
  async function withIndicators(rows: SystemRow[], trx: WarningDb = db): Promise<SystemRecord[]> {
    if (!rows.length) return [];
    const inds = await trx
      .selectFrom('warning.system_indicators')
      .selectAll()
      .where(
        'system_id',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('position')
      .execute();
    return rows.map((r) => ({ ...r, indicators: inds.filter((i) => i.system_id === r.id) }));
  }

  return {
    async systems(ids?: readonly string[], trx: WarningDb = db): Promise<SystemRecord[]> {
      let q = trx.selectFrom('warning.systems').selectAll().orderBy('code');
      if (ids) {
        if (!ids.length) return [];
        q = q.where('id', 'in', ids);
      }
      return withIndicators(await q.execute(), trx);
    },

    async system(id: string, trx: WarningDb = db): Promise<SystemRecord | null> {
      const row = await trx.selectFrom('warning.systems').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? (await withIndicators([row], trx))[0] : null;
    },

    /** Systems with an indicator on this statistical-database indicator. */
    systemsUsing: async (indicator: string) =>
      (
        await db
          .selectFrom('warning.system_indicators')
          .select('system_id')
          .distinct()
          .where('indicator', '=', indicator)
          .execute()
      ).map((r) => r.system_id),

    rules: (trx: WarningDb = db) =>
      trx.selectFrom('warning.rules').selectAll().orderBy('created_at').orderBy('id').execute(),

    rule: (id: string, trx: WarningDb = db) =>
      trx.selectFrom('warning.rules').selectAll().where('id', '=', id).executeTakeFirst(),

    /** Rules on this indicator's series, and light rules on these systems. */
    rulesTouched: (indicator: string, systemIds: readonly string[]) =>
      db
        .selectFrom('warning.rules')
        .selectAll()
        .where((eb) =>
          eb.or([
            eb('indicator', '=', indicator),
            ...(systemIds.length ? [eb('system_id', 'in', systemIds)] : []),
          ]),
        )
        .execute(),

    subscribers: async (sourceId: string, trx: WarningDb = db) =>
      (
        await trx
          .selectFrom('warning.subscriptions')
          .select('account_id')
          .where('source_id', '=', sourceId)
          .orderBy('account_id')
          .execute()
      ).map((r) => r.account_id),

    subscriptionsOf: (accountId: string) =>
      db.selectFrom('warning.subscriptions').selectAll().where('account_id', '=', accountId).execute(),

    alertsOf: (sourceId: string, target: string, trx: WarningDb = db) =>
      trx
        .selectFrom('warning.alerts')
        .select(['period', 'state'])
        .where('source_id', '=', sourceId)
        .where('target', '=', target)
        .execute(),

    lastEvaluations: async (ids: readonly string[]) => {
      if (!ids.length) return new Map<string, Date>();
      const rows = await db
        .selectFrom('warning.evaluations')
        .select(['source_id', 'evaluated_at'])
        .where('source_id', 'in', ids)
        .execute();
      return new Map(rows.map((r) => [r.source_id, r.evaluated_at]));
    },
  };
}

export type WarningRepo = ReturnType<typeof warningRepo>;
