/**
 * Demo reporting history (演示历史数据): what the demo units entered in the past periods of the
 * demo forms — a level by industry and size, a trend, seasonality (the Spring Festival dip in
 * January and February, the year-end push in December), noise, and a few odd values that the
 * verify rules flag (outliers, structural breaks, stock build-ups), each with the reason a real
 * unit would have written. Pure and seeded: every value is a function of the seed, the unit and
 * the period alone, so any unit-period can be generated on its own and in any order.
 *
 * Only entered cells come from here; computed cells are computed by the form's own code, and the
 * rules are run by the real rule engine, by whoever writes the history (demo-history.ts).
 */
import { periods } from '../../surveys/index.ts';
import { type ReportingWindow, windowOf, windowState } from './window.ts';

type Period = periods.Period;

export const DEMO_HISTORY_SEED = 20_261_125;

/**
 * The grace after deadlines in a demo installation (宽限期, days). The monthly form's window
 * opens when its period ends and its deadline is the 5th; with 30 days of grace it stays open
 * until the next period's window opens, so whatever the date a newcomer starts the demo, the
 * industrial monthly form has a period open for entry. Installations that are not demos keep
 * their own setting (10 days unless changed).
 */
export const DEMO_GRACE_DAYS = 30;

/** How many past periods the demo holds for each frequency (36 months, 12 quarters, 3 years). */
export const HISTORY_LENGTH: Record<periods.Frequency, number> = { monthly: 36, quarterly: 12, annual: 3 };

/** A unit in a demo form's reporting scope, as the register describes it. */
export interface HistoryUnit {
  id: string;
  /** GB/T 4754 class, 4 digits. */
  industryCode: string;
  sizeClass: string | null;
}

/** Entered values of one unit and period, and why a value is odd (the unit's explanation). */
export interface Generated {
  entered: Record<string, string>;
  /** Why this period's figures look odd, as the unit would explain it; null when ordinary. */
  note: string | null;
}

// ---- seeded randomness, independent of the order of generation ---------------------------

/** FNV-1a hash of a text, mixed with the seed. */
export function hashText(text: string, seed: number): number {
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function mix(a: number, b: number): number {
  let h = Math.imul(a ^ Math.imul(b + 0x9e3779b9, 0x85ebca6b), 0xcc9e2d51);
  h ^= h >>> 15;
  h = Math.imul(h, 0x1b873593);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A uniform number in [0, 1) for a unit, a period ordinal and a purpose. */
export const uniform = (unitSeed: number, t: number, salt: number) =>
  mix(mix(unitSeed, t), salt) / 4294967296;

/** A standard normal number (Box–Muller) for a unit, a period ordinal and a purpose. */
function normal(unitSeed: number, t: number, salt: number): number {
  const u1 = Math.max(uniform(unitSeed, t, salt), 1e-12);
  const u2 = uniform(unitSeed, t, salt + 7919);
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

const fixed = (x: number, decimals = 1) => Math.max(0, x).toFixed(decimals);
const signed = (x: number) => (Object.is(Math.round(x * 10), -0) ? 0 : x).toFixed(1);

// ---- periods ------------------------------------------------------------------------------

/**
 * The periods of a form's demo history at an instant, and the period left open for reporting.
 * The task list shows the period before the current one; while its window is open it is the
 * open period (some units have reported, the rest — the demo enterprise among them — have not)
 * and history ends before it; once its window has closed it is the latest closed period and
 * history ends with it.
 */
export function historyPlan(
  frequency: periods.Frequency,
  now: Date,
  rule: periods.DeadlineRule,
  graceDays: number,
  currentPeriod: (f: periods.Frequency, now: Date) => Period,
): { history: Period[]; open: Period | null; openWindow: ReportingWindow | null } {
  const task = periods.previousPeriod(currentPeriod(frequency, now));
  const w = windowOf(task, rule, graceDays);
  const open = windowState(w, now, false).state === 'open';
  const last = open ? periods.previousPeriod(task) : task;
  const history = periods.periodRange(periods.shiftPeriod(last, 1 - HISTORY_LENGTH[frequency]), last);
  return { history, open: open ? task : null, openWindow: open ? w : null };
}

/** When a unit handed in: within its window (late ones after the deadline, within the grace). */
export function submittedAt(w: ReportingWindow, unitSeed: number, t: number, late: boolean): Date {
  const u = uniform(unitSeed, t, 31);
  if (late)
    return new Date(w.deadline.getTime() + (0.05 + 0.9 * u) * (w.closesAt.getTime() - w.deadline.getTime()));
  // Most report in the last days before the deadline.
  const span = w.deadline.getTime() - w.opensAt.getTime();
  return new Date(w.opensAt.getTime() + span * (1 - (1 - u) ** 0.5 * 0.98));
}

/** About one report in sixty is late (迟报). */
export const isLate = (unitSeed: number, t: number) => uniform(unitSeed, t, 37) < 1 / 60;

// ---- unit profiles ------------------------------------------------------------------------

/** Median monthly output (thousand yuan) of an industrial unit above designated size, by size. */
const MONTHLY_OUTPUT: Record<string, number> = { large: 60_000, medium: 9_000, small: 2_600, micro: 2_000 };

/** Industrial output seasonality by month: the Spring Festival dip, the year-end push. */
export const MONTHLY_SEASON = [0.93, 0.7, 1.0, 0.99, 1.0, 1.02, 0.98, 0.97, 1.02, 1.01, 1.06, 1.22];
/** Service revenue seasonality by quarter (flows, not cumulative). */
export const QUARTERLY_SEASON = [0.9, 1.0, 1.0, 1.1];

/** Main products by industry division, with a price per physical unit (thousand yuan). */
const PRODUCTS: Record<string, [code: string, price: number][]> = {
  '17': [['2601010000', 11]],
  '18': [['1801010000', 450]],
  '24': [['2402010000', 60]],
  '25': [['0701010000', 4.2]],
  '26': [['2601010000', 9]],
  '28': [['2601010000', 9]],
  '29': [['2902010000', 13]],
  '31': [['3206010000', 4.6]],
  '32': [['3206010000', 5.5]],
  '35': [['3401030100', 320]],
  '36': [['3601010000', 130]],
  '38': [
    ['3901010000', 2.4],
    ['3901030000', 1.9],
  ],
  '39': [['4006010000', 35]],
  '44': [['4401010000', 4.5]],
};
/** Export-oriented divisions (Ningbo's machinery, electrical, electronics, garments, stationery). */
const EXPORTERS = new Set(['17', '18', '24', '34', '35', '38', '39', '40']);

interface Profile {
  seed: number;
  /** Monthly output at the reference month (thousand yuan). */
  level: number;
  /** Yearly growth rate. */
  growth: number;
  noise: number;
  salesRatio: number;
  exportShare: number;
  /** A structural break: from this ordinal on, output is multiplied by `factor`. */
  brk: { from: number; factor: number } | null;
}

/** Reference ordinal of levels (January 2024): before it the trend runs backwards. */
const REFERENCE = periods.ordinal({ frequency: 'monthly', year: 2024, index: 1 });

function profileOf(unit: HistoryUnit, seed: number): Profile {
  const s = hashText(unit.id, seed);
  const median = MONTHLY_OUTPUT[unit.sizeClass ?? 'small'] ?? MONTHLY_OUTPUT.small;
  // Above designated size means at least 20 million yuan a year.
  const level = Math.max(1_800, median * Math.exp(0.55 * normal(s, 0, 1)));
  const division = unit.industryCode.slice(0, 2);
  const exporter = EXPORTERS.has(division);
  const exportShare =
    uniform(s, 0, 5) < (exporter ? 0.15 : 0.55) ? 0 : (exporter ? 0.35 : 0.1) * (0.4 + uniform(s, 0, 6));
  // About one unit in sixty has a structural break somewhere in the last three years.
  const brk =
    uniform(s, 0, 8) < 1 / 60
      ? {
          from: REFERENCE - 12 + Math.floor(uniform(s, 0, 9) * 34),
          factor: uniform(s, 0, 10) < 0.7 ? 1.8 : 0.5,
        }
      : null;
  return {
    seed: s,
    level,
    growth: 0.05 + 0.07 * normal(s, 0, 2),
    noise: 0.03 + 0.04 * uniform(s, 0, 3),
    salesRatio: Math.min(1.06, Math.max(0.88, 0.975 + 0.025 * normal(s, 0, 4))),
    exportShare,
    brk,
  };
}

const BREAK_NOTE = (factor: number, from: number) => {
  const p = periods.formatPeriod({
    frequency: 'monthly',
    year: Math.floor(from / 12),
    index: (from % 12) + 1,
  });
  return factor > 1
    ? `${p} 起新生产线投产，产能扩大，产值较上年同期大幅增长，数据属实。`
    : `${p} 起部分生产线搬迁至外地子公司，本地产值下降，数据属实。`;
};

/** Monthly industrial output of a unit (thousand yuan) and why it is odd, if it is. */
function monthlyOutput(p: Profile, t: number): { output: number; note: string | null } {
  const month = (t % 12) + 1;
  let x = p.level * (1 + p.growth) ** ((t - REFERENCE) / 12) * MONTHLY_SEASON[month - 1];
  x *= Math.exp(p.noise * normal(p.seed, t, 11));
  let note: string | null = null;
  if (p.brk && t >= p.brk.from) {
    x *= p.brk.factor;
    if (t < p.brk.from + 12) note = BREAK_NOTE(p.brk.factor, p.brk.from);
  }
  const odd = uniform(p.seed, t, 12);
  if (odd < 0.0025) {
    x *= 2.1;
    note = '本月承接大额出口订单集中交货，产值大幅增加，数据属实。';
  } else if (odd < 0.005) {
    x *= 0.35;
    note = '本月停产检修（环保设备改造），产值大幅下降，数据属实。';
  } else if (p.brk && t >= p.brk.from + 12 && t < p.brk.from + 24) {
    note = BREAK_NOTE(p.brk.factor, p.brk.from);
  }
  return { output: x, note };
}

/** B204-1 (monthly industrial output, sales and products): the entered cells. */
export function industrialMonth(unit: HistoryUnit, period: Period, seed = DEMO_HISTORY_SEED): Generated {
  const p = profileOf(unit, seed);
  const t = periods.ordinal(period);
  const { output, note: outputNote } = monthlyOutput(p, t);
  let note = outputNote;
  const a01 = Math.round(output * 10) / 10;
  let ratio = p.salesRatio + 0.015 * normal(p.seed, t, 13);
  if (!note && uniform(p.seed, t, 14) < 0.002) {
    ratio = 0.62;
    note = '本月为旺季备货，产成品库存增加，产品销售率偏低，数据属实。';
  }
  const a02 = Math.min(a01 * 1.45, a01 * ratio);
  const a03 = Math.min(a02, a02 * p.exportShare * Math.exp(0.12 * normal(p.seed, t, 15)));
  const entered: Record<string, string> = {
    'A01.current': fixed(a01),
    'A02.current': fixed(a02),
    'A03.current': fixed(a03),
  };
  const products = PRODUCTS[unit.industryCode.slice(0, 2)] ?? [];
  let share = 0.55 + 0.35 * uniform(p.seed, 0, 16);
  products.forEach(([code, price], i) => {
    entered[`P${i + 1}_CODE.current`] = code;
    entered[`P${i + 1}_QTY.current`] = fixed(
      (a01 * share) / price / Math.exp(0.03 * normal(p.seed, t, 17 + i)),
    );
    share = (1 - share) * 0.8;
  });
  return { entered, note };
}

/** Months of a year, as ordinals. */
const monthsOf = (year: number, from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => year * 12 + from - 1 + i);

const SERVICES_NOTE = '本季新签（或终止）大额服务合同，业务规模变化较大，数据属实。';

/** F203 (quarterly services finances, cumulative from January): the entered cells. */
export function servicesQuarter(unit: HistoryUnit, period: Period, seed = DEMO_HISTORY_SEED): Generated {
  const p = profileOf(unit, seed);
  const section = unit.industryCode.slice(0, 2);
  // Services above designated size are smaller than industry: a third of the level.
  const flow = (q: number) => {
    const months = monthsOf(period.year, q * 3 - 2, q * 3);
    let sum = 0;
    let note: string | null = null;
    for (const t of months) {
      const m = monthlyOutput(p, t);
      // Services follow the quarter, not the factory calendar.
      sum += (m.output / MONTHLY_SEASON[t % 12]) * QUARTERLY_SEASON[q - 1];
      if (m.note) note = SERVICES_NOTE;
    }
    return { revenue: sum / 3, note };
  };
  let revenue = 0;
  let note: string | null = null;
  for (let q = 1; q <= period.index; q++) {
    const f = flow(q);
    revenue += f.revenue;
    if (q === period.index) note = f.note;
  }
  const costRatio = { '5': 0.86, '6': 0.62, '7': 0.7, '8': 0.72, '9': 0.75 }[section[0]] ?? 0.78;
  const t = periods.ordinal(period);
  const b01 = revenue;
  const b02 = b01 * (0.9 + 0.09 * uniform(p.seed, 0, 20));
  const b03 = b01 * costRatio * (1 + 0.02 * normal(p.seed, t, 21));
  const b04 = b01 * 0.006;
  const b05 = b01 * 0.03 * (0.5 + uniform(p.seed, 0, 22));
  const b06 = b01 * 0.06 * (0.6 + uniform(p.seed, 0, 23));
  const b07 = ['63', '64', '65', '73', '74', '75'].includes(section) ? b01 * 0.05 : 0;
  // Financial expenses: interest paid less interest earned; a few units earn more than they pay.
  const b09 = b01 * 0.004 * uniform(p.seed, 0, 24);
  const b08 = b09 * (uniform(p.seed, 0, 25) < 0.1 ? -0.5 : 1.1);
  const b10 = b01 - b03 - b04 - b05 - b06 - b07 - b08;
  const employees = Math.max(5, Math.round((p.level * 12) / 600 / (1 + 0.02 * normal(p.seed, t, 26))));
  const entered: Record<string, string> = {
    'B01.current': fixed(b01),
    'B02.current': fixed(b02),
    'B03.current': fixed(b03),
    'B04.current': fixed(b04),
    'B05.current': fixed(b05),
    'B06.current': fixed(b06),
    'B08.current': signed(b08),
    'B09.current': fixed(b09),
    'B10.current': signed(b10),
    'B11.current': fixed(employees * 9 * (0.8 + 0.4 * uniform(p.seed, t, 27))),
    'B12.current': fixed(b01 * 0.012),
    'B13.current': String(employees),
  };
  if (b07 > 0) entered['B07.current'] = fixed(b07);
  return { entered, note };
}

/** B103 (annual financial position): the entered cells, consistent with the unit's monthly sales. */
export function annualFinances(unit: HistoryUnit, period: Period, seed = DEMO_HISTORY_SEED): Generated {
  const p = profileOf(unit, seed);
  let sales = 0;
  let note: string | null = null;
  for (let m = 1; m <= 12; m++) {
    const g = industrialMonth(unit, { frequency: 'monthly', year: period.year, index: m }, seed);
    sales += Number(g.entered['A02.current']);
    if (g.note && !note && p.brk) note = g.note;
  }
  const y = period.year;
  const c06 = sales * 1.03;
  const c01 = c06 * (0.8 + 0.6 * uniform(p.seed, 0, 40)) * (1 + 0.03 * normal(p.seed, y, 41));
  // One unit in a hundred is insolvent on paper (debts above assets) and says why.
  const insolvent = uniform(p.seed, 0, 42) < 0.01;
  const debt = insolvent ? 1.08 : 0.3 + 0.4 * uniform(p.seed, 0, 43);
  if (insolvent) note = '历年亏损累积导致资不抵债，股东已承诺增资并提供担保，数据属实。';
  const c07 = c06 * (0.8 + 0.08 * uniform(p.seed, 0, 44));
  const c08 = c06 * 0.006;
  const c09 = c06 * (0.01 + 0.09 * uniform(p.seed, y, 45)) - (insolvent ? c06 * 0.04 : 0);
  const c10 = Math.max(0, c09 * 0.2);
  const employees = Math.max(20, Math.round((c06 / 700) * (1 + 0.05 * normal(p.seed, y, 46))));
  return {
    entered: {
      'C01.current': fixed(c01),
      'C02.current': fixed(c01 * (0.4 + 0.2 * uniform(p.seed, 0, 47))),
      'C03.current': fixed(c01 * (0.5 + 0.3 * uniform(p.seed, 0, 48))),
      'C04.current': fixed(c01 * debt),
      'C06.current': fixed(c06),
      'C07.current': fixed(c07),
      'C08.current': fixed(c08),
      'C09.current': signed(c09),
      'C10.current': fixed(c10),
      'C12.current': fixed(employees * 14 * (0.8 + 0.4 * uniform(p.seed, y, 49))),
      'C13.current': fixed(c06 * 0.021),
      'C14.current': String(employees),
    },
    note,
  };
}

/** The generator of each demo form, by form code. */
export const GENERATORS: Record<string, (u: HistoryUnit, p: Period, seed?: number) => Generated> = {
  'B204-1': industrialMonth,
  F203: servicesQuarter,
  B103: annualFinances,
};

/** The explanation of a failing verify rule: the period's own reason, or last year's base. */
export function explanationFor(note: string | null, lastYearNote: string | null): string {
  if (note) return note;
  if (lastYearNote)
    return `上年同期基数异常（${lastYearNote.replace(/，?数据属实。$/, '')}），本期恢复正常水平，数据属实。`;
  return '经核实，本期市场需求变化较大，数据属实。';
}

export type ReviewLevel = 'township' | 'county' | 'city';

/**
 * Who decided at a review level for a unit in a township: the demo account of that office where
 * there is one (`names` by division code), else a username for the office (`tj330206001`).
 */
export function demoReviewer(level: ReviewLevel, townshipCode: string, names: ReadonlyMap<string, string>) {
  const division =
    level === 'township'
      ? townshipCode
      : level === 'county'
        ? townshipCode.slice(0, 6)
        : `${townshipCode.slice(0, 4)}00`;
  return names.get(division) ?? `tj${division}`;
}

/** When a submission was finally approved: one to nine days after it was handed in, never after `now`. */
export function approvedAt(submitted: Date, unitSeed: number, t: number, now: Date): Date {
  const days = 1 + 8 * uniform(unitSeed, t, 61);
  return new Date(Math.min(submitted.getTime() + days * 86_400_000, now.getTime() - 60_000));
}

/** Where a unit stands in the open period (about 55% handed in, a few returned, some drafts). */
export function openState(unitSeed: number, t: number): 'submitted' | 'returned' | 'draft' | null {
  const u = uniform(unitSeed, t, 71);
  return u < 0.55 ? 'submitted' : u < 0.58 ? 'returned' : u < 0.66 ? 'draft' : null;
}
