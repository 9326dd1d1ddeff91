/** Identity routes: sign-in/out, the current session, password, API tokens, account administration. */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../config.ts';
import { contextOf, requireActor } from '../../platform/request.ts';
import {
  AccountPage,
  AccountQuery,
  AccountView,
  ChangePasswordRequest,
  CreateAccountRequest,
  CreatedToken,
  CreateTokenRequest,
  Ok,
  SessionView,
  SignInRequest,
  TokenView,
  UpdateAccountRequest,
} from './contract.ts';
import { identityProblems as P } from './problems.ts';
import type { IdentityService } from './service.ts';

export const SESSION_COOKIE = 'tongji_session';

export function identityRoutes(service: IdentityService, config: Config) {
  const setSessionCookie = (reply: FastifyReply, secret: string, expiresAt: Date) =>
    reply.setCookie(SESSION_COOKIE, secret, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: config.session.cookieSecure,
      expires: expiresAt,
    });

  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const tags = ['identity'];

    app.post(
      '/api/auth/sign-in',
      {
        schema: {
          tags,
          summary: 'Sign in with username and password; sets the session cookie',
          security: [],
          body: SignInRequest,
          response: { 200: SessionView },
        },
      },
      async (req, reply) => {
        const { secret, view } = await service.signIn(req.body.username, req.body.password, {
          ip: req.ip,
          userAgent: req.headers['user-agent'] ?? null,
        });
        setSessionCookie(reply, secret, new Date(view.expiresAt));
        return view;
      },
    );

    app.post(
      '/api/auth/sign-out',
      { schema: { tags, summary: 'End the current session', response: { 200: Ok } } },
      async (req, reply) => {
        await service.signOut(contextOf(req));
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return { ok: true as const };
      },
    );

    app.get(
      '/api/auth/me',
      {
        schema: { tags, summary: 'The signed-in account and its CSRF token', response: { 200: SessionView } },
      },
      async (req) => {
        const actor = requireActor(req);
        const account = await service.getAccount(actor.accountId);
        if (!account) throw P.account_not_found();
        const session = (req as any).sessionInfo as { csrfToken: string; expiresAt: Date } | undefined;
        return {
          account,
          csrfToken: session?.csrfToken ?? '',
          expiresAt: (session?.expiresAt ?? new Date()).toISOString(),
          idleMinutes: config.session.idleMinutes,
        };
      },
    );

    app.post(
      '/api/auth/password',
      {
        schema: { tags, summary: 'Change own password', body: ChangePasswordRequest, response: { 200: Ok } },
      },
      async (req) => {
        await service.changePassword(contextOf(req), req.body.currentPassword, req.body.newPassword);
        return { ok: true as const };
      },
    );

    app.get(
      '/api/auth/tokens',
      { schema: { tags, summary: 'Own API tokens', response: { 200: z.array(TokenView) } } },
      async (req) => service.listTokens(contextOf(req)),
    );

    app.post(
      '/api/auth/tokens',
      {
        schema: {
          tags,
          summary: 'Create an API token for enterprise software (shown once)',
          body: CreateTokenRequest,
          response: { 201: CreatedToken },
        },
      },
      async (req, reply) => {
        reply.status(201);
        return service.createToken(contextOf(req), req.body.name, req.body.expiresInDays);
      },
    );

    app.delete(
      '/api/auth/tokens/:id',
      {
        schema: {
          tags,
          summary: 'Revoke an API token',
          params: z.object({ id: z.string().uuid() }),
          response: { 200: Ok },
        },
      },
      async (req) => {
        await service.revokeToken(contextOf(req), req.params.id);
        return { ok: true as const };
      },
    );

    const admin = ['admin'] as const;

    app.get(
      '/api/accounts',
      {
        schema: {
          tags,
          summary: 'List accounts (administrator)',
          querystring: AccountQuery,
          response: { 200: AccountPage },
        },
      },
      async (req) => {
        requireActor(req, admin);
        return service.listAccounts(req.query);
      },
    );

    app.post(
      '/api/accounts',
      {
        schema: {
          tags,
          summary: 'Create an account (administrator)',
          body: CreateAccountRequest,
          response: { 201: AccountView },
        },
      },
      async (req, reply) => {
        const ctx = contextOf(req, admin);
        reply.status(201);
        return service.createAccount(ctx, req.body);
      },
    );

    app.get(
      '/api/accounts/:id',
      {
        schema: {
          tags,
          summary: 'One account (administrator)',
          params: z.object({ id: z.string().uuid() }),
          response: { 200: AccountView },
        },
      },
      async (req) => {
        requireActor(req, admin);
        const account = await service.getAccount(req.params.id);
        if (!account) throw P.account_not_found();
        return account;
      },
    );

    app.patch(
      '/api/accounts/:id',
      {
        schema: {
          tags,
          summary: 'Update, disable, unlock or reset the password of an account (administrator)',
          params: z.object({ id: z.string().uuid() }),
          body: UpdateAccountRequest,
          response: { 200: AccountView },
        },
      },
      async (req) => service.updateAccount(contextOf(req, admin), req.params.id, req.body),
    );
  };
}
