/**
 * Audit (审计): reading the append-only audit log. Writing happens in every module through
 * `recordAudit` (src/platform/audit.ts), inside the transaction of the change it records.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { AuditTables } from '../../platform/audit.ts';
import type { ModuleDeps, PlatformModule } from '../../platform/module.ts';
import { requireActor } from '../../platform/request.ts';

export const AuditQuery = z.strictObject({
  entityType: z.string().max(100).optional(),
  entityId: z.string().max(200).optional(),
  actorId: z.string().uuid().optional(),
  action: z.string().max(100).optional(),
  from: z.string().datetime({ offset: true }).optional(),
  to: z.string().datetime({ offset: true }).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(100),
});

export const AuditEventView = z.object({
  id: z.number().int(),
  occurredAt: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  actorRole: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  details: z.unknown(),
});

export const AuditPage = z.object({
  items: z.array(AuditEventView),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

export function createAuditModule(deps: ModuleDeps) {
  const db = deps.db as unknown as Kysely<AuditTables>;

  async function search(q: z.infer<typeof AuditQuery>) {
    let base = db.selectFrom('audit.events');
    if (q.entityType) base = base.where('entity_type', '=', q.entityType);
    if (q.entityId) base = base.where('entity_id', '=', q.entityId);
    if (q.actorId) base = base.where('actor_id', '=', q.actorId);
    if (q.action) base = base.where('action', '=', q.action);
    if (q.from) base = base.where('occurred_at', '>=', new Date(q.from));
    if (q.to) base = base.where('occurred_at', '<', new Date(q.to));
    const [{ n }] = await base.select((eb) => eb.fn.countAll<number>().as('n')).execute();
    const rows = await base
      .selectAll()
      .orderBy('id', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute();
    return {
      items: rows.map((r) => ({
        id: Number(r.id),
        occurredAt: (r.occurred_at as Date).toISOString(),
        actorId: r.actor_id,
        actorName: r.actor_name,
        actorRole: r.actor_role,
        ip: r.ip,
        userAgent: r.user_agent,
        action: r.action,
        entityType: r.entity_type,
        entityId: r.entity_id,
        before: r.before,
        after: r.after,
        details: r.details,
      })),
      total: Number(n),
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  return {
    name: 'audit',
    async routes(fastify: FastifyInstance) {
      fastify.withTypeProvider<ZodTypeProvider>().get(
        '/api/audit/events',
        {
          schema: {
            tags: ['audit'],
            summary: 'Search the audit log (administrator)',
            querystring: AuditQuery,
            response: { 200: AuditPage },
          },
        },
        async (req) => {
          requireActor(req, ['admin']);
          return search(req.query);
        },
      );
    },
    api: { search },
  } satisfies PlatformModule;
}
