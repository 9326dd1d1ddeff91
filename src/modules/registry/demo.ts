/**
 * Demo register (演示名录): a deterministic generator of plausible Ningbo reporting units — more
 * of them in the manufacturing districts (北仑, 鄞州, 余姚, 慈溪 …), mostly section C with
 * Ningbo's typical machinery, electrical, auto-parts, plastics and textiles, plus wholesale and
 * retail and services; sizes follow a skewed (log-normal) distribution, so most are small or
 * micro and a few are large. The same seed always gives the same register.
 */
import { generateCreditCode } from './domain/credit-code.ts';
import { mulberry32 } from './domain/prng.ts';
import { sizeClassOf } from './domain/size-class.ts';
import type { ReferenceCache } from './reference-cache.ts';
import type { UnitValues } from './repo.ts';

/** Relative number of units per county-level unit (manufacturing districts weigh more). */
const COUNTY_WEIGHT: Record<string, number> = {
  '330203': 1.0, // 海曙区
  '330205': 0.7, // 江北区
  '330206': 1.4, // 北仑区
  '330211': 0.9, // 镇海区
  '330212': 1.6, // 鄞州区
  '330213': 0.7, // 奉化区
  '330225': 0.6, // 象山县
  '330226': 0.7, // 宁海县
  '330281': 1.3, // 余姚市
  '330282': 1.5, // 慈溪市
};
/** Central districts: more trade and services, less manufacturing. */
const URBAN = new Set(['330203', '330205']);

type Weighted<T> = [T, number][];

const SECTIONS_INDUSTRIAL: Weighted<string> = [
  ['C', 58],
  ['F51', 10],
  ['F52', 8],
  ['E', 4],
  ['G', 5],
  ['H', 3],
  ['I', 2],
  ['K', 2],
  ['L', 4],
  ['M', 2],
  ['A', 1],
  ['R', 1],
];
const SECTIONS_URBAN: Weighted<string> = [
  ['C', 28],
  ['F51', 14],
  ['F52', 12],
  ['E', 4],
  ['G', 5],
  ['H', 7],
  ['I', 7],
  ['J', 2],
  ['K', 5],
  ['L', 9],
  ['M', 5],
  ['O', 1],
  ['R', 1],
];
/** Ningbo's manufacturing by GB/T 4754 division. */
const MANUFACTURING: Weighted<string> = [
  ['34', 12],
  ['38', 12],
  ['33', 9],
  ['29', 9],
  ['36', 8],
  ['39', 6],
  ['35', 6],
  ['18', 5],
  ['17', 4],
  ['24', 4],
  ['26', 4],
  ['40', 3],
  ['41', 2],
  ['21', 2],
  ['30', 2],
  ['32', 2],
  ['31', 1],
  ['13', 1],
  ['14', 1],
  ['15', 1],
  ['19', 1],
  ['22', 1],
  ['23', 1],
  ['25', 1],
  ['27', 1],
  ['37', 1],
];
const MANUFACTURING_WORD: Record<string, string[]> = {
  '13': ['食品'],
  '14': ['食品'],
  '15': ['饮品'],
  '17': ['纺织', '织造'],
  '18': ['服饰', '制衣'],
  '19': ['鞋业'],
  '21': ['家具'],
  '22': ['纸业'],
  '23': ['印务'],
  '24': ['文具', '工艺品'],
  '25': ['石化'],
  '26': ['化工', '新材料'],
  '27': ['药业'],
  '29': ['塑业', '橡塑'],
  '30': ['建材'],
  '31': ['钢铁'],
  '32': ['铜业', '合金'],
  '33': ['五金', '金属制品'],
  '34': ['机械', '轴承', '液压'],
  '35': ['模具', '装备'],
  '36': ['汽车部件', '汽配'],
  '37': ['船舶'],
  '38': ['电器', '电机', '电气'],
  '39': ['电子', '科技'],
  '40': ['仪表', '智能科技'],
  '41': ['制品'],
};
const SECTION_WORD: Record<string, string[]> = {
  F51: ['贸易', '进出口', '商贸'],
  F52: ['超市', '商店', '商行'],
  E: ['建设', '建筑工程'],
  G: ['物流', '运输'],
  H: ['餐饮', '酒店'],
  I: ['信息技术', '网络科技', '软件'],
  J: ['投资'],
  K: ['房地产开发', '物业管理'],
  L: ['商务咨询', '企业管理', '人力资源'],
  M: ['工程技术', '检测'],
  A: ['农业', '水产'],
  O: ['家政服务'],
  R: ['文化传媒'],
};
/** Median revenue per person, thousand yuan. */
const REVENUE_PER_PERSON: Record<string, number> = {
  C: 700,
  F51: 3000,
  F52: 700,
  E: 500,
  G: 600,
  H: 180,
  I: 450,
  J: 1500,
  K: 1800,
  L: 500,
  M: 400,
  A: 300,
  O: 120,
  R: 300,
};
/** Median persons employed. */
const MEDIAN_EMPLOYEES: Record<string, number> = {
  C: 28,
  F51: 8,
  F52: 9,
  E: 40,
  G: 18,
  H: 15,
  I: 12,
  J: 6,
  K: 20,
  L: 10,
  M: 12,
  A: 8,
  O: 12,
  R: 8,
};
const REGISTRATION: Weighted<string> = [
  ['173', 60],
  ['159', 14],
  ['171', 5],
  ['174', 3],
  ['160', 3],
  ['172', 2],
  ['151', 2],
  ['110', 1],
  ['120', 1],
  ['330', 4],
  ['310', 2],
  ['230', 2],
  ['210', 1],
];
const BRAND = [
  ...'恒宏鑫盛华泰瑞丰顺达隆兴旺德新永昌海宁甬明诚信通康佳宇天博创联合金银星光辉远大中亚欧美东方',
];
const SURNAME = [
  ...'王李张陈刘杨黄赵周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段漕钱汤尹黎易常武乔贺赖龚文',
];
const GIVEN = [...'伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华建国文斌辉鹏飞俊峰浩宇婷雪琳晨'];
const ROAD = [
  '中山路',
  '解放路',
  '人民路',
  '兴宁路',
  '江南路',
  '长江路',
  '黄山路',
  '新城大道',
  '工业路',
  '科技路',
  '开发大道',
  '环城路',
];

function pick<T>(random: () => number, items: Weighted<T>): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let x = random() * total;
  for (const [v, w] of items) {
    x -= w;
    if (x < 0) return v;
  }
  return items[items.length - 1][0];
}
const oneOf = <T>(random: () => number, items: T[]) => items[Math.floor(random() * items.length)];
/** A standard normal draw (Box–Muller). */
const normal = (random: () => number) =>
  Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());

/** Generates `count` demo units over the reference data's townships; deterministic for a seed. */
export function generateDemoUnits(refs: ReferenceCache, count: number, seed = 20261125): UnitValues[] {
  const random = mulberry32(seed);
  const townships = [...refs.divisions.values()].filter((d) => d.level === 'township' && d.parentCode);
  const perCounty = new Map<string, number>();
  for (const t of townships) perCounty.set(t.parentCode!, (perCounty.get(t.parentCode!) ?? 0) + 1);
  const townshipWeights: Weighted<(typeof townships)[number]> = townships.map((t) => [
    t,
    ((COUNTY_WEIGHT[t.parentCode!] ?? 1) / perCounty.get(t.parentCode!)!) * (0.5 + random()),
  ]);
  const classesBy = new Map<string, string[]>();
  for (const i of refs.industries.values()) {
    if (i.level !== 'class') continue;
    for (const key of [i.section, i.code.slice(0, 2)]) {
      if (!classesBy.has(key)) classesBy.set(key, []);
      classesBy.get(key)!.push(i.code);
    }
  }
  const codes = new Set<string>();
  const out: UnitValues[] = [];
  for (let n = 0; n < count; n++) {
    // The first unit sits in 南门街道 (330203001): the demo enterprise account is bound there.
    const township =
      n === 0 ? (refs.divisions.get('330203001') ?? townships[0]) : pick(random, townshipWeights);
    const countyCode = township.parentCode!;
    const county = refs.divisions.get(countyCode)!;
    // The demo enterprise's unit is an industrial enterprise above designated size (规上工业), so
    // the industrial monthly form is in its task list.
    const sector = n === 0 ? 'C' : pick(random, URBAN.has(countyCode) ? SECTIONS_URBAN : SECTIONS_INDUSTRIAL);
    let industryCode: string;
    let word: string;
    if (sector === 'C') {
      const division = pick(random, MANUFACTURING);
      industryCode = oneOf(random, classesBy.get(division)!);
      word = oneOf(random, MANUFACTURING_WORD[division]);
    } else if (sector === 'F51' || sector === 'F52') {
      industryCode = oneOf(random, classesBy.get(sector.slice(1))!);
      word = oneOf(random, SECTION_WORD[sector]);
    } else if (sector === 'K') {
      industryCode = random() < 0.6 ? '7010' : '7020';
      word = SECTION_WORD.K[industryCode === '7010' ? 0 : 1];
    } else {
      industryCode = oneOf(random, classesBy.get(sector)!);
      word = oneOf(random, SECTION_WORD[sector]);
    }
    const employees = Math.max(
      1,
      Math.min(30000, Math.round(MEDIAN_EMPLOYEES[sector] * Math.exp(1.15 * normal(random)))),
    );
    const drawn =
      Math.round(employees * REVENUE_PER_PERSON[sector] * Math.exp(0.7 * normal(random)) * 10) / 10;
    const revenue = n === 0 ? Math.max(drawn, 36_800.5) : drawn;
    const registrationType = pick(random, REGISTRATION);
    let creditCode: string;
    do creditCode = generateCreditCode(random, { authority: '9', entityType: '1', division: countyCode });
    while (codes.has(creditCode));
    codes.add(creditCode);
    const roll = random();
    const status = n === 0 || roll < 0.94 ? 'active' : roll < 0.97 ? 'suspended' : 'exited';
    const year = 2005 + Math.floor(random() * 20);
    const entryDate = `${year}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
    const limited = ['160', '174', '240', '340'].includes(registrationType) ? '股份有限公司' : '有限公司';
    const brand = oneOf(random, BRAND) + oneOf(random, BRAND);
    const place = county.name.replace(/[区县市]$/, '');
    const contact =
      oneOf(random, SURNAME) + oneOf(random, GIVEN) + (random() < 0.5 ? oneOf(random, GIVEN) : '');
    out.push({
      credit_code: creditCode,
      name: `宁波${random() < 0.4 ? place : ''}${brand}${word}${limited}`,
      township_code: township.code,
      county_code: countyCode,
      city_code: county.parentCode ?? '330200',
      industry_code: industryCode,
      section_code: refs.industries.get(industryCode)!.section,
      registration_type: registrationType,
      employees,
      revenue_thousand_yuan: revenue,
      size_class: sizeClassOf({ industryCode, employees, revenueThousandYuan: revenue }),
      status,
      entry_date: entryDate,
      exit_date: status === 'exited' ? `${Math.min(2025, year + 1 + Math.floor(random() * 5))}-06-30` : null,
      address: `${county.name}${township.name}${oneOf(random, ROAD)}${1 + Math.floor(random() * 999)}号`,
      contact_name: contact,
      contact_phone: `1${oneOf(random, ['3', '5', '8'])}${String(Math.floor(random() * 1e9)).padStart(9, '0')}`,
      contact_email: random() < 0.6 ? `contact${n + 1}@nb-demo.cn` : null,
    });
  }
  return out;
}
