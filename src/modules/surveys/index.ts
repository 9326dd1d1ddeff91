/**
 * Surveys (调查制度): surveys, forms and their versioned definitions, periods and deadlines, and
 * the reporting scope (报送范围) drawn from the register. Other modules use `api`: definitions,
 * the computed-cell evaluator and the expected reporters of a form and period.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ModuleDeps, PlatformModule, SeedContext } from '../../platform/module.ts';
import { surveysMigrations } from './migrations/index.ts';
import { surveysRoutes } from './routes.ts';
import type { SurveysRegister } from './scope.ts';
import { createSurveysService } from './service.ts';

export { compileDefinitionRules, referencedFormCodes } from './domain/check-rules.ts';
export type { CellValues, EvaluationContext } from './domain/computed.ts';
export { evaluateCells } from './domain/computed.ts';
export type { FormDefinition } from './domain/definition.ts';
export type { FormModel } from './domain/model.ts';
export * as periods from './domain/periods.ts';
export type { SurveysRegister } from './scope.ts';

/** The demo forms, imported and activated in this order. */
export const DEMO_DEFINITIONS = ['B204-1.yaml', 'F203.yaml', 'B103.yaml'];

export function createSurveysModule(deps: ModuleDeps & { registry: () => SurveysRegister }) {
  const service = createSurveysService({ db: deps.db, register: deps.registry });
  return {
    name: 'surveys',
    migrations: surveysMigrations,
    routes: surveysRoutes(service, deps.config),
    async seedDemo(_ctx: SeedContext) {
      for (const file of DEMO_DEFINITIONS) {
        const text = fs.readFileSync(path.join(deps.config.referenceDir, 'demo', file), 'utf8');
        const version = await service.importDefinition(null, text);
        await service.activateVersion(null, version.id);
      }
    },
    api: { service },
  } satisfies PlatformModule;
}
