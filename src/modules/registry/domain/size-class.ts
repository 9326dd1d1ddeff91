/**
 * Size class (企业规模: 大型/中型/小型/微型) per 统计上大中小微型企业划分办法（2017）(国统字〔2017〕213号),
 * table-driven by the industry of the unit's GB/T 4754-2017 class.
 *
 * The rule: a unit is 大型, 中型 or 小型 only if it reaches EVERY lower bound of that tier
 * ("须同时满足所列指标的下限，否则下划一档"); a unit reaching no tier's bounds is 微型
 * ("微型企业只须满足所列指标中的一项即可"). So we try large, medium, small in turn.
 *
 * Indicators: X 从业人员 (persons), Y 营业收入 (万元), Z 资产总额 (万元).
 *
 * Assumption (data we do not hold): the register has no total assets (Z). For the three
 * industries whose rule uses Z — 建筑业, 房地产开发经营, 租赁和商务服务业 — we judge on the
 * indicator we have (Y, Y, X respectively), i.e. as if Z reached the same tier. A caller that
 * knows Z may pass it and the full rule applies. Likewise an indicator the unit lacks (null) is
 * left out; with no usable indicator at all the size class is null (unknown).
 */

export type SizeClass = 'large' | 'medium' | 'small' | 'micro';
export const SIZE_CLASSES: readonly SizeClass[] = ['large', 'medium', 'small', 'micro'];

type Indicator = 'employees' | 'revenue' | 'assets';
/** Lower bounds of large, medium and small, per indicator (persons or 万元). */
type Bounds = Partial<Record<Indicator, [number, number, number]>>;

export interface SizeRule {
  id: string;
  name: string;
  bounds: Bounds;
}

/** The 2017 table, one row per 行业. */
export const SIZE_RULES = {
  agriculture: { id: 'agriculture', name: '农、林、牧、渔业', bounds: { revenue: [20000, 500, 50] } },
  industry: {
    id: 'industry',
    name: '工业',
    bounds: { employees: [1000, 300, 20], revenue: [40000, 2000, 300] },
  },
  construction: {
    id: 'construction',
    name: '建筑业',
    bounds: { revenue: [80000, 6000, 300], assets: [80000, 5000, 300] },
  },
  wholesale: {
    id: 'wholesale',
    name: '批发业',
    bounds: { employees: [200, 20, 5], revenue: [40000, 5000, 1000] },
  },
  retail: { id: 'retail', name: '零售业', bounds: { employees: [300, 50, 10], revenue: [20000, 500, 100] } },
  transport: {
    id: 'transport',
    name: '交通运输业',
    bounds: { employees: [1000, 300, 20], revenue: [30000, 3000, 200] },
  },
  warehousing: {
    id: 'warehousing',
    name: '仓储业',
    bounds: { employees: [200, 100, 20], revenue: [30000, 1000, 100] },
  },
  postal: {
    id: 'postal',
    name: '邮政业',
    bounds: { employees: [1000, 300, 20], revenue: [30000, 2000, 100] },
  },
  accommodation: {
    id: 'accommodation',
    name: '住宿业',
    bounds: { employees: [300, 100, 10], revenue: [10000, 2000, 100] },
  },
  catering: {
    id: 'catering',
    name: '餐饮业',
    bounds: { employees: [300, 100, 10], revenue: [10000, 2000, 100] },
  },
  telecom: {
    id: 'telecom',
    name: '信息传输业',
    bounds: { employees: [2000, 100, 10], revenue: [100000, 1000, 100] },
  },
  software: {
    id: 'software',
    name: '软件和信息技术服务业',
    bounds: { employees: [300, 100, 10], revenue: [10000, 1000, 50] },
  },
  realEstateDevelopment: {
    id: 'realEstateDevelopment',
    name: '房地产开发经营',
    bounds: { revenue: [200000, 1000, 100], assets: [10000, 5000, 2000] },
  },
  propertyManagement: {
    id: 'propertyManagement',
    name: '物业管理',
    bounds: { employees: [1000, 300, 100], revenue: [5000, 1000, 500] },
  },
  leasingBusiness: {
    id: 'leasingBusiness',
    name: '租赁和商务服务业',
    bounds: { employees: [300, 100, 10], assets: [120000, 8000, 100] },
  },
  other: { id: 'other', name: '其他未列明行业', bounds: { employees: [300, 100, 10] } },
} satisfies Record<string, SizeRule>;

/**
 * Which row of the table a GB/T 4754-2017 class code (4 digits) falls in. Notes of the rule:
 * 工业 = sections B, C, D (divisions 06–46); 交通运输业 = 54–58 plus 装卸搬运 591, not 铁路运输 53
 * (railways fall to 其他未列明行业); 仓储业 = 592–599; 信息传输业 = 63, 64.
 */
export function sizeRuleFor(industryCode: string): SizeRule {
  const d = Number(industryCode.slice(0, 2));
  const g = industryCode.slice(0, 3);
  if (d >= 1 && d <= 5) return SIZE_RULES.agriculture;
  if (d >= 6 && d <= 46) return SIZE_RULES.industry;
  if (d >= 47 && d <= 50) return SIZE_RULES.construction;
  if (d === 51) return SIZE_RULES.wholesale;
  if (d === 52) return SIZE_RULES.retail;
  if ((d >= 54 && d <= 58) || g === '591') return SIZE_RULES.transport;
  if (d === 59) return SIZE_RULES.warehousing;
  if (d === 60) return SIZE_RULES.postal;
  if (d === 61) return SIZE_RULES.accommodation;
  if (d === 62) return SIZE_RULES.catering;
  if (d === 63 || d === 64) return SIZE_RULES.telecom;
  if (d === 65) return SIZE_RULES.software;
  if (g === '701') return SIZE_RULES.realEstateDevelopment;
  if (g === '702') return SIZE_RULES.propertyManagement;
  if (d === 71 || d === 72) return SIZE_RULES.leasingBusiness;
  return SIZE_RULES.other;
}

export interface SizeInput {
  industryCode: string;
  employees: number | null | undefined;
  /** 营业收入 in thousand yuan, as the register stores it. */
  revenueThousandYuan: number | null | undefined;
  /** 资产总额 in thousand yuan, when known (the register does not hold it). */
  assetsThousandYuan?: number | null;
}

/** The size class by the 2017 rule, or null when the unit has none of the indicators its rule uses. */
export function sizeClassOf(input: SizeInput): SizeClass | null {
  const rule = sizeRuleFor(input.industryCode);
  const values: Record<Indicator, number | null> = {
    employees: input.employees ?? null,
    // thousand yuan → 万元 (ten thousand yuan)
    revenue: input.revenueThousandYuan == null ? null : input.revenueThousandYuan / 10,
    assets: input.assetsThousandYuan == null ? null : input.assetsThousandYuan / 10,
  };
  const usable = (Object.keys(rule.bounds) as Indicator[]).filter((k) => values[k] !== null);
  if (!usable.length) return null;
  const tiers: SizeClass[] = ['large', 'medium', 'small'];
  for (let t = 0; t < 3; t++) {
    if (usable.every((k) => (values[k] as number) >= rule.bounds[k]![t])) return tiers[t];
  }
  return 'micro';
}
