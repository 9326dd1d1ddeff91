/**
 * Threshold alerts (阈值预警) on any series, and alerts on a signal system's lights, evaluated per
 * period. Which periods fire and which earlier alerts recover is decided here, from the outcomes
 * and the alerts already fired; the service stores them under a unique key (rule × target ×
 * period), so evaluating again never fires twice.
 */
import { compare, type Dec, decToText } from '../../../platform/decimal.ts';
import { LIGHT_NAMES, type Light } from './signal.ts';
import type { LightCondition } from './terms.ts';
import { TRANSFORM_NAMES, type Transform } from './transform.ts';

/** Fires when the value is above `above` or below `below` (at least one given). */
export interface ThresholdCondition {
  above: Dec | null;
  below: Dec | null;
}

export { LIGHT_CONDITIONS, type LightCondition } from './terms.ts';

/** One period's outcome: firing (with why), clear, or unknown (no value: neither fires nor recovers). */
export type Outcome =
  | { period: string; state: 'firing'; reason: Bilingual; value: string | null }
  | { period: string; state: 'clear' | 'unknown' };

export interface Bilingual {
  zh: string;
  en: string;
}

/** Where a threshold condition is breached: 'above', 'below', or null. */
export function breach(value: Dec, c: ThresholdCondition): 'above' | 'below' | null {
  if (c.above && compare(value, c.above) > 0) return 'above';
  if (c.below && compare(value, c.below) < 0) return 'below';
  return null;
}

/** The outcomes of a threshold rule over the transformed values of its series. */
export function thresholdOutcomes(
  values: ReadonlyMap<string, Dec | null>,
  c: ThresholdCondition,
  what: { label: Bilingual; transform: Transform; unit: Bilingual | null },
): Outcome[] {
  const out: Outcome[] = [];
  for (const [period, value] of values) {
    if (!value) {
      out.push({ period, state: 'unknown' });
      continue;
    }
    const side = breach(value, c);
    if (!side) {
      out.push({ period, state: 'clear' });
      continue;
    }
    const bound = decToText(side === 'above' ? c.above! : c.below!);
    const v = decToText(value);
    const unitZh = what.transform === 'level' ? (what.unit?.zh ? ` ${what.unit.zh}` : '') : '%';
    const unitEn = what.transform === 'level' ? (what.unit?.en ? ` ${what.unit.en}` : '') : '%';
    const t = TRANSFORM_NAMES[what.transform];
    out.push({
      period,
      state: 'firing',
      value: v,
      reason: {
        zh: `${what.label.zh} ${period} ${t.zh}为 ${v}${unitZh}，${side === 'above' ? '高于' : '低于'}预警线 ${bound}${unitZh}`,
        en: `${what.label.en}: ${t.en} ${v}${unitEn} in ${period}, ${side} the alert line ${bound}${unitEn}`,
      },
    });
  }
  return out;
}

const lightText = (l: Light) => ({
  zh: `${LIGHT_NAMES[l].zh}（${LIGHT_NAMES[l].colour.zh}）`,
  en: `${LIGHT_NAMES[l].en} (${LIGHT_NAMES[l].colour.en})`,
});

/** The outcomes of a light rule over a light per period (periods in order; null = no light). */
export function lightOutcomes(
  lights: readonly { period: string; light: Light | null }[],
  condition: LightCondition,
  label: Bilingual,
): Outcome[] {
  return lights.map(({ period, light }, i) => {
    if (!light) return { period, state: 'unknown' as const };
    const now = lightText(light);
    if (condition === 'outside_normal') {
      return light === 'normal'
        ? { period, state: 'clear' as const }
        : {
            period,
            state: 'firing' as const,
            value: light,
            reason: {
              zh: `${label.zh} ${period} 为${now.zh}`,
              en: `${label.en}: ${now.en} in ${period}`,
            },
          };
    }
    const before = i > 0 ? lights[i - 1].light : null;
    if (!before) return { period, state: 'unknown' as const };
    if (before === light) return { period, state: 'clear' as const };
    const was = lightText(before);
    return {
      period,
      state: 'firing' as const,
      value: light,
      reason: {
        zh: `${label.zh} ${period} 由${was.zh}转为${now.zh}`,
        en: `${label.en}: from ${was.en} to ${now.en} in ${period}`,
      },
    };
  });
}

export interface FiredAlert {
  period: string;
  state: 'firing' | 'recovered';
}

export interface AlertPlan {
  /** New alerts: periods that fire and have none yet. */
  fire: Extract<Outcome, { state: 'firing' }>[];
  /** Firing alerts that recover, with the period that cleared them (the same period when revised). */
  recover: { period: string; clearedIn: string }[];
}

/**
 * What an evaluation changes. A firing alert recovers at the first later period that is clear
 * (a period with no value decides nothing), or at its own period when a revision cleared it.
 * `recoverable` is false for events (a light changing), which happen once and stay.
 */
export function planAlerts(
  outcomes: readonly Outcome[],
  existing: readonly FiredAlert[],
  recoverable = true,
): AlertPlan {
  const fired = new Set(existing.map((a) => a.period));
  const fire = outcomes.filter(
    (o): o is Extract<Outcome, { state: 'firing' }> => o.state === 'firing' && !fired.has(o.period),
  );
  const recover: AlertPlan['recover'] = [];
  if (recoverable) {
    const clear = outcomes.filter((o) => o.state === 'clear').map((o) => o.period);
    for (const a of existing) {
      if (a.state !== 'firing') continue;
      // Periods of one frequency in canonical text order as strings (2026-09 < 2026-10, 2026Q3 < 2026Q4).
      const clearedIn = clear.find((p) => p >= a.period);
      if (clearedIn) recover.push({ period: a.period, clearedIn });
    }
  }
  return { fire, recover };
}
