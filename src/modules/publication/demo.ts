/**
 * The demo's publication: public datasets over statdb's demo indicators, two releases already out
 * (the history, then last month's figures) so the site and the open data API have data at once,
 * and three upcoming ones — the next carrying the latest month (electricity's still to stage), so
 * the embargo shows.
 */
import { periods } from '../surveys/index.ts';
import type { DatasetInput } from './contract.ts';
import type { PublicationService, Who } from './service.ts';

const DEMO: Who = { actor: null, ip: null, userAgent: null, by: 'demo' };
const SOURCE = '宁波市统计局、国家统计局宁波调查队';

const dataset = (
  code: string,
  zh: string,
  en: string,
  subject: DatasetInput['subject'],
  indicators: string[],
  notes: { zh: string; en: string }[] = [],
): DatasetInput => ({
  code,
  title: { zh, en },
  description: {
    zh: `${zh}，全市及各区（县、市）。`,
    en: `${en}, for the city and its districts and counties.`,
  },
  subject,
  indicators,
  dimensions: ['region'],
  notes,
  source: SOURCE,
});

export const DEMO_DATASETS: DatasetInput[] = [
  dataset(
    'gdp-quarterly',
    '地区生产总值（季度）',
    'Gross domestic product (quarterly)',
    'national-accounts',
    ['gdp'],
    [
      {
        zh: '季度数据为当季值，按当年价格计算。',
        en: 'Quarterly figures are for the quarter alone, at current prices.',
      },
    ],
  ),
  dataset(
    'industry-monthly',
    '规模以上工业',
    'Industry above designated size',
    'industry',
    ['ind_va_index', 'ind_output'],
    [{ zh: '增加值增速按可比价格计算。', en: 'Value-added growth at comparable prices.' }],
  ),
  dataset('retail-sales', '社会消费品零售总额', 'Retail sales of consumer goods', 'trade', ['retail_sales']),
  dataset('fixed-investment', '固定资产投资', 'Fixed-asset investment', 'investment', ['fai']),
  dataset('consumer-prices', '居民消费价格指数', 'Consumer price index', 'prices', ['cpi']),
  dataset('exports', '出口总额', 'Exports', 'foreign-trade', ['exports']),
  dataset('electricity', '全社会用电量', 'Electricity consumption', 'energy', ['electricity']),
];

/** A minute of a Beijing day `days` from `now`'s. */
function beijingMinute(now: Date, days: number, hour: number, minute: number): Date {
  const b = new Date(now.getTime() + 8 * 3600_000);
  return new Date(Date.UTC(b.getUTCFullYear(), b.getUTCMonth(), b.getUTCDate() + days, hour - 8, minute));
}

const monthOf = (p: periods.Period) => ({
  zh: `${p.year}年${p.index}月`,
  en: `${p.year}-${String(p.index).padStart(2, '0')}`,
});

export async function seedPublicationDemo(service: PublicationService, now: Date) {
  for (const d of DEMO_DATASETS) await service.createDataset(DEMO, d);
  // The last complete month in Beijing (statdb's demo series end there), and the last whole quarter.
  const b = new Date(now.getTime() + 8 * 3600_000);
  const last = periods.previousPeriod({
    frequency: 'monthly',
    year: b.getUTCFullYear(),
    index: b.getUTCMonth() + 1,
  });
  const lastQuarter = periods.previousPeriod({
    frequency: 'quarterly',
    year: last.year,
    index: Math.ceil((last.index + 1) / 3),
  });
  const month = (n: number) => periods.formatPeriod(periods.shiftPeriod(last, n));
  const monthly = DEMO_DATASETS.filter((d) => d.code !== 'gdp-quarterly').map((d) => d.code);

  const release = async (
    title: { zh: string; en: string },
    at: Date,
    kind: 'data' | 'bulletin' | 'analysis',
  ) =>
    (
      await service.createRelease(
        DEMO,
        { title, kind, releaseAt: at.toISOString(), description: { zh: '', en: '' } },
        { allowPast: at <= now },
      )
    ).id;

  const history = await release(
    { zh: '历史数据（2015年以来）', en: 'Historical data since 2015' },
    beijingMinute(now, -45, 9, 30),
    'data',
  );
  for (const code of monthly)
    await service.stage(DEMO, history, code, { to: month(-2) }, { allowPast: true });
  await service.stage(
    DEMO,
    history,
    'gdp-quarterly',
    { to: periods.formatPeriod(periods.previousPeriod(lastQuarter)) },
    { allowPast: true },
  );

  const prev = monthOf(periods.shiftPeriod(last, -1));
  const lastMonth = await release(
    { zh: `${prev.zh}份主要经济指标`, en: `Main economic indicators, ${prev.en}` },
    beijingMinute(now, -12, 9, 30),
    'data',
  );
  for (const code of monthly)
    await service.stage(DEMO, lastMonth, code, { from: month(-3), to: month(-1) }, { allowPast: true });
  await service.stage(
    DEMO,
    lastMonth,
    'gdp-quarterly',
    { from: periods.formatPeriod(lastQuarter) },
    { allowPast: true },
  );

  const cur = monthOf(last);
  const next = await release(
    { zh: `${cur.zh}份主要经济指标`, en: `Main economic indicators, ${cur.en}` },
    beijingMinute(now, 1, 9, 30),
    'data',
  );
  // Electricity's latest month is left for staff to stage (the browser test does it).
  for (const code of monthly.filter((c) => c !== 'electricity'))
    await service.stage(DEMO, next, code, { from: month(-2) });
  await release(
    { zh: `${last.year}年统计公报`, en: `Statistical communiqué ${last.year}` },
    beijingMinute(now, 7, 10, 0),
    'bulletin',
  );
  await release(
    { zh: '全市经济运行分析', en: 'Analysis of the economy' },
    beijingMinute(now, 20, 15, 0),
    'analysis',
  );
}
