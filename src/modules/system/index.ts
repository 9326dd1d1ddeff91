/** System endpoints: health (engine and migration state). */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Migration } from 'kysely';
import { sql } from 'kysely';
import { z } from 'zod';
import { migrationState } from '../../platform/migrations.ts';
import type { ModuleDeps, PlatformModule } from '../../platform/module.ts';

const Health = z.object({
  status: z.enum(['ok', 'degraded']),
  version: z.string(),
  database: z.object({
    engine: z.enum(['pglite', 'postgres']),
    serverVersion: z.string(),
    migrations: z.object({
      applied: z.number().int(),
      pending: z.array(z.string()),
      latest: z.string().nullable(),
    }),
  }),
  uptimeSeconds: z.number(),
});

export function createSystemModule(
  deps: ModuleDeps,
  allMigrations: () => Record<string, Migration>,
): PlatformModule {
  const started = Date.now();
  // The migration ledger only changes when the platform migrates (at boot), and reading it through
  // the Migrator checks its tables each time: keep the answer for a few seconds so a busy health
  // probe costs one trivial query.
  let cached: { at: number; state: Awaited<ReturnType<typeof migrationState>> } | null = null;
  const currentState = async () => {
    if (!cached || Date.now() - cached.at > 5_000) {
      cached = { at: Date.now(), state: await migrationState(deps.db, allMigrations()) };
    }
    return cached.state;
  };
  return {
    name: 'system',
    api: {},
    async routes(app: FastifyInstance) {
      app.withTypeProvider<ZodTypeProvider>().get(
        '/api/health',
        {
          schema: {
            tags: ['system'],
            summary: 'Health: database engine and migration state',
            security: [],
            response: { 200: Health },
          },
        },
        async () => {
          const state = await currentState();
          const v = await sql<{ v: string }>`select current_setting('server_version') as v`.execute(deps.db);
          return {
            status: state.pending.length === 0 ? ('ok' as const) : ('degraded' as const),
            version: '0.1.0',
            database: {
              engine: deps.engine,
              serverVersion: v.rows[0]?.v ?? 'unknown',
              migrations: {
                applied: state.applied.length,
                pending: state.pending,
                latest: state.applied.at(-1) ?? null,
              },
            },
            uptimeSeconds: Math.round((Date.now() - started) / 1000),
          };
        },
      );
    },
  };
}
