/**
 * Who is asking (the actor) and which part of the administrative hierarchy they may see (scope).
 * Services take an Actor and enforce scope themselves; routes only make sure someone signed in.
 */
import { defineProblems } from './problems.ts';

/** Roles (角色). Statisticians are bound to an office at their level; reporters to one unit. */
export const ROLES = [
  'enterprise', // 企业填报人员: bound to one reporting unit
  'township_statistician', // 乡镇（街道）统计员
  'county_statistician', // 区县（市）统计局
  'city_statistician', // 市统计局
  'designer', // 调查制度设计人员
  'admin', // 系统管理员
  'editor', // 网站编辑: writes articles and bulletins, answers public questions (drafts)
  'publisher', // 信息发布审核员: reviews, publishes and schedules content; moderates questions
] as const;
export type Role = (typeof ROLES)[number];

export const STATISTICIAN_ROLES: readonly Role[] = [
  'township_statistician',
  'county_statistician',
  'city_statistician',
];

export interface Actor {
  accountId: string;
  username: string;
  displayName: string;
  role: Role;
  /** Office (统计机构) for statisticians. */
  officeId: string | null;
  /** Division code of the office: 6 digits for city/county, 9 for townships. */
  divisionCode: string | null;
  /** Reporting unit for enterprise reporters. */
  unitId: string | null;
  /** How the actor authenticated: cookie sessions need CSRF tokens, API tokens do not. */
  via: 'session' | 'token';
  sessionId: string | null;
}

/**
 * What part of the register an actor may see. Division scopes match on the unit's township,
 * county or city code columns (denormalised on each unit so filters stay index lookups).
 */
export type Scope =
  | { kind: 'all' }
  | { kind: 'division'; level: 'city' | 'county' | 'township'; code: string }
  | { kind: 'unit'; unitId: string }
  | { kind: 'none' };

export function scopeOf(actor: Actor): Scope {
  switch (actor.role) {
    case 'admin':
    case 'designer':
      return { kind: 'all' };
    case 'city_statistician':
      return actor.divisionCode
        ? { kind: 'division', level: 'city', code: actor.divisionCode }
        : { kind: 'none' };
    case 'county_statistician':
      return actor.divisionCode
        ? { kind: 'division', level: 'county', code: actor.divisionCode }
        : { kind: 'none' };
    case 'township_statistician':
      return actor.divisionCode
        ? { kind: 'division', level: 'township', code: actor.divisionCode }
        : { kind: 'none' };
    case 'enterprise':
      return actor.unitId ? { kind: 'unit', unitId: actor.unitId } : { kind: 'none' };
    // Website staff handle published content only: no reporting unit is theirs to see.
    case 'editor':
    case 'publisher':
      return { kind: 'none' };
  }
}

/** Whether a division code (of any level) lies inside a scope. */
export function divisionInScope(scope: Scope, divisionCode: string): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'division':
      return divisionCode.startsWith(scope.level === 'city' ? scope.code.slice(0, 4) : scope.code);
    default:
      return false;
  }
}

export const authProblems = defineProblems('auth', {
  role_not_allowed: {
    status: 403,
    zh: '当前角色无权执行此操作',
    en: 'Your role may not do this',
  },
});

/** Throws unless the actor has one of the roles. */
export function assertRole(actor: Actor, roles: readonly Role[]): void {
  if (!roles.includes(actor.role)) throw authProblems.role_not_allowed();
}
