/** Who may do what in the survey module, and how an actor is recorded on rows and audit events. */
import type { RequestContext } from '../../platform/audit.ts';
import { type Role, STATISTICIAN_ROLES } from '../../platform/auth.ts';

/** Who may change the survey system. */
export const WRITERS: readonly Role[] = ['designer', 'admin'];
/** Who may see scope lists (expected reporters). */
export const SCOPE_READERS: readonly Role[] = [...STATISTICIAN_ROLES, 'designer', 'admin'];
/** Everyone signed in may read definitions: enterprises fill them. */
export const DEFINITION_READERS: readonly Role[] = [...SCOPE_READERS, 'enterprise'];

/** The audit identity of a request (null for the system, e.g. the demo seed). */
export const who = (ctx: RequestContext | null) => ({
  actor: ctx?.actor ?? null,
  ip: ctx?.ip ?? null,
  userAgent: ctx?.userAgent ?? null,
});

/** The name stored in imported_by, activated_by, created_by … */
export const by = (ctx: RequestContext | null) => ctx?.actor.username ?? 'system';
