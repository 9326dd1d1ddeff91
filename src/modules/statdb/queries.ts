/**
 * What bureau staff read (routes): indicators, code lists, observations with derived figures,
 * seasonal adjustment by STL, vintages, CSV. Macro figures of the whole city are not scoped by
 * division: every statistician reads them (a county office compares itself with the others);
 * enterprise accounts read nothing here.
 */
import { stringify } from 'csv-stringify/sync';
import { type Actor, assertRole, type Role } from '../../platform/auth.ts';
import type { Db } from '../../platform/db.ts';
import { periods } from '../surveys/index.ts';
import type { AnalysisStl } from './analysis-port.ts';
import type { CodeListCache } from './codelists.ts';
import { DIMENSIONS, type Dimension, type ObservationQuery, type PointView } from './contract.ts';
import { deriveSeries } from './domain/derive.ts';
import { dimsKey, FREQUENCY_OF, PERIODS_PER_YEAR, parseDimsKey } from './domain/dims.ts';
import { statdbProblems as P } from './problems.ts';
import { type IndicatorRow, periodSpans, readSeries, statdbDb } from './repo.ts';
import { SelectionProblems } from './selection-problems.ts';
import { indicatorView, type Store } from './store.ts';

/** 综合数据库 readers: bureau staff of every level, designers, administrators. */
export const READERS: readonly Role[] = [
  'township_statistician',
  'county_statistician',
  'city_statistician',
  'designer',
  'admin',
];
/** Who defines indicators and imports series. */
export const WRITERS: readonly Role[] = ['designer', 'admin', 'city_statistician'];

/** At most this many series in one answer (a table a person can read, a CSV of sane size). */
export const MAX_SERIES = 200;

/** STL settings for official monthly/quarterly series: a seasonal window that lets the pattern
 * drift (the Spring Festival moves between January and February) and robust fitting, so one
 * swing does not bend the seasonal component. */
export const STL_OPTIONS = { sWindow: 13, robust: true } as const;

export function createQueries(deps: { db: Db; store: Store; lists: CodeListCache; stl: () => AnalysisStl }) {
  const db = statdbDb(deps.db);
  const { store } = deps;

  /** Each dimension's selected codes: listed, `all` (codes with data), or the default. */
  async function selection(ind: IndicatorRow, q: ObservationQuery) {
    const lists = await deps.lists.get(deps.db);
    const problems = new SelectionProblems();
    for (const d of DIMENSIONS)
      if (q[d] !== undefined && !ind.dimensions.includes(d)) problems.notADimension(d, ind.code);
    let stored: Record<string, string>[] | null = null;
    const chosen: Record<string, string[]> = {};
    for (const d of ind.dimensions as Dimension[]) {
      const raw = q[d];
      if (raw === 'all') {
        stored ??= (
          await db
            .selectFrom('statdb.observations')
            .select('dims_key')
            .distinct()
            .where('indicator', '=', ind.code)
            .where('valid_to', 'is', null)
            .execute()
        ).map((r) => parseDimsKey(r.dims_key));
        const present = new Set(stored.map((s) => s[d]));
        chosen[d] = [...lists[d].codes.keys()].filter((c) => present.has(c));
        continue;
      }
      const codes = raw ? [...new Set(raw.split(','))] : [lists[d].defaultCode];
      for (const c of codes) if (!lists[d].codes.has(c)) problems.unknownCode(d, c);
      chosen[d] = codes;
    }
    problems.throwIfAny();
    let combos: Record<string, string>[] = [{}];
    for (const d of ind.dimensions)
      combos = combos.flatMap((c) => chosen[d]!.map((code) => ({ ...c, [d]: code })));
    if (stored) {
      const keys = new Set(stored.map(dimsKey));
      combos = combos.filter((c) => keys.has(dimsKey(c)));
    }
    if (combos.length > MAX_SERIES) throw P.too_many_series({ count: combos.length, limit: MAX_SERIES });
    return combos;
  }

  function asOfOf(q: { asOf?: string }) {
    return q.asOf ? new Date(q.asOf) : undefined;
  }

  /** The series of a selection with derived figures per point. */
  async function observations(actor: Actor, q: ObservationQuery) {
    assertRole(actor, READERS);
    const ind = await store.indicator(q.indicator);
    const combos = await selection(ind, q);
    const fromOrd = store.bound(ind, q.from, 'from');
    const toOrd = store.bound(ind, q.to, 'to');
    // Last year's values feed this year's 同比 and 累计: read from January of the year before `from`.
    const per = PERIODS_PER_YEAR[ind.frequency];
    const readFrom = fromOrd === undefined ? undefined : Math.floor(fromOrd / per) * per - per;
    const asOf = asOfOf(q);
    const rows = combos.length
      ? await readSeries(db, {
          indicator: ind.code,
          keys: combos.map(dimsKey),
          fromOrd: readFrom,
          toOrd,
          asOf,
        })
      : [];
    const byKey = new Map<string, typeof rows>();
    for (const r of rows) {
      const list = byKey.get(r.dims_key) ?? [];
      list.push(r);
      byKey.set(r.dims_key, list);
    }
    const spans = await periodSpans(db, [ind.code]);
    return {
      indicator: indicatorView(ind, spans.get(ind.code)),
      asOf: asOf ? asOf.toISOString() : null,
      series: combos.map((dims) => {
        const list = byKey.get(dimsKey(dims)) ?? [];
        const shown = list.filter((r) => fromOrd === undefined || r.period_ord >= fromOrd);
        const derived = deriveSeries(
          ind.frequency,
          ind.kind,
          new Map(list.map((r) => [r.period, r.value])),
          shown.map((r) => r.period),
        );
        const points: PointView[] = shown.map((r) => ({
          period: r.period,
          value: r.value,
          status: r.status,
          note: r.note,
          ...derived.get(r.period)!,
        }));
        return { dims, points };
      }),
    };
  }

  /** The same selection as CSV (UTF-8 with BOM so Excel reads the Chinese names). */
  async function csv(actor: Actor, q: ObservationQuery): Promise<string> {
    const page = await observations(actor, q);
    const lists = await deps.lists.get(deps.db);
    const dims = page.indicator.dimensions;
    const header = [
      'indicator',
      ...dims.flatMap((d) => [d, `${d}_name`]),
      'period',
      'value',
      'unit',
      'status',
      'note',
      'yoy_pct',
      'pop_pct',
      'ytd',
      'ytd_yoy_pct',
    ];
    const rows = page.series.flatMap((s) =>
      s.points.map((p) => [
        page.indicator.code,
        ...dims.flatMap((d) => [s.dims[d], lists[d].codes.get(s.dims[d]!)?.name.zh ?? '']),
        p.period,
        p.value ?? '',
        page.indicator.unit.zh,
        p.status,
        p.note ?? '',
        p.yoy ?? '',
        p.pop ?? '',
        p.ytd ?? '',
        p.ytdYoy ?? '',
      ]),
    );
    return `\ufeff${stringify([header, ...rows])}`;
  }

  /** The one series a selection names (every dimension a single code). */
  async function single(ind: IndicatorRow, q: Partial<Record<Dimension, string>>) {
    const dims: Record<string, string> = {};
    const problems = new SelectionProblems();
    for (const d of DIMENSIONS) {
      const v = q[d];
      if (v === undefined) continue;
      if (v === 'all' || v.includes(',')) problems.oneCode(d);
      else dims[d] = v;
    }
    problems.throwIfAny();
    return store.resolveDims(ind, dims);
  }

  /** Seasonal adjustment (季节调整) of one monthly or quarterly series by STL: adjusted = value − seasonal. */
  async function seasonal(actor: Actor, q: ObservationQuery) {
    assertRole(actor, READERS);
    const ind = await store.indicator(q.indicator);
    const dims = await single(ind, q);
    const fromOrd = store.bound(ind, q.from, 'from');
    const toOrd = store.bound(ind, q.to, 'to');
    const rows = await readSeries(db, {
      indicator: ind.code,
      keys: [dimsKey(dims)],
      fromOrd,
      toOrd,
      asOf: asOfOf(q),
    });
    const plain = rows.map((r) => ({
      period: r.period,
      value: r.value === null ? null : Number(r.value),
      trend: null,
      seasonal: null,
      adjusted: null,
    }));
    const base = { indicator: ind.code, dims, parameters: null, points: plain };
    const period = PERIODS_PER_YEAR[ind.frequency];
    if (period === 1)
      return {
        ...base,
        note: { zh: '年度数据无需季节调整', en: 'Annual series have no seasonality to adjust' },
      };
    // STL needs an unbroken series: no missing period, no empty value.
    const gap = rows.findIndex(
      (r, i) => r.value === null || (i > 0 && r.period_ord !== rows[i - 1]!.period_ord + 1),
    );
    if (gap >= 0) {
      const at =
        rows[gap]!.value === null
          ? rows[gap]!.period
          : periods.formatPeriod(
              periods.nextPeriod(periods.parsePeriodOf(rows[gap - 1]!.period, FREQUENCY_OF[ind.frequency])!),
            );
      return {
        ...base,
        note: {
          zh: `序列在 ${at} 处有缺失，无法做季节调整；请缩小时间范围`,
          en: `The series has a gap at ${at}; STL needs an unbroken series — narrow the range`,
        },
      };
    }
    const minYears = 3;
    if (rows.length < minYears * period)
      return {
        ...base,
        note: {
          zh: `季节调整至少需要 ${minYears} 年数据（${minYears * period} 期），当前只有 ${rows.length} 期`,
          en: `Seasonal adjustment needs at least ${minYears} years (${minYears * period} periods); the series has ${rows.length}`,
        },
      };
    const values = rows.map((r) => Number(r.value));
    const fit = deps.stl()(values, period, STL_OPTIONS);
    return {
      ...base,
      note: null,
      parameters: { ...fit.parameters },
      points: rows.map((r, i) => ({
        period: r.period,
        value: values[i]!,
        trend: fit.trend[i]!,
        seasonal: fit.seasonal[i]!,
        adjusted: values[i]! - fit.seasonal[i]!,
      })),
    };
  }

  /** Every vintage of one observation, oldest first. */
  async function vintages(
    actor: Actor,
    q: Omit<ObservationQuery, 'from' | 'to' | 'asOf'> & { period: string },
  ) {
    assertRole(actor, READERS);
    const ind = await store.indicator(q.indicator);
    const dims = await single(ind, q);
    const ord = store.bound(ind, q.period, 'period')!;
    const rows = await db
      .selectFrom('statdb.observations')
      .select(['value', 'status', 'note', 'source', 'recorded_by', 'valid_from', 'valid_to'])
      .where('period', '=', periods.formatPeriod(periods.parsePeriod(q.period)!))
      .where('indicator', '=', ind.code)
      .where('dims_key', '=', dimsKey(dims))
      .where('period_ord', '=', ord)
      .orderBy('valid_from')
      .orderBy('id')
      .execute();
    return {
      indicator: ind.code,
      dims,
      period: q.period,
      items: rows.map((r) => ({
        value: r.value,
        status: r.status,
        note: r.note,
        source: r.source,
        recordedBy: r.recorded_by,
        validFrom: r.valid_from.toISOString(),
        validTo: r.valid_to ? r.valid_to.toISOString() : null,
      })),
    };
  }

  async function listIndicators(actor: Actor, q: { q?: string }) {
    assertRole(actor, READERS);
    const all = [...(await store.indicatorRows(deps.db)).values()];
    const needle = q.q?.trim().toLowerCase();
    const rows = needle
      ? all.filter((r) => [r.code, r.name_zh, r.name_en].some((t) => t.toLowerCase().includes(needle)))
      : all;
    const spans = await periodSpans(
      db,
      rows.map((r) => r.code),
    );
    return { items: rows.map((r) => indicatorView(r, spans.get(r.code))) };
  }

  async function getIndicator(actor: Actor, code: string) {
    assertRole(actor, READERS);
    const ind = await store.indicator(code);
    return indicatorView(ind, (await periodSpans(db, [code])).get(code));
  }

  async function dimensions(actor: Actor) {
    assertRole(actor, READERS);
    const lists = await deps.lists.get(deps.db);
    return {
      items: DIMENSIONS.map((d) => ({
        dimension: d,
        name: lists[d].name,
        defaultCode: lists[d].defaultCode,
        codes: [...lists[d].codes.values()],
      })),
    };
  }

  return { observations, csv, seasonal, vintages, listIndicators, getIndicator, dimensions };
}
export type Queries = ReturnType<typeof createQueries>;
