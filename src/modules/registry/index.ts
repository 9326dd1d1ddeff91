/**
 * Registry (名录库): divisions, industries, statistical offices and reporting units.
 */
import { sql } from 'kysely';
import type { Db } from '../../platform/db.ts';
import type { ModuleDeps, PlatformModule, SeedContext } from '../../platform/module.ts';
import type { DemoDirectory } from '../identity/index.ts';
import { generateDemoUnits } from './demo.ts';
import { createImportService } from './imports.ts';
import { type MatchedUnit, type UnitMatchFilter, unitsMatching } from './matching.ts';
import { registryMigrations } from './migrations/index.ts';
import { loadReferenceData, referenceFiles } from './reference.ts';
import { insertUnits, registryDb } from './repo.ts';
import { registryRoutes } from './routes.ts';
import { createRegistryService } from './service.ts';

export type { MatchedUnit, UnitMatchFilter, UnitStatus } from './matching.ts';
export { ALL_STATUSES } from './matching.ts';

/** A unit's classification as aggregation needs it. */
export interface UnitClassificationRow {
  township: string;
  industryClass: string;
  sizeClass: string | null;
  registrationType: string | null;
}

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
      /**
       * What aggregation classifies units by (township, GB/T 4754 class, size, registration type),
       * read with the caller's handle so an approval reads it in its own transaction.
       */
      async classifications(handle: Db, unitIds: readonly string[]) {
        if (!unitIds.length) return new Map<string, UnitClassificationRow>();
        const rows = await registryDb(handle)
          .selectFrom('registry.units')
          .select(['id', 'township_code', 'industry_code', 'size_class', 'registration_type'])
          .where('id', 'in', [...unitIds])
          .execute();
        return new Map<string, UnitClassificationRow>(
          rows.map((r) => [
            r.id,
            {
              township: r.township_code,
              industryClass: r.industry_code,
              sizeClass: r.size_class,
              registrationType: r.registration_type,
            },
          ]),
        );
      },
      /** Names and credit codes of units (for lists of their values). */
      async names(unitIds: readonly string[]) {
        if (!unitIds.length) return new Map<string, { name: string; creditCode: string }>();
        const rows = await db
          .selectFrom('registry.units')
          .select(['id', 'name', 'credit_code'])
          .where('id', 'in', [...unitIds])
          .execute();
        return new Map(rows.map((r) => [r.id, { name: r.name, creditCode: r.credit_code }]));
      },
      /** The reference tables (divisions, industries) from the in-memory cache. */
      refs: () => service.refs.get(),
      /** Named industry groupings (产业分类口径: 高技术制造业 …) as GB/T 4754 codes. */
      groupings: () => service.listGroupings(),
    },
  } satisfies PlatformModule;
}
