/**
 * The demo's signal system over the statistical database's demo series (seeded by statdb before
 * this runs): Ningbo's main monthly indicators, each as 同比 growth with boundaries of the kind
 * provincial systems use, then one evaluation so the board and alerts start filled.
 */
import type { Actor } from '../../platform/auth.ts';
import type { SeedContext } from '../../platform/module.ts';
import { Problem } from '../../platform/problems.ts';
import type { Definitions } from './definitions.ts';
import type { Evaluation } from './evaluation.ts';

/** The demo seed writes as a system administrator of its own (audited as such). */
const SEED: Actor = {
  accountId: 'demo-seed',
  username: 'demo-seed',
  displayName: 'demo seed',
  role: 'admin',
  officeId: null,
  divisionCode: null,
  unitId: null,
  via: 'session',
  sessionId: null,
};

/**
 * The demo system's indicators: statdb's demo indicator codes. Flows are watched as 同比 growth (%);
 * indices already compare with the same month last year (上年同月=100), so their level is used.
 * Boundaries are of the kind provincial systems publish for these indicators.
 */
export const DEMO_INDICATORS = [
  {
    key: 'industry',
    indicator: 'ind_va_index',
    transform: 'level',
    boundaries: ['100', '104', '110', '114'],
    weight: '2',
  },
  {
    key: 'retail',
    indicator: 'retail_sales',
    transform: 'yoy',
    boundaries: ['0', '4', '10', '14'],
    weight: '1',
  },
  { key: 'investment', indicator: 'fai', transform: 'yoy', boundaries: ['-5', '3', '12', '18'], weight: '1' },
  {
    key: 'cpi',
    indicator: 'cpi',
    transform: 'level',
    boundaries: ['99', '100.5', '103', '104'],
    weight: '1',
  },
  {
    key: 'electricity',
    indicator: 'electricity',
    transform: 'yoy',
    boundaries: ['-2', '3', '10', '14'],
    weight: '1',
  },
  {
    key: 'exports',
    indicator: 'exports',
    transform: 'yoy',
    boundaries: ['-10', '0', '12', '20'],
    weight: '1',
  },
] as const;

export async function seedWarningDemo(
  ctx: SeedContext,
  s: { definitions: Definitions; evaluation: Evaluation },
) {
  const who = { actor: SEED, ip: '127.0.0.1', userAgent: null };
  try {
    await s.definitions.createSystem(who, {
      code: 'ningbo-macro',
      name: { zh: '宁波市经济景气预警信号系统', en: 'Ningbo economic signal system' },
      compositeBoundaries: ['16', '20', '33', '40'],
      indicators: DEMO_INDICATORS.map((i) => ({
        key: i.key,
        indicator: i.indicator,
        dims: {},
        transform: i.transform,
        seasonallyAdjusted: false,
        boundaries: [...i.boundaries],
        weight: i.weight,
      })),
    });
  } catch (e) {
    // Without statdb's demo series there is nothing to watch; the rest of the demo still works.
    if (!(e instanceof Problem)) throw e;
    ctx.logger.warn({ problem: e.code, details: e.details }, 'early-warning demo system not created');
    return;
  }
  // A threshold rule as staff would set one: industry shrinking on last year (指数 below 100).
  await s.definitions.createRule(who, {
    kind: 'threshold',
    name: { zh: '规上工业增加值负增长', en: 'Industrial value added shrinking' },
    indicator: 'ind_va_index',
    dims: {},
    transform: 'level',
    seasonallyAdjusted: false,
    above: null,
    below: '100',
  });
  await s.evaluation.evaluate(null, null);
}
