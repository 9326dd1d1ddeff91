/**
 * Registry (名录库): divisions, industries, statistical offices and reporting units.
 */
import { sql } from 'kysely';
import type { ModuleDeps, PlatformModule, SeedContext } from '../../platform/module.ts';
import type { DemoDirectory } from '../identity/index.ts';
import { generateDemoUnits } from './demo.ts';
import { createImportService } from './imports.ts';
import { type MatchedUnit, type UnitMatchFilter, unitsMatching } from './matching.ts';
import { registryMigrations } from './migrations/index.ts';
import { loadReferenceData, referenceFiles } from './reference.ts';
import { insertUnits } from './repo.ts';
import { registryRoutes } from './routes.ts';
import { createRegistryService } from './service.ts';

export type { MatchedUnit, UnitMatchFilter, UnitStatus } from './matching.ts';
export { ALL_STATUSES } from './matching.ts';

export function createRegistryModule(deps: ModuleDeps) {
  const { db } = deps;
  const service = createRegistryService({ db });
  const imports = createImportService({ db, service });
  const directory: DemoDirectory = {
    async findOffice(id) {
      const row = await db
        .selectFrom('registry.offices')
        .select(['id', 'level', 'division_code'])
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? { id: row.id, level: row.level, divisionCode: row.division_code } : null;
    },
    async findOfficeByDivision(code) {
      const row = await db
        .selectFrom('registry.offices')
        .select(['id'])
        .where('division_code', '=', code)
        .executeTakeFirst();
      return row ?? null;
    },
    async findUnit(id) {
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
      const row = await db
        .selectFrom('registry.units')
        .select(['id'])
        .where('id', '=', id)
        .executeTakeFirst();
      return row ?? null;
    },
    async firstUnitIn(townshipCode) {
      const row = await db
        .selectFrom('registry.units')
        .select(['id', 'name'])
        .where('township_code', '=', townshipCode)
        .where('status', '=', 'active')
        // Prefer an industrial enterprise above designated size (规上工业: section C, revenue ≥ 20
        // million yuan), so the demo reporter has the industrial monthly form to fill.
        .orderBy(sql`(section_code = 'C' and revenue_thousand_yuan >= 20000)`, 'desc')
        .orderBy('credit_code')
        .limit(1)
        .executeTakeFirst();
      return row ?? null;
    },
  };

  return {
    name: 'registry',
    migrations: registryMigrations,
    async loadReference() {
      await loadReferenceData(db, referenceFiles(deps.config.referenceDir));
      service.refs.reset();
    },
    /** Generated units (default 5,000) spread over the townships; deterministic. */
    async seedDemo(ctx: SeedContext) {
      if (ctx.demoUnits <= 0) return;
      const units = generateDemoUnits(await service.refs.get(), ctx.demoUnits);
      await db.transaction().execute((trx) => insertUnits(trx, units));
    },
    routes: registryRoutes(service, imports, deps.config),
    api: {
      directory,
      service,
      imports,
      /** Units matching a reporting-scope rule (报送范围; active ones unless asked), by credit code. */
      unitsMatching: (filter: UnitMatchFilter): Promise<MatchedUnit[]> => unitsMatching(db, filter),
    },
  } satisfies PlatformModule;
}
