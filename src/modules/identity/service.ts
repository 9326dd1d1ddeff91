/**
 * Identity use cases: sign-in with lockout, sessions with idle and absolute time-outs, CSRF tokens,
 * API tokens for enterprise software, and account administration. Every sign-in (success or
 * failure) and every change is audited in the same transaction.
 */
import { sql } from 'kysely';
import type { Config } from '../../config.ts';
import { type RequestContext, recordAudit } from '../../platform/audit.ts';
import type { Actor, Role } from '../../platform/auth.ts';
import type { Db } from '../../platform/db.ts';
import { containsPattern } from '../../platform/sql-helpers.ts';
import type { AccountView } from './contract.ts';
import { checkPasswordRules, DUMMY_HASH_PROMISE, hashPassword, verifyPassword } from './domain/password.ts';
import { digest, newApiToken, newSecret, tokenPrefix } from './domain/secrets.ts';
import { identityProblems as P, PASSWORD_RULE_TEXT } from './problems.ts';
import { type AccountRow, identityDb, type TokenRow } from './repo.ts';

/** What identity needs to know of the register: offices and units to bind accounts to. */
export interface Directory {
  findOffice(
    id: string,
  ): Promise<{ id: string; level: 'city' | 'county' | 'township'; divisionCode: string } | null>;
  findUnit(id: string): Promise<{ id: string } | null>;
}

export interface Origin {
  ip: string;
  userAgent: string | null;
}

const OFFICE_LEVEL: Partial<Record<Role, 'city' | 'county' | 'township'>> = {
  city_statistician: 'city',
  county_statistician: 'county',
  township_statistician: 'township',
};

/** Only refresh last_seen_at this often, so reads do not each cost a write. */
const TOUCH_EVERY_MS = 60_000;
/**
 * How long a resolved API token is trusted without asking the database. A revocation, or a
 * change to its account (disabled), made in this process takes effect at once (the cache is
 * emptied when it commits); one made by another process within this time.
 */
export const TOKEN_TTL_MS = 5_000;
const MAX_TOKENS = 10_000;

interface ResolvedToken {
  at: number;
  actor: Actor;
  tokenId: string;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
}

export function toAccountView(row: AccountRow): AccountView {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role as Role,
    officeId: row.office_id,
    divisionCode: row.division_code,
    unitId: row.unit_id,
    disabled: row.disabled,
    locked: !!row.locked_until && row.locked_until.getTime() > Date.now(),
    email: row.email,
    phone: row.phone,
    createdAt: row.created_at.toISOString(),
    version: row.version,
  };
}

function toActor(row: AccountRow, via: Actor['via'], sessionId: string | null): Actor {
  return {
    accountId: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role as Role,
    officeId: row.office_id,
    divisionCode: row.division_code,
    unitId: row.unit_id,
    via,
    sessionId,
  };
}

function toTokenView(row: TokenRow) {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at?.toISOString() ?? null,
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
  };
}

function assertPasswordRules(password: string, username: string) {
  const violations = checkPasswordRules(password, username);
  if (violations.length) {
    throw P.weak_password(
      {
        rules: {
          'zh-CN': violations.map((v) => PASSWORD_RULE_TEXT[v]['zh-CN']).join('；'),
          'en-US': violations.map((v) => PASSWORD_RULE_TEXT[v]['en-US']).join('; '),
        },
      },
      { violations },
    );
  }
}

export function createIdentityService(deps: { db: Db; config: Config; directory: () => Directory }) {
  const db = identityDb(deps.db);
  const { session: sessionCfg, lockout } = deps.config;

  /** API tokens resolved lately, by digest (so enterprise software is not a query per request). */
  const tokens = new Map<string, ResolvedToken>();
  let tokenGeneration = 0;
  /** Runs a change to tokens or accounts, then forgets every resolved token (committed or not). */
  async function forgettingTokens<T>(change: () => Promise<T>): Promise<T> {
    try {
      return await change();
    } finally {
      tokens.clear();
      tokenGeneration++;
    }
  }

  async function findByUsername(username: string) {
    return db
      .selectFrom('identity.accounts')
      .selectAll()
      .where(sql<string>`lower(username)`, '=', username.toLowerCase())
      .executeTakeFirst();
  }

  /** Validates the office/unit binding a role needs; returns the columns to store. */
  async function resolveBinding(role: Role, officeId?: string, unitId?: string) {
    const level = OFFICE_LEVEL[role];
    if (level) {
      if (!officeId || unitId) throw P.office_required();
      const office = await deps.directory().findOffice(officeId);
      if (!office) throw P.office_not_found({ officeId });
      if (office.level !== level) throw P.office_level_mismatch({ role, level: office.level });
      return { office_id: office.id, division_code: office.divisionCode, unit_id: null };
    }
    if (role === 'enterprise') {
      if (!unitId || officeId) throw P.unit_required();
      const unit = await deps.directory().findUnit(unitId);
      if (!unit) throw P.unit_not_found();
      return { office_id: null, division_code: null, unit_id: unit.id };
    }
    if (officeId || unitId) throw P.binding_not_allowed();
    return { office_id: null, division_code: null, unit_id: null };
  }

  return {
    /** Signs in; returns the session secret (for the cookie) and the session view. */
    async signIn(username: string, password: string, origin: Origin) {
      const row = await findByUsername(username);
      const who = (r: AccountRow | undefined) => ({
        actor: r ? { accountId: r.id, username: r.username, role: r.role as Role } : null,
        ip: origin.ip,
        userAgent: origin.userAgent,
      });
      if (!row) {
        await verifyPassword(password, await DUMMY_HASH_PROMISE);
        await recordAudit(deps.db, who(undefined), {
          action: 'sign_in.failed',
          entityType: 'account',
          details: { username, reason: 'unknown_user' },
        });
        throw P.bad_credentials();
      }
      if (row.locked_until && row.locked_until.getTime() > Date.now()) {
        await recordAudit(deps.db, who(row), {
          action: 'sign_in.failed',
          entityType: 'account',
          entityId: row.id,
          details: { username, reason: 'locked' },
        });
        throw P.locked({ minutes: Math.ceil((row.locked_until.getTime() - Date.now()) / 60_000) });
      }
      const ok = await verifyPassword(password, row.password_hash);
      if (!ok) {
        await db.transaction().execute(async (trx) => {
          const updated = await trx
            .updateTable('identity.accounts')
            .set({
              failed_attempts: sql`failed_attempts + 1`,
              locked_until: sql`case when failed_attempts + 1 >= ${lockout.threshold}::int
                then now() + make_interval(mins => ${lockout.minutes}::int) else locked_until end`,
            })
            .where('id', '=', row.id)
            .returning(['failed_attempts', 'locked_until'])
            .executeTakeFirstOrThrow();
          await recordAudit(trx, who(row), {
            action: updated.locked_until ? 'sign_in.locked' : 'sign_in.failed',
            entityType: 'account',
            entityId: row.id,
            details: { username, reason: 'bad_password', failedAttempts: updated.failed_attempts },
          });
        });
        throw P.bad_credentials();
      }
      if (row.disabled) {
        await recordAudit(deps.db, who(row), {
          action: 'sign_in.failed',
          entityType: 'account',
          entityId: row.id,
          details: { username, reason: 'disabled' },
        });
        throw P.disabled();
      }
      const secret = newSecret();
      const csrf = newSecret(24);
      const expiresAt = new Date(Date.now() + sessionCfg.absoluteHours * 3600_000);
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('identity.accounts')
          .set({ failed_attempts: 0, locked_until: null })
          .where('id', '=', row.id)
          .execute();
        await trx
          .insertInto('identity.sessions')
          .values({
            id: digest(secret),
            account_id: row.id,
            csrf_token: csrf,
            expires_at: expiresAt,
            ip: origin.ip,
            user_agent: origin.userAgent?.slice(0, 500) ?? null,
          })
          .execute();
        await recordAudit(trx, who(row), {
          action: 'sign_in.succeeded',
          entityType: 'account',
          entityId: row.id,
          details: { username },
        });
      });
      return {
        secret,
        view: {
          account: toAccountView({ ...row, failed_attempts: 0, locked_until: null }),
          csrfToken: csrf,
          expiresAt: expiresAt.toISOString(),
          idleMinutes: sessionCfg.idleMinutes,
        },
      };
    },

    /**
     * Resolves a session secret to an actor and its CSRF token; null when unknown, revoked,
     * idle too long or past its absolute time-out.
     */
    async resolveSession(secret: string) {
      const s = await db
        .selectFrom('identity.sessions as s')
        .innerJoin('identity.accounts as a', 'a.id', 's.account_id')
        .selectAll('a')
        .select(['s.id as session_id', 's.csrf_token', 's.last_seen_at', 's.expires_at', 's.revoked_at'])
        .where('s.id', '=', digest(secret))
        .executeTakeFirst();
      if (!s || s.revoked_at || s.disabled) return null;
      const now = Date.now();
      if (s.expires_at.getTime() <= now) return null;
      if (s.last_seen_at.getTime() + sessionCfg.idleMinutes * 60_000 <= now) return null;
      if (now - s.last_seen_at.getTime() > TOUCH_EVERY_MS) {
        await db
          .updateTable('identity.sessions')
          .set({ last_seen_at: new Date() })
          .where('id', '=', s.session_id)
          .execute();
      }
      return {
        actor: toActor(s, 'session', s.session_id),
        csrfToken: s.csrf_token,
        expiresAt: s.expires_at,
        account: s as AccountRow,
      };
    },

    /** Resolves a bearer API token to an actor; null when unknown, revoked or expired. */
    async resolveToken(token: string) {
      const hash = digest(token);
      const now = Date.now();
      let hit = tokens.get(hash);
      if (hit && (now - hit.at >= TOKEN_TTL_MS || (hit.expiresAt && hit.expiresAt.getTime() <= now))) {
        tokens.delete(hash);
        hit = undefined;
      }
      if (!hit) {
        const generation = tokenGeneration;
        const t = await db
          .selectFrom('identity.api_tokens as t')
          .innerJoin('identity.accounts as a', 'a.id', 't.account_id')
          .selectAll('a')
          .select(['t.id as token_id', 't.expires_at as token_expires_at', 't.revoked_at', 't.last_used_at'])
          .where('t.token_hash', '=', hash)
          .executeTakeFirst();
        if (!t || t.revoked_at || t.disabled) return null;
        if (t.token_expires_at && t.token_expires_at.getTime() <= Date.now()) return null;
        hit = {
          at: now,
          actor: toActor(t, 'token', null),
          tokenId: t.token_id,
          expiresAt: t.token_expires_at,
          lastUsedAt: t.last_used_at,
        };
        // Not kept when a token or account changed while it was read: it may be the old state.
        if (generation === tokenGeneration) {
          if (tokens.size >= MAX_TOKENS) tokens.clear();
          tokens.set(hash, hit);
        }
      }
      if (!hit.lastUsedAt || Date.now() - hit.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
        hit.lastUsedAt = new Date();
        await db
          .updateTable('identity.api_tokens')
          .set({ last_used_at: hit.lastUsedAt })
          .where('id', '=', hit.tokenId)
          .execute();
      }
      return { ...hit.actor };
    },

    async signOut(ctx: RequestContext) {
      if (!ctx.actor.sessionId) return;
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('identity.sessions')
          .set({ revoked_at: new Date() })
          .where('id', '=', ctx.actor.sessionId!)
          .execute();
        await recordAudit(trx, ctx, {
          action: 'sign_out',
          entityType: 'account',
          entityId: ctx.actor.accountId,
        });
      });
    },

    async getAccount(id: string) {
      const row = await db
        .selectFrom('identity.accounts')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? toAccountView(row) : null;
    },

    async changePassword(ctx: RequestContext, currentPassword: string, newPassword: string) {
      const row = await db
        .selectFrom('identity.accounts')
        .selectAll()
        .where('id', '=', ctx.actor.accountId)
        .executeTakeFirstOrThrow();
      if (!(await verifyPassword(currentPassword, row.password_hash))) throw P.wrong_current_password();
      assertPasswordRules(newPassword, row.username);
      const hash = await hashPassword(newPassword);
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('identity.accounts')
          .set({
            password_hash: hash,
            password_changed_at: new Date(),
            updated_at: new Date(),
            version: sql`version + 1`,
          })
          .where('id', '=', row.id)
          .execute();
        // Other sessions end: a changed password should lock out whoever else held it.
        await trx
          .updateTable('identity.sessions')
          .set({ revoked_at: new Date() })
          .where('account_id', '=', row.id)
          .where('id', '!=', ctx.actor.sessionId ?? '')
          .where('revoked_at', 'is', null)
          .execute();
        await recordAudit(trx, ctx, {
          action: 'account.password_changed',
          entityType: 'account',
          entityId: row.id,
        });
      });
    },

    async listAccounts(q: { q?: string; role?: Role; page: number; pageSize: number }) {
      let base = db.selectFrom('identity.accounts');
      if (q.q) {
        const like = containsPattern(q.q);
        base = base.where((eb) => eb.or([eb('username', 'ilike', like), eb('display_name', 'ilike', like)]));
      }
      if (q.role) base = base.where('role', '=', q.role);
      const [{ n }] = await base.select((eb) => eb.fn.countAll<number>().as('n')).execute();
      const rows = await base
        .selectAll()
        .orderBy('username')
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize)
        .execute();
      return { items: rows.map(toAccountView), total: Number(n), page: q.page, pageSize: q.pageSize };
    },

    async createAccount(
      ctx: RequestContext | null,
      input: {
        username: string;
        displayName: string;
        role: Role;
        officeId?: string;
        unitId?: string;
        password: string;
        email?: string;
        phone?: string;
      },
    ) {
      assertPasswordRules(input.password, input.username);
      const binding = await resolveBinding(input.role, input.officeId, input.unitId);
      if (await findByUsername(input.username)) throw P.username_taken({ username: input.username });
      const hash = await hashPassword(input.password);
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('identity.accounts')
          .values({
            username: input.username,
            display_name: input.displayName,
            role: input.role,
            ...binding,
            password_hash: hash,
            email: input.email ?? null,
            phone: input.phone ?? null,
          })
          .onConflict((oc) => oc.expression(sql`lower(username)`).doNothing())
          .returningAll()
          .executeTakeFirst();
        if (!row) throw P.username_taken({ username: input.username });
        const view = toAccountView(row);
        await recordAudit(trx, ctx ?? { actor: null, ip: null, userAgent: null }, {
          action: 'account.created',
          entityType: 'account',
          entityId: row.id,
          after: view,
        });
        return view;
      });
    },

    async updateAccount(
      ctx: RequestContext,
      id: string,
      input: {
        version: number;
        displayName?: string;
        disabled?: boolean;
        unlock?: true;
        password?: string;
        email?: string | null;
        phone?: string | null;
      },
    ) {
      const before = await db
        .selectFrom('identity.accounts')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      if (!before) throw P.account_not_found();
      if (input.disabled && id === ctx.actor.accountId) throw P.cannot_disable_self();
      if (input.password !== undefined) assertPasswordRules(input.password, before.username);
      const hash = input.password !== undefined ? await hashPassword(input.password) : undefined;
      return forgettingTokens(() =>
        db.transaction().execute(async (trx) => {
          const row = await trx
            .updateTable('identity.accounts')
            .set({
              ...(input.displayName !== undefined ? { display_name: input.displayName } : {}),
              ...(input.disabled !== undefined ? { disabled: input.disabled } : {}),
              ...(input.unlock ? { failed_attempts: 0, locked_until: null } : {}),
              ...(hash ? { password_hash: hash, password_changed_at: new Date() } : {}),
              ...(input.email !== undefined ? { email: input.email } : {}),
              ...(input.phone !== undefined ? { phone: input.phone } : {}),
              updated_at: new Date(),
              version: sql`version + 1`,
            })
            .where('id', '=', id)
            .where('version', '=', input.version)
            .returningAll()
            .executeTakeFirst();
          if (!row) throw P.version_conflict();
          if (input.disabled || hash) {
            await trx
              .updateTable('identity.sessions')
              .set({ revoked_at: new Date() })
              .where('account_id', '=', id)
              .where('revoked_at', 'is', null)
              .execute();
          }
          const after = toAccountView(row);
          await recordAudit(trx, ctx, {
            action: 'account.updated',
            entityType: 'account',
            entityId: id,
            before: toAccountView(before),
            after,
            details: { passwordReset: !!hash, unlocked: !!input.unlock },
          });
          return after;
        }),
      );
    },

    async listTokens(ctx: RequestContext) {
      const rows = await db
        .selectFrom('identity.api_tokens')
        .selectAll()
        .where('account_id', '=', ctx.actor.accountId)
        .orderBy('created_at', 'desc')
        .execute();
      return rows.map(toTokenView);
    },

    async createToken(ctx: RequestContext, name: string, expiresInDays?: number) {
      const token = newApiToken();
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('identity.api_tokens')
          .values({
            account_id: ctx.actor.accountId,
            name,
            token_hash: digest(token),
            prefix: tokenPrefix(token),
            expires_at: expiresInDays ? new Date(Date.now() + expiresInDays * 86400_000) : null,
            last_used_at: null,
            revoked_at: null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordAudit(trx, ctx, {
          action: 'api_token.created',
          entityType: 'api_token',
          entityId: row.id,
          after: toTokenView(row),
        });
        return { ...toTokenView(row), token };
      });
    },

    async revokeToken(ctx: RequestContext, id: string) {
      return forgettingTokens(() =>
        db.transaction().execute(async (trx) => {
          const row = await trx
            .updateTable('identity.api_tokens')
            .set({ revoked_at: new Date() })
            .where('id', '=', id)
            .where('account_id', '=', ctx.actor.accountId)
            .where('revoked_at', 'is', null)
            .returningAll()
            .executeTakeFirst();
          if (!row) throw P.token_not_found();
          await recordAudit(trx, ctx, {
            action: 'api_token.revoked',
            entityType: 'api_token',
            entityId: id,
            after: toTokenView(row),
          });
        }),
      );
    },
  };
}

export type IdentityService = ReturnType<typeof createIdentityService>;
