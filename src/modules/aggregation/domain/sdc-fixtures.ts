/**
 * Random tables for the disclosure-control tests and bench: counties × industry divisions under
 * sections, filled from generated unit contributions so totals carry their own counts and top two.
 */
import { mulberry32 } from '../../registry/domain/prng.ts';
import { buildSdcTable, type Hierarchy, type SdcCell, type SdcRules, type SdcTable } from './sdc.ts';

export interface RandomTableOptions {
  seed: number;
  counties: number;
  /** Divisions per section, e.g. [3, 4, 5]; a flat column margin when `flat`. */
  sections: readonly number[];
  flat?: boolean;
  /** No row dimension: a one-way table of the city by industry (counties is ignored). */
  oneWay?: boolean;
  /** Townships per county: rows become city → counties → townships (three levels). */
  townships?: number;
  /** Probability that a leaf cell is empty. */
  empty?: number;
}

/** A random table of non-negative integer contributions with hierarchical margins. */
export function randomTable(o: RandomTableOptions, rules?: SdcRules): SdcTable {
  const rnd = mulberry32(o.seed);
  const counties = Array.from({ length: o.counties }, (_, i) => `3302${String(i + 1).padStart(2, '0')}`);
  const townshipsOf = (county: string) =>
    Array.from({ length: o.townships ?? 0 }, (_, t) => `${county}${String(t + 1).padStart(3, '0')}`);
  const rowTree: Hierarchy = o.oneWay
    ? { code: '330200' }
    : {
        code: '330200',
        children: counties.map((code) =>
          o.townships ? { code, children: townshipsOf(code).map((t) => ({ code: t })) } : { code },
        ),
      };
  const leafRows = o.oneWay ? ['330200'] : o.townships ? counties.flatMap(townshipsOf) : counties;
  let d = 0;
  const sections = o.sections.map((size, s) => ({
    code: `S${s}`,
    children: Array.from({ length: size }, () => ({ code: String(13 + d++).padStart(2, '0') })),
  }));
  const colTree: Hierarchy = o.flat
    ? { code: 'total', children: sections.flatMap((s) => s.children) }
    : { code: 'total', children: sections };
  const leafUnits = new Map<string, number[]>();
  for (const county of leafRows) {
    for (const s of sections) {
      for (const div of s.children) {
        const units: number[] = [];
        if (rnd() >= (o.empty ?? 0.15)) {
          // Mostly a few units; sometimes one large enterprise dominates.
          const count = 1 + Math.floor(rnd() ** 1.5 * 25);
          for (let u = 0; u < count; u++) units.push(1 + Math.floor(rnd() ** 3 * 5000));
          if (rnd() < 0.1) units.push(20000 + Math.floor(rnd() * 50000));
        }
        leafUnits.set(`${county}|${div.code}`, units);
      }
    }
  }
  const leaves = (node: string, tree: Hierarchy): string[] => {
    const find = (h: Hierarchy): Hierarchy | undefined =>
      h.code === node ? h : h.children?.map(find).find((x) => x !== undefined);
    const walk = (h: Hierarchy): string[] => (h.children?.length ? h.children.flatMap(walk) : [h.code]);
    return walk(find(tree)!);
  };
  const cellOf = (row: string, col: string): SdcCell | undefined => {
    const units = leaves(row, rowTree).flatMap((r) =>
      leaves(col, colTree).flatMap((c) => leafUnits.get(`${r}|${c}`)!),
    );
    if (!units.length) return undefined;
    units.sort((a, b) => b - a);
    return {
      value: String(units.reduce((a, b) => a + b, 0)),
      count: units.length,
      top: units.slice(0, 2).map(String),
    };
  };
  return buildSdcTable(rowTree, colTree, cellOf, rules);
}
