/**
 * The HTTP kernel: Fastify with zod-typed routes, the OpenAPI document, the language of each
 * request, and the one error handler that turns problems — and every other failure — into a
 * clear bilingual response. Nothing reaches the client as a stack trace.
 */
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  isResponseSerializationError,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import type { Config } from '../config.ts';
import type { Actor } from './auth.ts';
import { type Locale, pickLocale } from './i18n.ts';
import type { Logger } from './logging.ts';
import { commonProblems, Problem } from './problems.ts';
import { describeIssues, type IssueLike } from './validation-messages.ts';

declare module 'fastify' {
  interface FastifyRequest {
    locale: Locale;
    /** Set by the authentication hook; null when nobody signed in. */
    actor: Actor | null;
  }
  interface FastifyInstance {
    /** Every route registered, for the platform's own tests (auth on every endpoint, no 500s). */
    routeList: { method: string; url: string; public: boolean; hasResponseSchema: boolean }[];
  }
}

export async function createHttp(config: Config, logger: Logger): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: logger,
    bodyLimit: config.bodyLimitBytes,
    // A hop count becomes the function form (believe the nearest n proxies).
    trustProxy:
      typeof config.trustProxy === 'number'
        ? (
            (hops: number) => (_address: string, hop: number) =>
              hop < hops
          )(config.trustProxy)
        : config.trustProxy,
    ajv: { customOptions: { removeAdditional: false } },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const routeList: FastifyInstance['routeList'] = [];
  app.decorate('routeList', routeList);
  app.addHook('onRoute', (route) => {
    const schema = route.schema as { security?: unknown[]; response?: unknown; hide?: boolean } | undefined;
    if (schema?.hide) return;
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      routeList.push({
        method,
        url: route.url,
        public: Array.isArray(schema?.security) && schema.security.length === 0,
        hasResponseSchema: !!schema?.response,
      });
    }
  });

  app.decorateRequest('locale', 'zh-CN');
  app.decorateRequest('actor', null);
  await app.register(cookie);

  app.addHook('onRequest', async (req) => {
    const q = req.query as Record<string, unknown> | undefined;
    const explicit = (typeof q?.lang === 'string' ? q.lang : undefined) ?? req.cookies.lang;
    req.locale = pickLocale(explicit, req.headers['accept-language']);
  });

  // Secure by default: every /api route needs a signed-in actor unless its schema declares
  // `security: []`. Runs after authentication (onRequest) and before body validation, so an
  // anonymous caller learns nothing about a route's input rules.
  app.addHook('preValidation', async (req) => {
    const url = req.routeOptions.url ?? '';
    if (!url.startsWith('/api/') || url.startsWith('/api/docs')) return;
    const security = (req.routeOptions.schema as { security?: unknown[] } | undefined)?.security;
    const isPublic = Array.isArray(security) && security.length === 0;
    if (!isPublic && !req.actor) throw commonProblems.unauthenticated();
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'tongji API',
        description:
          'tongji (统计): the statistics platform API. Browser sessions use cookies plus the X-CSRF-Token header for writes; enterprise software uses `Authorization: Bearer <API token>`. Errors are `{ code, message, messages: { zh-CN, en-US }, details }`.',
        version: '0.1.0',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'tongji_session' },
          token: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  app.setErrorHandler((err: FastifyError, req, reply) => {
    const problem = toProblem(err, req);
    if (problem.status >= 500) {
      req.log.error({ err, reqId: req.id }, 'request failed');
    }
    reply.status(problem.status).send(problem.toBody(req.locale));
  });

  app.setNotFoundHandler((req, reply) => {
    const p = commonProblems.not_found({ url: req.url.split('?')[0] });
    reply.status(404).send(p.toBody(req.locale));
  });

  return app as unknown as FastifyInstance;
}

function toProblem(err: FastifyError, req: FastifyRequest): Problem {
  if (err instanceof Problem) return err;
  if (hasZodFastifySchemaValidationErrors(err)) {
    const issues = err.validation.map((v) => ({
      ...(v.params as Partial<IssueLike>),
      code: v.keyword,
      path: v.instancePath.split('/').filter(Boolean),
      message: v.message ?? '',
      where: err.validationContext ?? 'body',
    }));
    const described = describeIssues(issues as (IssueLike & { where: string })[]);
    return commonProblems.invalid({ summary: described.summary }, { issues: described.details });
  }
  if (isResponseSerializationError(err)) {
    return commonProblems.internal({ id: req.id });
  }
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return commonProblems.malformed_json();
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
      return commonProblems.too_large({
        limit: (req.routeOptions.config as any)?.bodyLimit ?? req.routeOptions.bodyLimit,
      });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return commonProblems.unsupported_media_type({ type: req.headers['content-type'] ?? '' });
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return commonProblems.malformed_json();
  }
  if (err instanceof SyntaxError && err.statusCode === 400) return commonProblems.malformed_json();
  // busboy's plain errors for a multipart body cut short or garbled (no status, no code): the
  // client's fault, so a 400 that says so rather than a 500.
  if (
    !err.statusCode &&
    /multipart/i.test(String(req.headers['content-type'] ?? '')) &&
    /^(Unexpected end of (form|file|multipart data)|Malformed part header|Malformed urlencoded form|Multipart: Boundary not found)/.test(
      err.message ?? '',
    )
  ) {
    return commonProblems.malformed_upload({ reason: err.message });
  }
  if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
    return commonProblems.invalid({ summary: err.message });
  }
  return commonProblems.internal({ id: req.id });
}
