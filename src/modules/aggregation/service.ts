/**
 * The aggregation service: summary tables, series, the microdata database, sign-off and
 * recompute, each checking who asks and which part of the hierarchy they may see.
 *
 * Who sees what: bureau staff (statisticians, designers, admins) read aggregates of their own
 * division and below, unsuppressed unless they ask for the public view; enterprise reporters are
 * outside the bureau and only ever get the public view of the city. The microdata (unit values)
 * are for statisticians within their scope, designers and admins.
 */
import { sql } from 'kysely';
import type { z } from 'zod';
import type { RequestContext } from '../../platform/audit.ts';
import { recordAudit } from '../../platform/audit.ts';
import { type Actor, assertRole, divisionInScope, type Role, scopeOf } from '../../platform/auth.ts';
import type { Db } from '../../platform/db.ts';
import { parseDec } from '../../platform/decimal.ts';
import { periods as periodMath } from '../surveys/index.ts';
import type {
  FormSummary,
  MicrodataQuery,
  RecomputeRequest,
  SeriesQuery,
  TableQuery,
  TableView,
} from './contract.ts';
import { ROW_LEVELS } from './contract.ts';
import { STANDARD_CUTS } from './domain/cuts.ts';
import { growthRate } from './domain/derived.ts';
import type { Maintenance } from './maintenance.ts';
import type { AnalysisPort, RegistryPort, StatdbPort, SurveysPort } from './ports.ts';
import { aggregationProblems as P } from './problems.ts';
import { buildTable, type ColumnDimension, fixedLabel, type RowLevel, TOTAL } from './tables.ts';

const STAFF: readonly Role[] = [
  'township_statistician',
  'county_statistician',
  'city_statistician',
  'designer',
  'admin',
];
const TABLE_READERS: readonly Role[] = [...STAFF, 'enterprise'];
const SIGNERS: readonly Role[] = ['city_statistician', 'admin'];

type Label = { zh: string; en: string };

export interface AggregationServiceDeps {
  db: Db;
  maintenance: Maintenance;
  surveys: () => SurveysPort;
  registry: () => RegistryPort;
  analysis: () => AnalysisPort;
  statdb: () => StatdbPort | null;
}

export function createAggregationService(deps: AggregationServiceDeps) {
  const { db } = deps;

  /** The form as of a period: its definition and additive items (labels from the definition). */
  async function formAt(formId: string, period: string) {
    const def = await deps
      .surveys()
      .definitionFor(formId, period)
      .catch(() => null);
    if (!def) throw P.form_not_found();
    const d = def.definition as {
      form: { code: string; name: Label; frequency: string; unit?: Label };
      indicators: { code: string; name: Label; unit?: Label; type: string }[];
      columns: { code: string; name: Label }[];
    };
    const items = await deps.maintenance.itemsOf(formId, def.number);
    const indicators = new Map(d.indicators.map((i) => [i.code, i]));
    const columns = new Map(d.columns.map((c) => [c.code, c]));
    const itemViews = [...items].sort().map((code) => {
      const [indicator, column] = code.split('.') as [string, string];
      const ind = indicators.get(indicator);
      const col = columns.get(column);
      return {
        code,
        indicator,
        column,
        name: {
          zh: `${ind?.name.zh ?? indicator}（${col?.name.zh ?? column}）`,
          en: `${ind?.name.en ?? indicator} (${col?.name.en ?? column})`,
        },
        unit: ind?.unit ?? d.form.unit ?? null,
        integer: ind?.type === 'integer',
      };
    });
    return {
      form: { id: formId, code: d.form.code, name: d.form.name },
      frequency: d.form.frequency,
      items: itemViews,
    };
  }

  function checkPeriod(period: string) {
    const p = periodMath.parsePeriod(period);
    if (!p) throw P.bad_period({ period });
    return p;
  }

  /** The region a table totals: asked for (inside scope) or the actor's own; enterprises get the city. */
  async function topRegion(actor: Actor, asked: string | undefined) {
    const scope = scopeOf(actor);
    const refs = await deps.registry().refs();
    const name = (code: string) => refs.divisions.get(code)?.name ?? code;
    const defaultCity = [...refs.divisions.values()].find((d) => d.level === 'city')?.code ?? '330200';
    if (asked) {
      // Enterprises never ask (the caller passes undefined): they get the city's public view.
      const d = refs.divisions.get(asked);
      if (!d || !ROW_LEVELS.includes(d.level as RowLevel) || !divisionInScope(scope, asked)) {
        throw P.out_of_scope();
      }
      return { code: asked, level: d.level as RowLevel, name: name(asked) };
    }
    if (scope.kind === 'division') return { code: scope.code, level: scope.level, name: name(scope.code) };
    return { code: defaultCity, level: 'city' as const, name: name(defaultCity) };
  }

  async function labelsFor(dim: ColumnDimension | undefined, rowCodes: string[], colCodes: string[]) {
    const refs = await deps.registry().refs();
    const groupings = dim === 'grouping' ? await deps.registry().groupings() : [];
    const rowName = (code: string): Label => {
      const n = refs.divisions.get(code)?.name ?? code;
      return { zh: n, en: n };
    };
    const colName = (code: string): Label => {
      const fixed = fixedLabel(dim, code);
      if (fixed) return fixed;
      if (dim === 'grouping') {
        const g = groupings.find((x) => x.id === code);
        return g ? { zh: g.name, en: g.nameEn ?? g.name } : { zh: code, en: code };
      }
      const n = refs.industries.get(code)?.name;
      return n ? { zh: `${code} ${n}`, en: `${code} ${n}` } : { zh: code, en: code };
    };
    return {
      rows: rowCodes.map((code) => ({
        code,
        name: code === TOTAL ? { zh: '合计', en: 'Total' } : rowName(code),
      })),
      cols: colCodes.map((code) => ({
        code,
        name: code === TOTAL ? { zh: '合计', en: 'Total' } : colName(code),
      })),
    };
  }

  async function signOffsOf(formId: string, period: string) {
    return (
      await sql<{ seq: number; signed_at: Date; signed_by: string; note: string | null }>`
        select seq, signed_at, signed_by, note from aggregation.sign_offs
         where form_id = ${formId} and period = ${period} order by seq`.execute(db)
    ).rows;
  }

  /** Township prefix of the actor's scope for microdata reads (null: everything). */
  function townshipPrefix(actor: Actor): string | null {
    const scope = scopeOf(actor);
    if (scope.kind === 'all') return null;
    if (scope.kind !== 'division') throw P.out_of_scope();
    return scope.level === 'city' ? scope.code.slice(0, 4) : scope.code;
  }

  const microRow = (
    r: {
      unit_id: string;
      township: string;
      industry_class: string;
      size_class: string | null;
      registration_type: string | null;
      vintage: number;
      approved_at: Date;
      approved_by: string;
      withdrawn_at: Date | null;
      items: string[];
      vals: string[];
    },
    names: Map<string, { name: string; creditCode: string }>,
    item?: string,
  ) => {
    const values: Record<string, string> = {};
    r.items.forEach((it, i) => {
      if (!item || it === item) values[it] = r.vals[i]!;
    });
    return {
      unitId: r.unit_id,
      name: names.get(r.unit_id)?.name ?? '',
      creditCode: names.get(r.unit_id)?.creditCode ?? '',
      township: r.township,
      industryClass: r.industry_class,
      sizeClass: r.size_class,
      registrationType: r.registration_type,
      vintage: r.vintage,
      approvedAt: r.approved_at.toISOString(),
      approvedBy: r.approved_by,
      withdrawnAt: r.withdrawn_at ? r.withdrawn_at.toISOString() : null,
      values,
    };
  };

  const service = {
    /** Forms with aggregated periods (units approved, sign-off) in the actor's area. */
    async forms(actor: Actor): Promise<z.infer<typeof FormSummary>[]> {
      assertRole(actor, STAFF);
      const prefix = townshipPrefix(actor);
      const rows = (
        await sql<{ form_id: string; period: string; units: number; signed_at: Date | null }>`
          select r.form_id, r.period, count(*)::int as units,
                 (select max(s.signed_at) from aggregation.sign_offs s
                   where s.form_id = r.form_id and s.period = r.period) as signed_at
            from aggregation.reports r
           where r.withdrawn_at is null ${prefix ? sql`and r.township like ${`${prefix}%`}` : sql``}
           group by r.form_id, r.period`.execute(db)
      ).rows;
      const byForm = new Map<string, typeof rows>();
      for (const r of rows) byForm.set(r.form_id, [...(byForm.get(r.form_id) ?? []), r]);
      const out: z.infer<typeof FormSummary>[] = [];
      for (const [formId, list] of byForm) {
        const sorted = list.sort((a, b) =>
          periodMath.comparePeriods(periodMath.parsePeriod(b.period)!, periodMath.parsePeriod(a.period)!),
        );
        const info = await formAt(formId, sorted[0]!.period).catch(() => null);
        if (!info) continue;
        out.push({
          ...info.form,
          frequency: info.frequency,
          periods: sorted.map((r) => ({
            period: r.period,
            units: r.units,
            signedOff: r.signed_at ? r.signed_at.toISOString() : null,
          })),
        });
      }
      return out.sort((a, b) => (a.code < b.code ? -1 : 1));
    },

    /** The additive items of a form as of a period. */
    async items(actor: Actor, formId: string, period: string) {
      assertRole(actor, TABLE_READERS);
      checkPeriod(period);
      const f = await formAt(formId, period);
      return { form: f.form, items: f.items };
    },

    /** A summary table (汇总表). */
    async table(
      actor: Actor,
      formId: string,
      period: string,
      q: z.infer<typeof TableQuery>,
    ): Promise<TableView> {
      assertRole(actor, TABLE_READERS);
      const p = checkPeriod(period);
      const f = await formAt(formId, period);
      const item = f.items.find((i) => i.code === q.item);
      if (!item) throw P.unknown_item({ item: q.item });
      const asOf = q.asOf ? new Date(q.asOf) : null;
      if (asOf && Number.isNaN(asOf.getTime())) throw P.bad_as_of({ asOf: q.asOf ?? '' });
      const disclosure = actor.role === 'enterprise' ? 'public' : (q.view ?? 'bureau');
      const region = await topRegion(actor, actor.role === 'enterprise' ? undefined : q.region);
      const lastYear = periodMath.formatPeriod(periodMath.samePeriodLastYear(p));
      // The sign-offs do not depend on the table: read them alongside.
      const [table, signOffs] = await Promise.all([
        buildTable(
          db,
          {
            formId,
            period,
            item: item.code,
            rows: q.rows,
            cols: q.cols,
            top: { level: region.level, code: region.code },
            source: asOf ? { kind: 'asOf', at: asOf } : { kind: 'live' },
            comparable: q.comparable === 'true',
            disclosure,
          },
          lastYear,
        ),
        signOffsOf(formId, period),
      ]);
      const labels = await labelsFor(q.cols, table.rows, table.cols);
      return {
        form: f.form,
        item: { code: item.code, name: item.name, unit: item.unit },
        period,
        lastYearPeriod: table.lastYearPeriod,
        region,
        rowLevel: q.rows,
        colDimension: q.cols ?? null,
        rows: labels.rows,
        cols: labels.cols,
        cells: table.cells,
        disclosure,
        suppressed: table.suppressed,
        asOf: asOf ? asOf.toISOString() : null,
        signOffs: signOffs.map((s) => ({
          seq: s.seq,
          signedAt: s.signed_at.toISOString(),
          signedBy: s.signed_by,
        })),
      };
    },

    /**
     * One cell's series over every aggregated period, with growth on the same period last year
     * and STL seasonal adjustment (monthly and quarterly series of more than two full years).
     */
    async series(actor: Actor, formId: string, q: z.infer<typeof SeriesQuery>) {
      assertRole(actor, STAFF);
      if (!STANDARD_CUTS.some((c) => c.id === q.cut)) {
        throw P.unknown_cut({ cut: q.cut, known: STANDARD_CUTS.map((c) => c.id).join(', ') });
      }
      const region = await topRegion(actor, undefined);
      const cell = q.cell ?? (q.cut === region.level ? region.code : '');
      if (!divisionInScope(scopeOf(actor), cell.split('/')[0] ?? '')) throw P.out_of_scope();
      const rows = (
        await sql<{ period: string; total: string; units: number }>`
          select r.period, trim_scale(sum(v.val))::text as total, count(*)::int as units
            from aggregation.reports r
           cross join lateral (select val from unnest(r.items, r.vals) as x(item, val) where item = ${q.item}) v
           where r.form_id = ${formId} and r.withdrawn_at is null
             and r.cell_keys @> array[${`${q.cut}:${cell}`}]::text[]
           group by r.period`.execute(db)
      ).rows;
      const latest = rows
        .map((r) => r.period)
        .sort()
        .at(-1);
      const f = await formAt(
        formId,
        latest ?? periodMath.formatPeriod(periodMath.parsePeriod('2026')!),
      ).catch(() => null);
      if (!f) throw P.form_not_found();
      const item = f.items.find((i) => i.code === q.item);
      if (!item) throw P.unknown_item({ item: q.item });
      const frequency = f.frequency === 'monthly' ? 12 : f.frequency === 'quarterly' ? 4 : 1;
      const byPeriod = new Map(rows.map((r) => [r.period, r]));
      const parsed = rows.map((r) => periodMath.parsePeriod(r.period)!).sort(periodMath.comparePeriods);
      const all = parsed.length ? periodMath.periodRange(parsed[0]!, parsed.at(-1)!) : [];
      const points = all.map((p) => {
        const text = periodMath.formatPeriod(p);
        const r = byPeriod.get(text);
        const before = byPeriod.get(periodMath.formatPeriod(periodMath.samePeriodLastYear(p)));
        const g = r && before ? growthRate(r.total, before.total) : null;
        return {
          period: text,
          value: r?.total ?? null,
          units: r?.units ?? null,
          growth: g ? String(Number(g.c) / 10 ** g.s) : null,
          seasonallyAdjusted: null as number | null,
          trend: null as number | null,
        };
      });
      let seasonalNote: string | null = null;
      if (q.seasonal === 'true' && frequency > 1) {
        const values = points.map((pt) => (pt.value === null ? null : Number(pt.value)));
        if (values.length <= 2 * frequency) {
          seasonalNote = `needs more than ${2 * frequency} periods for seasonal adjustment`;
        } else if (values.some((v) => v === null)) {
          seasonalNote = 'gaps in the series: no seasonal adjustment';
        } else {
          const fit = deps
            .analysis()
            .stl(values as number[], frequency, { sWindow: 'periodic', robust: true });
          points.forEach((pt, i) => {
            pt.seasonallyAdjusted = (values[i] as number) - fit.seasonal[i]!;
            pt.trend = fit.trend[i]!;
          });
        }
      }
      return {
        item: { code: item.code, name: item.name, unit: item.unit },
        cut: q.cut,
        cell,
        frequency,
        points,
        seasonalNote,
      };
    },

    /** The microdata database (统计原始数据库): approved values by unit, current or as known at a time. */
    async microdata(actor: Actor, q: z.infer<typeof MicrodataQuery>) {
      assertRole(actor, STAFF);
      checkPeriod(q.period);
      const prefix = townshipPrefix(actor);
      const asOf = q.asOf ? new Date(q.asOf) : null;
      const when = asOf
        ? sql`approved_at <= ${asOf} and (withdrawn_at is null or withdrawn_at > ${asOf})`
        : sql`withdrawn_at is null`;
      const where = sql`form_id = ${q.formId} and period = ${q.period} and ${when}
        ${prefix ? sql`and township like ${`${prefix}%`}` : sql``}
        ${q.region ? sql`and township like ${`${q.region.length === 6 && q.region.endsWith('00') ? q.region.slice(0, 4) : q.region}%`}` : sql``}
        ${q.industry ? sql`and industry_class like ${`${q.industry}%`}` : sql``}
        ${q.unitId ? sql`and unit_id = ${q.unitId}` : sql``}`;
      const [rows, count] = await Promise.all([
        sql<Parameters<typeof microRow>[0]>`
          select unit_id, township, industry_class, size_class, registration_type, vintage, approved_at,
                 approved_by, withdrawn_at, items, vals::text[] as vals
            from aggregation.reports where ${where}
           order by township, unit_id
           limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`.execute(db),
        sql<{ n: number }>`select count(*)::int as n from aggregation.reports where ${where}`.execute(db),
      ]);
      const names = await deps.registry().names(rows.rows.map((r) => r.unit_id));
      return {
        items: rows.rows.map((r) => microRow(r, names, q.item)),
        total: count.rows[0]?.n ?? 0,
        page: q.page,
        pageSize: q.pageSize,
        asOf: asOf ? asOf.toISOString() : null,
      };
    },

    /** Every vintage of one unit's approved report. */
    async vintages(actor: Actor, k: { formId: string; period: string; unitId: string }) {
      assertRole(actor, STAFF);
      const prefix = townshipPrefix(actor);
      const rows = (
        await sql<Parameters<typeof microRow>[0]>`
          select unit_id, township, industry_class, size_class, registration_type, vintage, approved_at,
                 approved_by, withdrawn_at, items, vals::text[] as vals
            from aggregation.reports
           where form_id = ${k.formId} and period = ${k.period} and unit_id = ${k.unitId}
             ${prefix ? sql`and township like ${`${prefix}%`}` : sql``}
           order by vintage`.execute(db)
      ).rows;
      if (!rows.length) throw P.submission_not_found();
      const names = await deps.registry().names([k.unitId]);
      return { items: rows.map((r) => microRow(r, names)) };
    },

    /**
     * 封库: signs a period off. The aggregates as of now become the frozen release (sign-off seq n,
     * kept by time: any table can be asked "as of" it); the standard published cuts go into the
     * statistical database as final (seq 1) or revised (later sign-offs).
     */
    async signOff(ctx: RequestContext, formId: string, period: string, note: string | undefined) {
      assertRole(ctx.actor, SIGNERS);
      return signOffAs(ctx, formId, period, note);
    },

    /**
     * The demo's history: its periods (per form, from collection's demo summary; otherwise every
     * period but each form's latest) are signed off and kept cold — tables summed from the reports
     * when asked, no cells to build at first start. Later periods stay live.
     */
    async signOffDemoHistory(historyByForm?: Map<string, string[]>) {
      const periodsOf = (
        await sql<{ form_id: string; periods: string[] }>`
          select form_id, array_agg(distinct period) as periods from aggregation.reports
           where withdrawn_at is null group by form_id`.execute(db)
      ).rows;
      const demo = { actor: null, ip: null, userAgent: 'demo seed' };
      for (const r of periodsOf) {
        const sorted = r.periods
          .map((p) => periodMath.parsePeriod(p)!)
          .sort(periodMath.comparePeriods)
          .map(periodMath.formatPeriod);
        const known = historyByForm?.get(r.form_id);
        const history = known ? sorted.filter((p) => known.includes(p)) : sorted.slice(0, -1);
        const live = sorted.filter((p) => !history.includes(p));
        await sql`
          insert into aggregation.cold_periods (form_id, period)
          select ${r.form_id}::uuid, p from unnest(${history}::text[]) as p
          on conflict do nothing`.execute(db);
        for (const period of live) await deps.maintenance.recomputeCells(db, { formId: r.form_id, period });
        // All history signed off at once: one transaction and one publication per form.
        const statdb = deps.statdb();
        if (history.length) {
          const f = await formAt(r.form_id, history.at(-1)!);
          let announce = () => {};
          await db.transaction().execute(async (trx) => {
            await sql`
              insert into aggregation.sign_offs (form_id, period, seq, signed_at, signed_by, note)
              select ${r.form_id}::uuid, p, 1, now(), 'demo', 'demo history'
                from unnest(${history}::text[]) as p
              on conflict do nothing`.execute(trx);
            const published = statdb
              ? await publishToStatdb(trx, statdb, f, history, 'demo', { kind: 'signOff', seq: 1 })
              : null;
            announce = published?.announce ?? announce;
            await recordAudit(trx, demo, {
              action: 'aggregation.signed_off',
              entityType: 'aggregate_period',
              entityId: `${r.form_id}/${history[0]}..${history.at(-1)}`,
              after: { periods: history.length, published: published?.written ?? 0 },
            });
          });
          announce();
        }
        for (const period of live) await service.publishPreliminary(r.form_id, period);
      }
    },

    async signOffs(actor: Actor, formId: string, period: string) {
      assertRole(actor, STAFF);
      checkPeriod(period);
      return {
        items: (await signOffsOf(formId, period)).map((s) => ({
          seq: s.seq,
          signedAt: s.signed_at.toISOString(),
          signedBy: s.signed_by,
          note: s.note,
        })),
      };
    },

    /**
     * Live preliminary figures (初步数): before a period is signed off, its city, county and
     * city × section totals go into the statistical database as preliminary after approvals, so
     * series, dashboards and early warning follow approvals. After sign-off, corrections wait for
     * the next sign-off (the release is frozen). Returns the observations written.
     */
    async publishPreliminary(formId: string, period: string): Promise<number> {
      const statdb = deps.statdb();
      if (!statdb) return 0;
      const f = await formAt(formId, period);
      let announce = () => {};
      const written = await db.transaction().execute(async (trx) => {
        const signed = (
          await sql<{ n: number }>`select count(*)::int as n from aggregation.sign_offs
            where form_id = ${formId} and period = ${period}`.execute(trx)
        ).rows[0]!.n;
        if (signed) return 0;
        const r = await publishToStatdb(trx, statdb, f, [period], 'aggregation', { kind: 'preliminary' });
        announce = r.announce;
        return r.written;
      });
      announce();
      return written;
    },

    /**
     * 全量重算: brings the microdata in line with collection's approvals and rebuilds the cells.
     * From the API (admin only) or the command line (`ctx` null: `npm run cli -- recompute`).
     */
    async recompute(ctx: RequestContext | null, q: z.infer<typeof RecomputeRequest>) {
      if (ctx) assertRole(ctx.actor, ['admin']);
      const started = performance.now();
      const result = await deps.maintenance.syncFromCollection(db, q, ctx?.actor.username ?? 'cli');
      // Also rebuild what sync did not touch, so the command always means "cells = recomputation"
      // (cold periods keep no cells: their tables are summed from the reports when asked).
      const warm = (
        await sql<{ form_id: string; period: string }>`
          select distinct r.form_id, r.period from aggregation.reports r
           where not exists (select 1 from aggregation.cold_periods c
                              where c.form_id = r.form_id and c.period = r.period)
             ${q.formId ? sql`and r.form_id = ${q.formId}` : sql``}
             ${q.period ? sql`and r.period = ${q.period}` : sql``}`.execute(db)
      ).rows;
      for (const w of warm)
        await deps.maintenance.recomputeCells(db, { formId: w.form_id, period: w.period });
      await db.transaction().execute((trx) =>
        recordAudit(trx, ctx ?? { actor: null, ip: null, userAgent: 'command line' }, {
          action: 'aggregation.recomputed',
          entityType: 'aggregates',
          entityId: `${q.formId ?? '*'}/${q.period ?? '*'}`,
          before: null,
          after: result,
        }),
      );
      return { ...result, millis: Math.round(performance.now() - started) };
    },
  };

  /** 封库 without the role check (the route checks; the demo seed signs off its history). */
  async function signOffAs(
    ctx: RequestContext | { actor: null; ip: null; userAgent: string },
    formId: string,
    period: string,
    note: string | undefined,
  ) {
    checkPeriod(period);
    const by = ctx.actor?.username ?? 'system';
    const f = await formAt(formId, period);
    const statdb = deps.statdb();
    let announce = () => {};
    const result = await db.transaction().execute(async (trx) => {
      const any = (
        await sql<{ n: number }>`
            select count(*)::int as n from aggregation.reports
             where form_id = ${formId} and period = ${period} and withdrawn_at is null`.execute(trx)
      ).rows[0]!.n;
      if (!any) throw P.nothing_to_sign_off();
      const row = (
        await sql<{ seq: number; signed_at: Date }>`
            insert into aggregation.sign_offs (form_id, period, seq, signed_at, signed_by, note)
            select ${formId}::uuid, ${period}, coalesce(max(seq), 0) + 1, now(), ${by}, ${note ?? null}
              from aggregation.sign_offs where form_id = ${formId} and period = ${period}
            returning seq, signed_at`.execute(trx)
      ).rows[0]!;
      let published = 0;
      if (statdb) {
        const r = await publishToStatdb(trx, statdb, f, [period], by, {
          kind: 'signOff',
          seq: row.seq,
        });
        published = r.written;
        announce = r.announce;
      }
      await recordAudit(trx, ctx, {
        action: 'aggregation.signed_off',
        entityType: 'aggregate_period',
        entityId: `${formId}/${period}`,
        before: null,
        after: { seq: row.seq, signedAt: row.signed_at.toISOString(), note: note ?? null, published },
      });
      return {
        seq: row.seq,
        signedAt: row.signed_at.toISOString(),
        signedBy: by,
        note: note ?? null,
        published,
      };
    });
    // The statistical database's listeners (early warning) hear of the new figures once committed.
    announce();
    return result;
  }

  /**
   * The cuts a sign-off publishes into the statistical database: the city and county totals and
   * the city by industry section — what bulletins and yearbooks print. Values are exact text.
   */
  async function publishToStatdb(
    trx: Db,
    statdb: StatdbPort,
    f: Awaited<ReturnType<typeof formAt>>,
    periods: string[],
    by: string,
    mode: { kind: 'signOff'; seq: number } | { kind: 'preliminary' },
  ) {
    const period = periods[0]!;
    const seq = mode.kind === 'signOff' ? mode.seq : 0;
    const cuts = ['city', 'county', 'city×section'];
    // The aggregated items leave out last-year and previous-period columns (domain/items.ts): a
    // time series has those figures already.
    const published = f.items;
    const rows = (
      await sql<{ period: string; cut: string; item: string; cell: string; total: string }>`
        select r.period, split_part(key, ':', 1) as cut, v.item, substr(key, strpos(key, ':') + 1) as cell,
               trim_scale(sum(v.val))::text as total
          from aggregation.reports r
         cross join lateral (select key from unnest(r.cell_keys) as key
                              where split_part(key, ':', 1) = any(${cuts}::text[])) k
         cross join lateral (select item, val from unnest(r.items, r.vals) as x(item, val)
                              where item = any(${published.map((i) => i.code)}::text[])) v
         where r.form_id = ${f.form.id} and r.period = any(${periods}::text[]) and r.withdrawn_at is null
         group by r.period, key, v.item`.execute(trx)
    ).rows;
    const indicatorCode = (item: string) => `${f.form.code}.${item}`;
    const frequency = f.frequency === 'monthly' ? 'M' : f.frequency === 'quarterly' ? 'Q' : 'A';
    await statdb.defineIndicators(
      trx,
      published.map((i) => ({
        code: indicatorCode(i.code),
        name: { zh: i.name.zh, en: i.name.en },
        unit: i.unit ?? { zh: '—', en: '—' },
        definition: {
          zh: `${f.form.name.zh}（${f.form.code}）汇总：${i.name.zh}`,
          en: `${f.form.name.en} (${f.form.code}), aggregated: ${i.name.en}`,
        },
        source: `联网直报 ${f.form.code} 审核通过数据汇总 (direct reporting, approved data)`,
        frequency,
        // Amounts of the period (本期) are flows with 累计; year-to-date columns are already
        // cumulated, and headcounts are stocks.
        kind: i.column === 'current' && !i.integer ? ('flow' as const) : ('stock' as const),
        decimals: i.integer ? 0 : 1,
        dimensions: ['region' as const, 'industry' as const],
      })),
      by,
    );
    // A later sign-off marks as revised only what changed since the previous one; the rest
    // stays final, so statdb writes no new vintage for it.
    const previous = new Map<string, string>();
    if (seq > 1) {
      const at = (
        await sql<{ signed_at: Date }>`
          select signed_at from aggregation.sign_offs
           where form_id = ${f.form.id} and period = ${period} and seq = ${seq - 1}`.execute(trx)
      ).rows[0]!.signed_at;
      const before = (
        await sql<{ key: string; item: string; total: string }>`
          select key, v.item, trim_scale(sum(v.val))::text as total
            from aggregation.reports r
           cross join unnest(r.cell_keys) as key
           cross join unnest(r.items, r.vals) as v(item, val)
           where r.form_id = ${f.form.id} and r.period = ${period}
             and r.approved_at <= ${at} and (r.withdrawn_at is null or r.withdrawn_at > ${at})
             and split_part(key, ':', 1) = any(${cuts}::text[])
           group by key, v.item`.execute(trx)
      ).rows;
      for (const b of before) previous.set(`${b.key}|${b.item}`, b.total);
    }
    const observations = rows
      .filter((r) => parseDec(r.total))
      .map((r) => {
        const [region, industry] = r.cell.split('/') as [string, string | undefined];
        const revised = seq > 1 && previous.get(`${r.cut}:${r.cell}|${r.item}`) !== r.total;
        return {
          indicator: indicatorCode(r.item),
          dims: { region: region!, industry: industry ?? 'total' },
          period: r.period,
          value: r.total,
          status: (mode.kind === 'preliminary' ? 'preliminary' : revised ? 'revised' : 'final') as
            | 'preliminary'
            | 'final'
            | 'revised',
          note: revised ? `revised at sign-off ${seq}` : undefined,
        };
      });
    return statdb.publish(trx, { source: `aggregation:${f.form.code}`, by, observations });
  }

  return service;
}

export type AggregationService = ReturnType<typeof createAggregationService>;
