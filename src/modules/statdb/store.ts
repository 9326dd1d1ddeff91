/**
 * The statistical database's core use cases, shared by its routes and the `api` other modules
 * call: define indicators, publish observations (a new vintage only where something changed),
 * read a series (now or as of an instant). Writes run inside the caller's transaction and are
 * audited in it; change listeners are told after the commit (see `publish`).
 */
import { sql } from 'kysely';
import { type AuditEvent, announceAudited, auditRow } from '../../platform/audit.ts';
import type { Actor } from '../../platform/auth.ts';
import type { Db } from '../../platform/db.ts';
import { compare, parseDec } from '../../platform/decimal.ts';
import type { Logger } from '../../platform/logging.ts';
import { commonProblems } from '../../platform/problems.ts';
import { periods } from '../surveys/index.ts';
import type { CodeListCache } from './codelists.ts';
import {
  IndicatorDefinition,
  type IndicatorView,
  type ObservationProblem,
  type ObservationStatus,
} from './contract.ts';
import { type CheckedObservation, checkObservations, type IncomingObservation } from './domain/check.ts';
import { dimsKey, FREQUENCY_OF } from './domain/dims.ts';
import { statdbProblems as P } from './problems.ts';
import { type IndicatorRow, periodSpans, readSeries, statdbDb } from './repo.ts';
import { SelectionProblems } from './selection-problems.ts';

/** A change other modules hear about (the early-warning board re-evaluates these series). */
export interface SeriesChange {
  indicator: string;
  dims: Record<string, string>;
  periods: string[];
}

export interface PublishInput {
  source: string;
  by: string;
  observations: {
    indicator: string;
    dims: Record<string, string>;
    period: string;
    value: string | null;
    status: ObservationStatus;
    note?: string | null;
  }[];
}

export interface PublishResult {
  written: number;
  unchanged: number;
  /** The series that changed, with their periods. */
  changes: SeriesChange[];
  /**
   * Tells the `onChanged` listeners. `publish` calls it itself when it ran its own transaction
   * (it was handed the root `db`); inside a caller's transaction, the caller calls it after the
   * commit — only the caller knows when that is, and a listener must not see uncommitted data.
   */
  announce(): void;
}

/** Who a write is recorded against: a request's actor, or a module's name (`by`) for internal calls. */
export interface Writer {
  by: string;
  actor?: Pick<Actor, 'accountId' | 'username' | 'role'> | null;
  ip?: string | null;
  userAgent?: string | null;
}

export interface SeriesQuery {
  indicator: string;
  dims: Record<string, string>;
  from?: string;
  to?: string;
  asOf?: Date;
}

export function indicatorView(r: IndicatorRow, span?: { first: string; last: string }): IndicatorView {
  return {
    code: r.code,
    name: { zh: r.name_zh, en: r.name_en },
    unit: { zh: r.unit_zh, en: r.unit_en },
    definition: { zh: r.definition_zh, en: r.definition_en },
    source: r.source,
    frequency: r.frequency,
    kind: r.kind,
    decimals: r.decimals,
    footnotes: r.footnotes,
    dimensions: r.dimensions as IndicatorView['dimensions'],
    updatedAt: r.updated_at.toISOString(),
    updatedBy: r.updated_by,
    firstPeriod: span?.first ?? null,
    lastPeriod: span?.last ?? null,
  };
}

/** Audit row of a writer, recording `by` as the actor's name when there is no signed-in actor. */
function auditOf(w: Writer, event: AuditEvent) {
  const row = auditRow({ actor: w.actor ?? null, ip: w.ip ?? null, userAgent: w.userAgent ?? null }, event);
  return w.actor ? row : { ...row, actor_name: w.by };
}

const sameValue = (a: string | null, b: string | null) =>
  a === null || b === null ? a === b : compare(parseDec(a)!, parseDec(b)!) === 0;

const CHUNK = 1000;

/** A unique violation: two writers raced to give a key its first value. */
const isUniqueViolation = (e: unknown) =>
  typeof e === 'object' && e !== null && (e as { code?: string }).code === '23505';

export function createStore(deps: { db: Db; lists: CodeListCache; logger: Logger }) {
  const listeners = new Set<(change: SeriesChange) => void>();

  function tell(changes: SeriesChange[]) {
    for (const change of changes)
      for (const listener of listeners) {
        try {
          listener(change);
        } catch (e) {
          // A listener's failure is its own: the data is committed and other listeners still run.
          deps.logger.error({ err: e, indicator: change.indicator }, 'statdb change listener failed');
        }
      }
  }

  async function indicatorRows(db: Db, codes?: string[]): Promise<Map<string, IndicatorRow>> {
    let q = statdbDb(db).selectFrom('statdb.indicators').selectAll();
    if (codes) {
      if (!codes.length) return new Map();
      q = q.where('code', 'in', codes);
    }
    const rows = (await q.orderBy('code').execute()) as IndicatorRow[];
    return new Map(rows.map((r) => [r.code, r]));
  }

  /** Upserts indicator metadata; refuses to change the dimensions of an indicator that has data. */
  async function defineIndicators(trx: Db, defs: IndicatorDefinition[], by: string, writer?: Writer) {
    const problems: ObservationProblem[] = [];
    const parsed: ReturnType<typeof IndicatorDefinition.parse>[] = [];
    defs.forEach((d, i) => {
      const r = IndicatorDefinition.safeParse(d);
      if (!r.success) {
        for (const issue of r.error.issues)
          problems.push({
            row: i + 1,
            column: issue.path.join('.') || null,
            code: 'invalid_definition',
            value: null,
            messages: {
              'zh-CN': `指标定义有误：${issue.message}`,
              'en-US': `Invalid definition: ${issue.message}`,
            },
          });
      } else parsed.push(r.data);
    });
    const codes = parsed.map((d) => d.code);
    const dup = codes.find((c, i) => codes.indexOf(c) !== i);
    if (dup)
      problems.push({
        row: codes.lastIndexOf(dup) + 1,
        column: 'code',
        code: 'duplicate_key',
        value: dup,
        messages: { 'zh-CN': `指标 ${dup} 重复定义`, 'en-US': `Indicator ${dup} is defined twice` },
      });
    const existing = await indicatorRows(trx, codes);
    const spans = await periodSpans(statdbDb(trx), [...existing.keys()]);
    parsed.forEach((d, i) => {
      const old = existing.get(d.code);
      if (!old || !spans.has(d.code)) return;
      const changedDims = old.dimensions.join(',') !== d.dimensions.join(',');
      if (changedDims || old.frequency !== d.frequency)
        problems.push({
          row: i + 1,
          column: changedDims ? 'dimensions' : 'frequency',
          code: 'indicator_has_data',
          value: d.code,
          messages: {
            'zh-CN': `指标 ${d.code} 已有数据，不能更改其分组维度或频率`,
            'en-US': `Indicator ${d.code} has data; its dimensions and frequency cannot change`,
          },
        });
    });
    if (problems.length) throw P.invalid_indicators({ count: problems.length }, { problems });
    const w: Writer = writer ?? { by };
    let created = 0;
    let updated = 0;
    const db = statdbDb(trx);
    for (const d of parsed) {
      const row = {
        code: d.code,
        name_zh: d.name.zh,
        name_en: d.name.en,
        unit_zh: d.unit.zh,
        unit_en: d.unit.en,
        definition_zh: d.definition.zh,
        definition_en: d.definition.en,
        source: d.source,
        frequency: d.frequency,
        kind: d.kind,
        decimals: d.decimals,
        footnotes: JSON.stringify(d.footnotes) as unknown as { zh: string; en: string }[],
        dimensions: d.dimensions,
        updated_by: w.by,
      };
      const old = existing.get(d.code);
      const before = old ? indicatorView(old) : null;
      if (old) {
        const same =
          before &&
          JSON.stringify({ ...before, updatedAt: '', updatedBy: '' }) ===
            JSON.stringify({
              ...indicatorView({ ...row, footnotes: d.footnotes, updated_at: old.updated_at }),
              updatedAt: '',
              updatedBy: '',
            });
        if (same) continue;
        await db
          .updateTable('statdb.indicators')
          .set({ ...row, updated_at: new Date() })
          .where('code', '=', d.code)
          .execute();
        updated++;
      } else {
        await db.insertInto('statdb.indicators').values(row).execute();
        created++;
      }
      const event: AuditEvent = {
        action: old ? 'statdb.indicator_updated' : 'statdb.indicator_defined',
        entityType: 'statdb.indicator',
        entityId: d.code,
        before,
        after: d,
        details: { by: w.by },
      };
      await trx.insertInto('audit.events').values(auditOf(w, event)).execute();
      announceAudited(event);
    }
    return { created, updated };
  }

  /** Validates, then writes a new vintage wherever value, status or note changed (see PublishResult). */
  async function publish(trx: Db, input: PublishInput, writer?: Writer): Promise<PublishResult> {
    if (!trx.isTransaction) {
      const result = await trx.transaction().execute((t) => publish(t, input, writer));
      result.announce();
      return { ...result, announce: () => {} };
    }
    const items: IncomingObservation[] = input.observations.map((o, i) => ({
      ...o,
      value: o.value,
      row: i + 1,
      columns: {},
    }));
    const codes = [...new Set(input.observations.map((o) => o.indicator))];
    const indicators = await indicatorRows(trx, codes);
    const checked = checkObservations(items, indicators, await deps.lists.get(trx));
    if (!checked.ok)
      throw P.invalid_observations({ count: checked.problems.length }, { problems: checked.problems });
    return write(trx, checked.observations, input.source, writer ?? { by: input.by });
  }

  /** Writes checked observations (the caller holds the transaction). */
  async function write(
    trx: Db,
    observations: CheckedObservation[],
    source: string,
    w: Writer,
  ): Promise<PublishResult> {
    const db = statdbDb(trx);
    const byIndicator = new Map<string, CheckedObservation[]>();
    for (const o of observations) {
      const list = byIndicator.get(o.indicator) ?? [];
      list.push(o);
      byIndicator.set(o.indicator, list);
    }
    let written = 0;
    let unchanged = 0;
    const changes = new Map<string, SeriesChange>();
    for (const [indicator, list] of byIndicator) {
      // The rows in force for these keys, locked so a concurrent publish of the same key waits.
      const current = new Map<
        string,
        {
          id: number;
          period: string;
          dims_key: string;
          value: string | null;
          status: string;
          note: string | null;
        }
      >();
      const keys = [...new Set(list.map((o) => o.key))];
      const periodTexts = [...new Set(list.map((o) => o.period))];
      for (let i = 0; i < keys.length; i += CHUNK) {
        const rows = await db
          .selectFrom('statdb.observations')
          .select(['id', 'period', 'dims_key', 'value', 'status', 'note'])
          .where('indicator', '=', indicator)
          .where('valid_to', 'is', null)
          .where('dims_key', 'in', keys.slice(i, i + CHUNK))
          .where('period', 'in', periodTexts)
          .forUpdate()
          .execute();
        for (const r of rows) current.set(`${r.dims_key}|${r.period}`, r);
      }
      const changed = list.filter((o) => {
        const c = current.get(`${o.key}|${o.period}`);
        const same = c && sameValue(c.value, o.value) && c.status === o.status && (c.note ?? null) === o.note;
        if (same) unchanged++;
        return !same;
      });
      if (!changed.length) continue;
      // One instant for the whole write, taken after the locks: a vintage never ends before it began.
      const { rows: nowRows } = await sql<{ t: Date }>`select clock_timestamp() as t`.execute(trx);
      const at = nowRows[0]!.t;
      const closing = changed.map((o) => current.get(`${o.key}|${o.period}`)).filter((c) => !!c);
      for (let i = 0; i < closing.length; i += CHUNK) {
        const part = closing.slice(i, i + CHUNK);
        await db
          .updateTable('statdb.observations')
          .set({ valid_to: at })
          .where('period', 'in', [...new Set(part.map((c) => c.period))])
          .where(
            'id',
            'in',
            part.map((c) => c.id),
          )
          .execute();
      }
      // One statement of column arrays (unnest) rather than a VALUES list of 12 parameters a row:
      // a seed or a yearbook import writes tens of thousands of rows, and parsing the long
      // statement dominated the time.
      for (let i = 0; i < changed.length; i += 20 * CHUNK) {
        const part = changed.slice(i, i + 20 * CHUNK);
        const insert = sql`
          insert into statdb.observations
            (period, indicator, dims_key, dims, period_ord, value, status, note, source, recorded_by, valid_from)
          select p, ${indicator}, k, d::jsonb, o, v::numeric, s, n, ${source}, ${w.by}, ${at}
          from unnest(
            ${part.map((o) => o.period)}::text[],
            ${part.map((o) => o.key)}::text[],
            ${part.map((o) => JSON.stringify(o.dims))}::text[],
            ${part.map((o) => o.ordinal)}::int[],
            ${part.map((o) => o.value)}::text[],
            ${part.map((o) => o.status)}::text[],
            ${part.map((o) => o.note)}::text[]
          ) as x(p, k, d, o, v, s, n)`;
        // Two writers of a key that had no value yet both find nothing to lock; the unique index of
        // keys in force lets one win and the other fail: a conflict to retry, not a server error.
        await insert.execute(trx).catch((e) => {
          throw isUniqueViolation(e) ? commonProblems.conflict() : e;
        });
      }
      written += changed.length;
      for (const o of changed) {
        const k = `${indicator}|${o.key}`;
        const ch = changes.get(k) ?? { indicator, dims: o.dims, periods: [] };
        ch.periods.push(o.period);
        changes.set(k, ch);
      }
      // One audit event per indicator, listing every changed observation before and after.
      const event: AuditEvent = {
        action: 'statdb.observations_published',
        entityType: 'statdb.indicator',
        entityId: indicator,
        before: closing.map((c) => ({
          dims: c.dims_key,
          period: c.period,
          value: c.value,
          status: c.status,
          note: c.note,
        })),
        after: changed.map((o) => ({
          dims: o.key,
          period: o.period,
          value: o.value,
          status: o.status,
          note: o.note,
        })),
        details: { source, by: w.by, written: changed.length },
      };
      await trx.insertInto('audit.events').values(auditOf(w, event)).execute();
      announceAudited(event);
    }
    const list = [...changes.values()];
    return { written, unchanged, changes: list, announce: () => tell(list) };
  }

  /** Checks a selection of one code per dimension against the indicator; throws a 400 listing all. */
  async function resolveDims(indicator: IndicatorRow, dims: Record<string, string>) {
    const lists = await deps.lists.get(deps.db);
    const problems = new SelectionProblems();
    const out: Record<string, string> = {};
    for (const d of Object.keys(dims))
      if (!indicator.dimensions.includes(d)) problems.notADimension(d, indicator.code);
    for (const d of indicator.dimensions) {
      const list = lists[d as keyof typeof lists];
      const code = dims[d] ?? list.defaultCode;
      if (!list.codes.has(code)) problems.unknownCode(d, code);
      out[d] = code;
    }
    problems.throwIfAny();
    return out;
  }

  /** Parses a period bound of the indicator's frequency (400 otherwise). */
  function bound(indicator: IndicatorRow, text: string | undefined, name: string) {
    if (text === undefined) return undefined;
    const p = periods.parsePeriodOf(text, FREQUENCY_OF[indicator.frequency]);
    if (!p) {
      const problems = new SelectionProblems();
      problems.badPeriod(name, text, FREQUENCY_OF[indicator.frequency]);
      problems.throwIfAny();
    }
    return periods.ordinal(p!);
  }

  async function indicator(code: string): Promise<IndicatorRow> {
    const row = (await indicatorRows(deps.db, [code])).get(code);
    if (!row) throw P.indicator_not_found({ code });
    return row;
  }

  /** One series (one code per dimension; omitted dimensions take their default), now or asOf. */
  async function series(q: SeriesQuery) {
    const ind = await indicator(q.indicator);
    const dims = await resolveDims(ind, q.dims);
    const fromOrd = bound(ind, q.from, 'from');
    const toOrd = bound(ind, q.to, 'to');
    const rows = await readSeries(statdbDb(deps.db), {
      indicator: ind.code,
      keys: [dimsKey(dims)],
      fromOrd,
      toOrd,
      asOf: q.asOf,
    });
    const spans = await periodSpans(statdbDb(deps.db), [ind.code]);
    return {
      indicator: indicatorView(ind, spans.get(ind.code)),
      dims,
      points: rows.map((r) => ({
        period: r.period,
        value: r.value,
        status: r.status as string,
        note: r.note,
      })),
    };
  }

  return {
    defineIndicators,
    publish,
    write,
    series,
    indicator,
    indicatorRows,
    resolveDims,
    bound,
    onChanged(listener: (change: SeriesChange) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
export type Store = ReturnType<typeof createStore>;
