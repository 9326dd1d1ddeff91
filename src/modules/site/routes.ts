/**
 * The site's routes: HTML pages, feeds, sitemap, robots.txt and the site's own static files.
 * Every answer is rendered at `clock.now()` and may be served again from a cache only inside the
 * same visibility window (freshness.ts), so it never outlives a release or publish minute.
 * Pages are hidden from the OpenAPI document (they are not the API).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../platform/clock.ts';
import { Problem } from '../../platform/problems.ts';
import type { Freshness } from './freshness.ts';
import type { Html } from './html.ts';
import { type RenderContext, SITE } from './layout.ts';
import { articlePage, channelPage, openGovPage } from './pages/articles.ts';
import { calendarPage } from './pages/calendar.ts';
import { isChannel, type PageDeps, type Rendered } from './pages/common.ts';
import { dataListPage, datasetPage } from './pages/data.ts';
import { feedXml, robotsTxt, sitemapXml } from './pages/feeds.ts';
import { homePage } from './pages/home.ts';
import { askPage, questionPage, questionsPage, submitQuestion } from './pages/interaction.ts';
import { errorPage, notFoundPage } from './pages/not-found.ts';
import { searchPage } from './pages/search.ts';

const HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-frame-options': 'DENY',
};

const ASSETS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'assets');
const require = createRequire(import.meta.url);
/** The site's files: its stylesheet and chart script, and ECharts' browser build. */
const FILES: Record<string, { file: () => string; type: string }> = {
  'site.css': { file: () => path.join(ASSETS, 'site.css'), type: 'text/css; charset=utf-8' },
  'chart.js': { file: () => path.join(ASSETS, 'chart.js'), type: 'text/javascript; charset=utf-8' },
  'echarts.min.js': {
    file: () => require.resolve('echarts/dist/echarts.min.js'),
    type: 'text/javascript; charset=utf-8',
  },
};

/** Most pages kept per window (hostile query strings must not grow memory without bound). */
const CACHE_LIMIT = 500;
const SLUG = /^[\p{L}\p{N}._~-]{1,200}$/u;
const DATASET_CODE = /^[a-z][a-z0-9-]{1,63}$/;

const LANG_PARAM = new Set(['en', 'zh']);
const ELDER_PARAM = new Set(['0', '1']);
/** Whether the request switches language or mode (and so sets a cookie). */
const choosesPreference = (q: URLSearchParams) =>
  LANG_PARAM.has(q.get('lang') ?? '') || ELDER_PARAM.has(q.get('elder') ?? '');

export interface SiteRouteDeps {
  clock: Clock;
  /** PUBLIC_BASE_URL: the site's own origin for feeds, sitemap and robots.txt (else the request's). */
  publicBaseUrl: string | null;
  freshness: Freshness;
  pages: () => PageDeps;
}

export function siteRoutes(deps: SiteRouteDeps) {
  const cache = new Map<string, { window: number; status: number; type: string; body: string }>();
  const files = new Map<string, Buffer>();

  return async (app: FastifyInstance) => {
    // The ask form posts urlencoded fields; parsed here for the site's routes only.
    app.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 256 * 1024 },
      (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
    );
    app.addHook('onSend', async (_req, reply) => {
      reply.headers(HEADERS);
    });

    const contextOf = (req: FastifyRequest, reply: FastifyReply): RenderContext => {
      const url = new URL(req.url, 'http://site.invalid');
      const lang = url.searchParams.get('lang');
      if (LANG_PARAM.has(lang ?? '')) {
        reply.setCookie('lang', lang === 'en' ? 'en-US' : 'zh-CN', {
          path: '/',
          sameSite: 'lax',
          maxAge: 31_536_000,
        });
      }
      const elderParam = url.searchParams.get('elder') ?? '';
      let elder = req.cookies.site_elder === '1';
      if (ELDER_PARAM.has(elderParam)) {
        elder = elderParam === '1';
        reply.setCookie('site_elder', elderParam, { path: SITE, sameSite: 'lax', maxAge: 31_536_000 });
      }
      return { locale: req.locale, elder, at: deps.clock.now(), path: url.pathname, query: url.searchParams };
    };

    // Absolute links in feeds, the sitemap and robots.txt: the configured public address, so a
    // forged Host header cannot put another site's address into them; else the request's.
    const origin = (req: FastifyRequest) => deps.publicBaseUrl ?? `${req.protocol}://${req.host}`;

    /** Renders (or replays from this window's cache) and sends a page or document. */
    const serve = async (
      req: FastifyRequest,
      reply: FastifyReply,
      render: (ctx: RenderContext) => Promise<Rendered | { status: number; type: string; body: string }>,
    ) => {
      const ctx = contextOf(req, reply);
      const window = await deps.freshness.windowOf(ctx.at);
      const key = `${ctx.locale}|${ctx.elder ? 1 : 0}|${req.host}|${req.url}`;
      let hit = cache.get(key);
      if (!hit || hit.window !== window.id) {
        let failure: Rendered | null = null;
        const out = await render(ctx).catch((err) => {
          // A module's "no such thing" (a malformed id) is this site's 404.
          if (err instanceof Problem && (err.status === 404 || err.status === 400)) return notFoundPage(ctx);
          // Anything else: an HTML page for the visitor, the error in the log, nothing cached.
          req.log.error({ err, reqId: req.id }, 'site page failed');
          failure = errorPage(ctx, req.id);
          return failure;
        });
        if (failure) {
          return reply
            .status(500)
            .type('text/html; charset=utf-8')
            .header('cache-control', 'no-store')
            .send((failure as Rendered).html.toString());
        }
        hit = {
          window: window.id,
          status: out.status,
          ...('html' in out
            ? { type: 'text/html; charset=utf-8', body: (out.html as Html).toString() }
            : out),
        };
        for (const [k, v] of cache) if (v.window !== window.id) cache.delete(k);
        if (cache.size >= CACHE_LIMIT) cache.clear();
        cache.set(key, hit);
      }
      const seconds = Math.max(
        0,
        Math.min(60, Math.floor((window.until.getTime() - ctx.at.getTime()) / 1000)),
      );
      return reply
        .status(hit.status)
        .type(hit.type)
        .header(
          'cache-control',
          // A response that sets the language or mode cookie is this visitor's own.
          choosesPreference(ctx.query) ? 'private, no-cache' : `public, max-age=${seconds}`,
        )
        .header('vary', 'Cookie, Accept-Language')
        .send(hit.body);
    };

    const hidden = { schema: { hide: true } };
    const pages = () => deps.pages();
    type P = { Params: Record<string, string> };

    app.get(SITE, hidden, (_req, reply) => reply.redirect(`${SITE}/`, 301));
    app.get(`${SITE}/`, hidden, (req, reply) => serve(req, reply, (ctx) => homePage(ctx, pages())));
    app.get(`${SITE}/data`, hidden, (req, reply) => serve(req, reply, (ctx) => dataListPage(ctx, pages())));
    app.get<P>(`${SITE}/data/:code`, hidden, (req, reply) =>
      serve(req, reply, async (ctx) =>
        DATASET_CODE.test(req.params.code) ? datasetPage(ctx, pages(), req.params.code) : notFoundPage(ctx),
      ),
    );
    // One path shape for both: a channel's name lists it, anything else is an article's slug.
    app.get<P>(`${SITE}/articles/:slug`, hidden, (req, reply) =>
      serve(req, reply, async (ctx) => {
        const slug = req.params.slug;
        if (isChannel(slug)) return channelPage(ctx, pages(), slug);
        return SLUG.test(slug) ? articlePage(ctx, pages(), slug) : notFoundPage(ctx);
      }),
    );
    app.get<P>(`${SITE}/articles/:channel/feed.xml`, hidden, (req, reply) =>
      serve(req, reply, async (ctx) =>
        isChannel(req.params.channel)
          ? {
              status: 200,
              type: 'application/rss+xml; charset=utf-8',
              body: await feedXml(ctx, pages(), origin(req), req.params.channel),
            }
          : notFoundPage(ctx),
      ),
    );
    app.get(`${SITE}/calendar`, hidden, (req, reply) =>
      serve(req, reply, (ctx) => calendarPage(ctx, pages())),
    );
    app.get(`${SITE}/open-gov`, hidden, (req, reply) =>
      serve(req, reply, (ctx) => openGovPage(ctx, pages())),
    );
    app.get(`${SITE}/interaction`, hidden, (req, reply) =>
      serve(req, reply, (ctx) => questionsPage(ctx, pages())),
    );
    app.get(`${SITE}/interaction/ask`, hidden, (req, reply) =>
      serve(req, reply, async (ctx) => askPage(ctx)),
    );
    app.post<{ Body: unknown }>(`${SITE}/interaction/ask`, hidden, async (req, reply) => {
      const ctx = contextOf(req, reply);
      const fields =
        req.body && typeof req.body === 'object'
          ? Object.fromEntries(
              Object.entries(req.body as Record<string, unknown>).map(([k, v]) => [
                k,
                typeof v === 'string' ? v : '',
              ]),
            )
          : {};
      const out = await submitQuestion(ctx, pages(), fields, req.ip);
      if ('redirect' in out) return reply.redirect(out.redirect, 303);
      return reply
        .status(out.status)
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(out.html.toString());
    });
    app.get<P>(`${SITE}/interaction/:id`, hidden, (req, reply) =>
      serve(req, reply, async (ctx) =>
        SLUG.test(req.params.id) ? questionPage(ctx, pages(), req.params.id) : notFoundPage(ctx),
      ),
    );
    app.get(`${SITE}/search`, hidden, (req, reply) => serve(req, reply, (ctx) => searchPage(ctx, pages())));
    app.get(`${SITE}/feed.xml`, hidden, (req, reply) =>
      serve(req, reply, async (ctx) => ({
        status: 200,
        type: 'application/rss+xml; charset=utf-8',
        body: await feedXml(ctx, pages(), origin(req)),
      })),
    );
    app.get(`${SITE}/sitemap.xml`, hidden, (req, reply) =>
      serve(req, reply, async (ctx) => ({
        status: 200,
        type: 'application/xml; charset=utf-8',
        body: await sitemapXml(ctx, pages(), origin(req)),
      })),
    );
    app.get('/robots.txt', hidden, (req, reply) =>
      reply.type('text/plain; charset=utf-8').send(robotsTxt(origin(req))),
    );
    app.get<P>(`${SITE}/assets/:file`, hidden, async (req, reply) => {
      const spec = FILES[req.params.file];
      if (!spec) return reply.callNotFound();
      let body = files.get(req.params.file);
      if (!body) {
        body = await fs.promises.readFile(spec.file());
        files.set(req.params.file, body);
      }
      return reply.type(spec.type).header('cache-control', 'public, max-age=3600').send(body);
    });
    app.get(`${SITE}/*`, hidden, (req, reply) => serve(req, reply, async (ctx) => notFoundPage(ctx)));
  };
}
