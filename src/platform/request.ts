/** Helpers routes use to learn who is asking. */
import type { FastifyRequest } from 'fastify';
import type { RequestContext } from './audit.ts';
import { type Actor, assertRole, type Role } from './auth.ts';
import { commonProblems } from './problems.ts';

/** The signed-in actor, or a 401 problem; with roles, a 403 unless the actor has one of them. */
export function requireActor(req: FastifyRequest, roles?: readonly Role[]): Actor {
  if (!req.actor) throw commonProblems.unauthenticated();
  if (roles) assertRole(req.actor, roles);
  return req.actor;
}

/** Actor plus where the request came from, for services that audit. */
export function contextOf(req: FastifyRequest, roles?: readonly Role[]): RequestContext {
  return { actor: requireActor(req, roles), ip: req.ip, userAgent: req.headers['user-agent'] ?? null };
}
