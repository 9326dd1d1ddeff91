/**
 * The demo's statistical database: a handful of Ningbo's headline indicators as monthly series
 * from 2015-01 to the latest complete month (quarterly GDP likewise) for the city and its ten
 * county-level divisions; the city is the exact sum of its counties. The two latest months are
 * preliminary, and the earlier of them is then revised once, so vintages are there to look at.
 */
import type { Db } from '../../platform/db.ts';
import { periods } from '../surveys/index.ts';
import type { CodeListCache } from './codelists.ts';
import type { IndicatorDefinition } from './contract.ts';
import { demoIndicators } from './demo-indicators.ts';
import { EPIDEMIC, type FlowSpec, monthlyFlow, noise, quarterlyFlow } from './domain/demo-series.ts';
import type { Store } from './store.ts';

/** Shares of the city's figures by county (海曙 … 慈溪), summing to 1. */
const COUNTY_SHARES: Record<string, number> = {
  '330203': 0.09,
  '330205': 0.06,
  '330206': 0.16,
  '330211': 0.08,
  '330212': 0.17,
  '330213': 0.06,
  '330225': 0.05,
  '330226': 0.07,
  '330281': 0.12,
  '330282': 0.14,
};

/** The last month that has ended, in Beijing time. */
export function latestCompleteMonth(now: Date): string {
  const beijing = new Date(now.getTime() + 8 * 3600_000);
  return periods.formatPeriod(
    periods.previousPeriod({
      frequency: 'monthly',
      year: beijing.getUTCFullYear(),
      index: beijing.getUTCMonth() + 1,
    }),
  );
}

type Obs = {
  indicator: string;
  dims: Record<string, string>;
  period: string;
  value: string;
  status: 'preliminary' | 'final';
};

const cents = (v: number) => Math.round(v * 100);
const fromCents = (c: number) => (c / 100).toFixed(2);

export async function seedStatdbDemo(db: Db, store: Store, lists: CodeListCache, now = new Date()) {
  const codeLists = await lists.get(db);
  const city = codeLists.region.defaultCode;
  const counties = [...codeLists.region.codes.values()].filter(
    (c) => c.level === 'county' && COUNTY_SHARES[c.code],
  );
  if (!city || !counties.length) return;
  const defs: IndicatorDefinition[] = demoIndicators();
  await db.transaction().execute((trx) => store.defineIndicators(trx, defs, 'demo'));

  const last = latestCompleteMonth(now);
  const lastP = periods.parsePeriod(last)!;
  const prelim = new Set([last, periods.formatPeriod(periods.previousPeriod(lastP))]);
  const lastQuarter = periods.formatPeriod(
    periods.previousPeriod({
      frequency: 'quarterly',
      year: lastP.year,
      index: Math.ceil((lastP.index + 1) / 3),
    }),
  );
  const status = (p: string) => (prelim.has(p) ? 'preliminary' : 'final') as Obs['status'];
  const out: Obs[] = [];

  /** A flow by county, the city being their exact sum. */
  const flow = (indicator: string, spec: FlowSpec | Omit<FlowSpec, 'festivalDip'>, quarterly = false) => {
    const cityCents = new Map<string, number>();
    const byCounty = new Map<string, { period: string; value: number }[]>();
    for (const c of counties) {
      const share = COUNTY_SHARES[c.code]!;
      const s = { ...spec, start: spec.start * share, growth: spec.growth + 0.02 * noise(c.code, 7) };
      const series = quarterly
        ? quarterlyFlow(`${indicator}:${c.code}`, s, '2015Q1', lastQuarter)
        : monthlyFlow(`${indicator}:${c.code}`, s as FlowSpec, '2015-01', last);
      byCounty.set(c.code, series);
      for (const pt of series) {
        cityCents.set(pt.period, (cityCents.get(pt.period) ?? 0) + cents(pt.value));
        out.push({
          indicator,
          dims: { region: c.code },
          period: pt.period,
          value: pt.value.toFixed(2),
          status: status(pt.period),
        });
      }
    }
    for (const [period, c] of cityCents)
      out.push({ indicator, dims: { region: city }, period, value: fromCents(c), status: status(period) });
    return { cityCents, byCounty };
  };

  const output = flow('ind_output', {
    start: 1200,
    growth: 0.06,
    seasonality: 1,
    festivalDip: 0.2,
    noise: 0.02,
    swings: EPIDEMIC,
  });
  // 规上工业增加值 (上年同月=100): follows output's growth, with its own noise (value added ≠ output).
  const vaIndex = (region: string, series: Map<string, number>) => {
    for (const [period, v] of series) {
      const p = periods.parsePeriod(period)!;
      const prev = series.get(periods.formatPeriod(periods.samePeriodLastYear(p)));
      if (!prev) continue;
      const idx = (100 * v) / prev + 0.8 * noise(`va:${region}`, periods.ordinal(p));
      out.push({
        indicator: 'ind_va_index',
        dims: { region },
        period,
        value: idx.toFixed(1),
        status: status(period),
      });
    }
  };
  vaIndex(city, output.cityCents);
  for (const [code, series] of output.byCounty)
    vaIndex(code, new Map(series.map((s) => [s.period, s.value])));

  const epidemicRetail = {
    '2020-01': 0.9,
    '2020-02': 0.62,
    '2020-03': 0.78,
    '2020-04': 0.9,
    '2020-05': 0.96,
  };
  flow('retail_sales', {
    start: 330,
    growth: 0.07,
    seasonality: 1,
    festivalDip: 0.04,
    noise: 0.015,
    swings: epidemicRetail,
  });
  flow('fai', {
    start: 280,
    growth: 0.05,
    seasonality: 1.5,
    festivalDip: 0.3,
    noise: 0.04,
    swings: EPIDEMIC,
  });
  flow('electricity', {
    start: 55,
    growth: 0.05,
    seasonality: 0.8,
    festivalDip: 0.12,
    noise: 0.02,
    swings: { ...EPIDEMIC, '2022-07': 1.08, '2022-08': 1.12 },
  });
  // Exports fall clearly over the latest four months: a swing the early-warning board should flag.
  const exportFall: Record<string, number> = {};
  [0.92, 0.86, 0.82, 0.8].forEach((f, i) => {
    exportFall[periods.formatPeriod(periods.shiftPeriod(lastP, i - 3))] = f;
  });
  flow('exports', {
    start: 450,
    growth: 0.06,
    seasonality: 0.8,
    festivalDip: 0.25,
    noise: 0.03,
    swings: { ...EPIDEMIC, ...exportFall },
  });
  flow('gdp', { start: 1800, growth: 0.065, seasonality: 1, noise: 0.01, swings: { '2020Q1': 0.9 } }, true);

  // 居民消费价格指数 (上年同月=100), city only: about 102, the 2019–20 pork-price spike, near 100 in 2023.
  for (const p of periods.periodRange(periods.parsePeriod('2015-01')!, lastP)) {
    const period = periods.formatPeriod(p);
    const spike = period >= '2019-09' && period <= '2020-03' ? 2.6 : 0;
    const low = p.year === 2023 || p.year === 2024 ? -1.5 : 0;
    const v = 101.8 + spike + low + 0.5 * noise('cpi', periods.ordinal(p));
    out.push({
      indicator: 'cpi',
      dims: { region: city },
      period,
      value: v.toFixed(1),
      status: status(period),
    });
  }

  await store.publish(db, { source: 'demo', by: 'demo', observations: out });
  // The earlier preliminary month is revised once (a vintage to look at in the browser).
  const revise = periods.formatPeriod(periods.previousPeriod(lastP));
  const revised = out
    .filter(
      (o) =>
        o.period === revise &&
        o.dims.region === city &&
        (o.indicator === 'retail_sales' || o.indicator === 'exports'),
    )
    .map((o) => ({
      ...o,
      value: (Number(o.value) * 1.004).toFixed(2),
      status: 'revised' as const,
      note: '依据快报修订',
    }));
  await store.publish(db, { source: 'demo', by: 'demo', observations: revised });
}
