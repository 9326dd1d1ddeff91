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

/** The demo system's indicators: statdb's demo indicator codes with 同比 boundaries (%). */
export const DEMO_INDICATORS = [
  { key: 'industry', indicator: 'IND_VA', boundaries: ['0', '4', '10', '14'], weight: '2' },
  { key: 'retail', indicator: 'RETAIL', boundaries: ['0', '4', '9', '13'], weight: '1' },
  { key: 'investment', indicator: 'FAI', boundaries: ['-5', '3', '12', '18'], weight: '1' },
  { key: 'electricity', indicator: 'ELEC', boundaries: ['-2', '3', '10', '14'], weight: '1' },
  { key: 'exports', indicator: 'EXPORT', boundaries: ['-10', '0', '12', '20'], weight: '1' },
] as const;

export async function seedWarningDemo(
  ctx: SeedContext,
  s: { definitions: Definitions; evaluation: Evaluation },
) {
  try {
    await s.definitions.createSystem(
      { actor: SEED, ip: null as unknown as string, userAgent: null },
      {
        code: 'ningbo-macro',
        name: { zh: '宁波市经济景气预警信号系统', en: 'Ningbo economic signal system' },
        compositeBoundaries: ['16', '20', '33', '40'],
        indicators: DEMO_INDICATORS.map((i) => ({
          key: i.key,
          indicator: i.indicator,
          dims: {},
          transform: 'yoy' as const,
          seasonallyAdjusted: false,
          boundaries: [...i.boundaries],
          weight: i.weight,
        })),
      },
    );
  } catch (e) {
    // Without statdb's demo series there is nothing to watch; the rest of the demo still works.
    if (!(e instanceof Problem)) throw e;
    ctx.logger.warn({ problem: e.code, details: e.details }, 'early-warning demo system not created');
    return;
  }
  await s.evaluation.evaluate(null, null);
}
