/**
 * Cuts (汇总口径): the aggregate cells a reporting unit contributes to, by the division hierarchy
 * (乡镇/街道 → 县/区 → 市), the GB/T 4754-2017 hierarchy (小类 → 中类 → 大类 → 门类) and named
 * groupings (高技术制造业, 装备制造业 …), size class (企业规模) and registration type (登记注册类型),
 * and their cross-cuts.
 *
 * Runs once per approved submission, so a cut list is compiled once into a function that does no
 * allocation beyond the keys it returns. A cell key reads `cutId:v1/v2/…` with the values in the
 * order region, industry, size, registration (only the dimensions the cut has); a cut with no
 * dimension is the grand total (`total:`).
 *
 * Every unit lands in exactly one cell of each cut except grouping cuts: a grouping is not a
 * partition (高技术制造业 and 装备制造业 overlap, most classes are in neither), so a unit lands in one
 * cell per grouping it belongs to, possibly none. An unknown size class or registration type is
 * the value `unknown`, so the cells of a cut still add up to its total.
 */

export type RegionLevel = 'city' | 'county' | 'township';
export type IndustryLevel = 'section' | 'division' | 'group' | 'class' | 'grouping';

/** What the register says about a unit, as far as aggregation needs it. */
export interface UnitClassification {
  /** 9-digit township (乡镇/街道) code, e.g. 330203001. */
  township: string;
  /** 4-digit GB/T 4754-2017 class (小类) code, e.g. 3911. */
  industryClass: string;
  /** 企业规模: large/medium/small/micro, or null when unknown. */
  sizeClass: string | null;
  /** 登记注册类型 code (110, 173 …), or null when unknown. */
  registrationType: string | null;
}

/** A standard table the bureau publishes or queries: which dimensions, at which level. */
export interface Cut {
  id: string;
  region?: RegionLevel;
  industry?: IndustryLevel;
  size?: boolean;
  registration?: boolean;
}

/** A named industry grouping (产业分类口径) as GB/T 4754 codes at any level (class, group or division). */
export interface IndustryGrouping {
  id: string;
  codes: readonly string[];
}

export const UNKNOWN = 'unknown';

/**
 * The 门类 (section) of each 大类 (division), from GB/T 4754-2017. Fixed by the standard, so it is
 * a table here rather than a lookup into the registry's tables: the domain stays pure.
 */
const SECTION_RANGES: readonly [string, number, number][] = [
  ['A', 1, 5],
  ['B', 6, 12],
  ['C', 13, 43],
  ['D', 44, 46],
  ['E', 47, 50],
  ['F', 51, 52],
  ['G', 53, 60],
  ['H', 61, 62],
  ['I', 63, 65],
  ['J', 66, 69],
  ['K', 70, 70],
  ['L', 71, 72],
  ['M', 73, 75],
  ['N', 76, 79],
  ['O', 80, 82],
  ['P', 83, 83],
  ['Q', 84, 85],
  ['R', 86, 90],
  ['S', 91, 96],
  ['T', 97, 97],
];
const SECTION_OF_DIVISION: string[] = [];
for (const [letter, from, to] of SECTION_RANGES)
  for (let d = from; d <= to; d++) SECTION_OF_DIVISION[d] = letter;

/** The 门类 letter of a 2-digit division code; throws on a code outside GB/T 4754-2017. */
export function sectionOf(industryCode: string): string {
  const section = SECTION_OF_DIVISION[Number(industryCode.slice(0, 2))];
  if (!section || !/^\d{2}/.test(industryCode)) throw new Error(`not a GB/T 4754-2017 code: ${industryCode}`);
  return section;
}

/** The code of a unit's division at a level: township 330203001 → county 330203 → city 330200. */
export function regionCode(township: string, level: RegionLevel): string {
  if (!/^\d{9}$/.test(township)) throw new Error(`not a township code: ${township}`);
  if (level === 'township') return township;
  if (level === 'county') return township.slice(0, 6);
  return `${township.slice(0, 4)}00`;
}

/** The industry code of a 4-digit class at a non-grouping level. */
export function industryCode(industryClass: string, level: Exclude<IndustryLevel, 'grouping'>): string {
  if (!/^\d{4}$/.test(industryClass)) throw new Error(`not a GB/T 4754-2017 class code: ${industryClass}`);
  if (level === 'class') return industryClass;
  if (level === 'group') return industryClass.slice(0, 3);
  if (level === 'division') return industryClass.slice(0, 2);
  return sectionOf(industryClass);
}

const REGIONS: RegionLevel[] = ['city', 'county', 'township'];

/**
 * The standard cuts: each division level alone and crossed with section, division, grouping, size
 * class and registration type; city and county also by 中类 and 小类 (at township level those
 * cells are mostly one or two units and would be suppressed anyway); city by division × size and
 * section × registration type, the cross-cuts the annual yearbook tables use.
 */
export const STANDARD_CUTS: readonly Cut[] = [
  ...REGIONS.flatMap((region): Cut[] => [
    { id: region, region },
    { id: `${region}×section`, region, industry: 'section' },
    { id: `${region}×division`, region, industry: 'division' },
    { id: `${region}×grouping`, region, industry: 'grouping' },
    { id: `${region}×size`, region, size: true },
    { id: `${region}×registration`, region, registration: true },
  ]),
  ...(['city', 'county'] as const).flatMap((region): Cut[] => [
    { id: `${region}×group`, region, industry: 'group' },
    { id: `${region}×class`, region, industry: 'class' },
  ]),
  { id: 'city×division×size', region: 'city', industry: 'division', size: true },
  { id: 'city×section×registration', region: 'city', industry: 'section', registration: true },
];

/** The compiled form of a cut list: a unit's classification → the keys of every cell it contributes to. */
export type CellKeysOf = (unit: UnitClassification) => string[];

/** Compiles cuts (and the grouping map they may use) into a fast per-unit key function. */
export function compileCuts(cuts: readonly Cut[], groupings: readonly IndustryGrouping[] = []): CellKeysOf {
  const ids = new Set<string>();
  for (const cut of cuts) {
    if (ids.has(cut.id)) throw new Error(`duplicate cut id: ${cut.id}`);
    if (cut.id.includes(':')) throw new Error(`a cut id may not contain ':': ${cut.id}`);
    ids.add(cut.id);
  }
  // Grouping membership by any code prefix, memoised per class: there are ~1,400 classes.
  const groupingCodes = groupings.map((g) => ({ id: g.id, codes: new Set(g.codes) }));
  const groupingMemo = new Map<string, string[]>();
  const groupingsOf = (cls: string): string[] => {
    let found = groupingMemo.get(cls);
    if (!found) {
      found = groupingCodes
        .filter((g) => g.codes.has(cls) || g.codes.has(cls.slice(0, 3)) || g.codes.has(cls.slice(0, 2)))
        .map((g) => g.id);
      groupingMemo.set(cls, found);
    }
    return found;
  };

  return (unit) => {
    const region: Record<RegionLevel, string> = {
      city: regionCode(unit.township, 'city'),
      county: regionCode(unit.township, 'county'),
      township: unit.township,
    };
    const industry = {
      section: industryCode(unit.industryClass, 'section'),
      division: unit.industryClass.slice(0, 2),
      group: unit.industryClass.slice(0, 3),
      class: unit.industryClass,
    };
    const size = unit.sizeClass ?? UNKNOWN;
    const registration = unit.registrationType ?? UNKNOWN;
    const keys: string[] = [];
    for (const cut of cuts) {
      let rest = '';
      if (cut.size) rest += `/${size}`;
      if (cut.registration) rest += `/${registration}`;
      const head = cut.region ? `${cut.id}:${region[cut.region]}` : `${cut.id}:`;
      const sep = cut.region ? '/' : '';
      if (!cut.industry) {
        keys.push(cut.region ? `${head}${rest}` : `${head}${rest.slice(1)}`);
      } else if (cut.industry === 'grouping') {
        for (const g of groupingsOf(unit.industryClass)) keys.push(`${head}${sep}${g}${rest}`);
      } else {
        keys.push(`${head}${sep}${industry[cut.industry]}${rest}`);
      }
    }
    return keys;
  };
}

/** The cut id and dimension values of a cell key (the inverse of the key format). */
export function parseCellKey(key: string): { cut: string; values: string[] } {
  const colon = key.indexOf(':');
  if (colon < 0) throw new Error(`not a cell key: ${key}`);
  const rest = key.slice(colon + 1);
  return { cut: key.slice(0, colon), values: rest === '' ? [] : rest.split('/') };
}
