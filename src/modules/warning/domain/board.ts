/**
 * The signal-light board (景气信号灯图) of a system: for each period, each indicator's transformed
 * value and light, and the composite index and its light. Pure: the service hands in the
 * transformed series.
 */
import type { Dec } from '../../../platform/decimal.ts';
import { type Boundaries, type Composite, composite, type Light, lightOf, scoreOf } from './signal.ts';

export interface BoardIndicator {
  key: string;
  boundaries: Boundaries;
  weight: Dec;
}

export interface BoardCell {
  key: string;
  value: Dec | null;
  light: Light | null;
  score: number | null;
}

export interface BoardPeriod {
  period: string;
  cells: BoardCell[];
  composite: Composite;
}

/**
 * The board over the given periods (in order). `values` maps each indicator's key to its
 * transformed value per period; a period absent from an indicator's map is missing there.
 */
export function computeBoard(
  indicators: readonly BoardIndicator[],
  compositeBoundaries: Boundaries,
  values: ReadonlyMap<string, ReadonlyMap<string, Dec | null>>,
  periods: readonly string[],
): BoardPeriod[] {
  return periods.map((period) => {
    const cells = indicators.map((ind): BoardCell => {
      const value = values.get(ind.key)?.get(period) ?? null;
      const light = value ? lightOf(value, ind.boundaries) : null;
      return { key: ind.key, value, light, score: light ? scoreOf(light) : null };
    });
    return {
      period,
      cells,
      composite: composite(
        indicators.map((ind, i) => ({ key: ind.key, weight: ind.weight, light: cells[i].light })),
        compositeBoundaries,
      ),
    };
  });
}

/**
 * The periods a board shows: the last `count` periods, in order, up to the latest period where any
 * indicator has a value (so a board does not end in empty columns of months not yet released).
 */
export function boardPeriods(
  values: ReadonlyMap<string, ReadonlyMap<string, Dec | null>>,
  count: number,
): string[] {
  const all = new Set<string>();
  let latest: string | null = null;
  for (const series of values.values()) {
    for (const [p, v] of series) {
      all.add(p);
      if (v && (latest === null || p > latest)) latest = p;
    }
  }
  if (latest === null) return [];
  // One frequency per system (checked when it is saved), so text order is period order.
  const sorted = [...all].filter((p) => p <= latest).sort();
  return sorted.slice(Math.max(0, sorted.length - count));
}
