/**
 * Identity (身份认证): accounts and roles, sign-in, sessions, CSRF, API tokens. Its `authenticate`
 * hook runs before every route and sets `request.actor`.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../platform/auth.ts';
import type { ModuleDeps, PlatformModule, SeedContext } from '../../platform/module.ts';
import { commonProblems } from '../../platform/problems.ts';
import { identityMigrations } from './migrations/index.ts';
import { identityRoutes, SESSION_COOKIE } from './routes.ts';
import { createIdentityService, type Directory } from './service.ts';

declare module 'fastify' {
  interface FastifyRequest {
    sessionInfo?: { csrfToken: string; expiresAt: Date };
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** What identity needs from the register to seed demo accounts. */
export interface DemoDirectory extends Directory {
  findOfficeByDivision(divisionCode: string): Promise<{ id: string } | null>;
  /** A unit in the township for the demo enterprise reporter (an industrial one above designated size if any). */
  firstUnitIn(townshipCode: string): Promise<{ id: string; name: string } | null>;
}

/** The demo accounts (one per role); every one has the password DEMO_PASSWORD. */
export const DEMO_PASSWORD = 'Demo@2026tj';
export const DEMO_ACCOUNTS = [
  { username: 'admin', displayName: '系统管理员', role: 'admin' },
  { username: 'designer', displayName: '调查制度设计员', role: 'designer' },
  { username: 'editor', displayName: '网站编辑', role: 'editor' },
  { username: 'publisher', displayName: '信息发布审核员', role: 'publisher' },
  { username: 'city', displayName: '宁波市统计局 统计员', role: 'city_statistician', division: '330200' },
  { username: 'haishu', displayName: '海曙区统计局 统计员', role: 'county_statistician', division: '330203' },
  {
    username: 'nanmen',
    displayName: '南门街道统计站 统计员',
    role: 'township_statistician',
    division: '330203001',
  },
  { username: 'qiye', displayName: '企业填报员', role: 'enterprise', unitIn: '330203001' },
] as const;

export function createIdentityModule(deps: ModuleDeps & { directory: () => DemoDirectory }) {
  const service = createIdentityService({ db: deps.db, config: deps.config, directory: deps.directory });

  async function authenticate(req: FastifyRequest, reply: FastifyReply) {
    const auth = req.headers.authorization;
    if (auth) {
      const m = /^Bearer\s+(\S+)$/i.exec(auth);
      const actor: Actor | null = m ? await service.resolveToken(m[1]) : null;
      if (!actor) throw commonProblems.unauthenticated();
      req.actor = actor;
      return;
    }
    const secret = req.cookies[SESSION_COOKIE];
    if (!secret) return;
    const session = await service.resolveSession(secret);
    if (!session) {
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return;
    }
    // Cookie-authenticated writes must echo the session's CSRF token (double submit). Outside
    // the API (the public site's forms) a write never acts as the signed-in person: without the
    // token it goes on as anyone's would, anonymously, instead of failing.
    if (!SAFE_METHODS.has(req.method) && req.headers['x-csrf-token'] !== session.csrfToken) {
      if (!req.url.startsWith('/api/')) return;
      throw commonProblems.csrf();
    }
    req.actor = session.actor;
    req.sessionInfo = { csrfToken: session.csrfToken, expiresAt: session.expiresAt };
  }

  return {
    name: 'identity',
    migrations: identityMigrations,
    routes: identityRoutes(service, deps.config),
    async seedDemo(_ctx: SeedContext) {
      const dir = deps.directory();
      for (const a of DEMO_ACCOUNTS) {
        let officeId: string | undefined;
        let unitId: string | undefined;
        if ('division' in a) {
          const office = await dir.findOfficeByDivision(a.division);
          if (!office) continue;
          officeId = office.id;
        }
        if ('unitIn' in a) {
          const unit = await dir.firstUnitIn(a.unitIn);
          if (!unit) continue;
          unitId = unit.id;
        }
        await service.createAccount(null, {
          username: a.username,
          displayName: a.displayName,
          role: a.role,
          officeId,
          unitId,
          password: DEMO_PASSWORD,
        });
      }
    },
    api: { authenticate, service },
  } satisfies PlatformModule;
}
