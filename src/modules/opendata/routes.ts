/**
 * The open data API's routes: public (`security: []`), rate limited per client, answered with
 * ETag and a Cache-Control that ends by the next release minute. Validate, call, present.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pickLocale } from '../../platform/i18n.ts';
import {
  ApiConfig,
  DataBody,
  DataflowList,
  DataPostQuery,
  DataQuery,
  FileAnswer,
  MetadataQuery,
  OUTPUT_FORMATS,
  SdmxDataParams,
  SdmxDataQuery,
  TableInfo,
  TableList,
  TableParams,
  TablesQuery,
} from './contract.ts';
import { MAX_CELLS } from './domain/cube.ts';
import type { Lang } from './domain/jsonstat.ts';
import type { RateLimiter } from './domain/rate-limit.ts';
import { AGENCY, DATAFLOW_VERSION, parseSeriesKey, periodsBetween } from './domain/sdmx.ts';
import { parseSelection, type SelectionItem } from './domain/selection.ts';
import { opendataProblems as P } from './problems.ts';
import { type Answer, asProblem, type OpendataService, PXWEB_BASE, SDMX_BASE } from './service.ts';

/** The content language: the `lang` parameter only (default zh), so an answer's URL fixes it. */
const langOf = (lang: string | undefined): Lang => (lang?.startsWith('en') ? 'en' : 'zh');

/**
 * SDMX REST chooses the language by content negotiation: `lang` if given, else Accept-Language
 * (then answers vary by it).
 */
const sdmxLang = (lang: string | undefined, acceptLanguage: string | undefined): Lang =>
  lang ? langOf(lang) : pickLocale(undefined, acceptLanguage) === 'en-US' ? 'en' : 'zh';

const problemBody = z.object({
  code: z.string(),
  message: z.string(),
  messages: z.record(z.string(), z.string()),
  details: z.unknown().optional(),
});
const errors = { 400: problemBody, 404: problemBody, 406: problemBody, 429: problemBody };

/** Sends an answer: 304 or the body, with its tag and how long caches may keep it. */
function present(reply: FastifyReply, a: Answer, vary = 'Accept') {
  reply.header('etag', a.etag);
  reply.header('cache-control', `public, max-age=${a.maxAge}`);
  reply.header('vary', vary);
  if (a.status === 304) return reply.code(304).send();
  reply.type(a.contentType);
  if (a.filename) reply.header('content-disposition', `attachment; filename="${a.filename}"`);
  return reply.send(a.body);
}

const VALUE_CODES = /^valueCodes\[([^\]]{1,64})\]$/;
const VALUE_CODES_HELP = [
  'Select codes per dimension with `valueCodes[<dimension>]=<items>` (dimensions left out: all codes), e.g.',
  '`valueCodes[indicator]=retail&valueCodes[region]=330200,3302*&valueCodes[period]=top(12)`.',
  'Items, comma-separated: a code; `*` (all); `33*`, `*01`, `*02*` and `?` for one character;',
  '`top(n)` / `top(n,offset)` (time: the n latest), `bottom(n)` / `bottom(n,offset)` (time: the n earliest),',
  `\`from(x)\`, \`to(x)\`, \`range(x,y)\`. At most ${MAX_CELLS.toLocaleString('en-US')} cells per answer, counted before reading.`,
  'Answers carry a strong ETag (send If-None-Match for a 304) and Cache-Control that ends by the next release minute.',
].join(' ');
const KNOWN_DATA_PARAMS = ['lang', 'asOf', 'outputFormat'];

/** The selection of a GET data request: every `valueCodes[dim]` parsed; any other unknown parameter refused. */
function selectionFromQuery(query: Record<string, unknown>) {
  // No prototype: a dimension named __proto__ is just an unknown dimension.
  const raw: Record<string, string[]> = Object.create(null);
  for (const [name, value] of Object.entries(query)) {
    if (KNOWN_DATA_PARAMS.includes(name)) continue;
    const m = VALUE_CODES.exec(name);
    if (!m) throw P.unknown_parameter({ name, known: 'valueCodes[<dimension>], outputFormat, lang, asOf' });
    raw[m[1]] = [...(raw[m[1]] ?? []), ...[value as string | string[]].flat()];
  }
  return parsed(raw, false);
}

/**
 * Parses each dimension's items. `single`: the POST body's items are one expression each (PxWeb);
 * a GET value is a comma list.
 */
function parsed(raw: Record<string, string[]>, single: boolean) {
  const selection: Record<string, SelectionItem[]> = Object.create(null);
  try {
    for (const [dim, values] of Object.entries(raw)) {
      selection[dim] = single
        ? values.flatMap((v) => parseSelection(dim, [v]))
        : parseSelection(dim, values.join(','));
    }
  } catch (e) {
    throw asProblem(e);
  }
  const canonical = Object.keys(raw)
    .sort()
    .map((k) => [k, raw[k].map((v) => v.trim())]);
  return { selection, canonical };
}

/** `code`, `AGENCY,code,version` or `AGENCY:code(version)` → the dataset code. */
function flowCode(flow: string): string {
  const m = /^(?:([A-Za-z0-9_.-]+)[:,])?([A-Za-z0-9_@$-]+)(?:\(([\d.]+)\)|,([\d.]+|latest))?$/.exec(flow);
  if (!m || (m[1] && m[1] !== AGENCY) || ![undefined, DATAFLOW_VERSION, 'latest'].includes(m[3] ?? m[4]))
    throw P.table_not_found({ id: flow });
  return m[2];
}

/** SDMX content negotiation: `format` first, then Accept; SDMX-CSV unless JSON is asked. */
function sdmxFormat(format: string | undefined, accept: string | undefined): 'sdmx-csv' | 'json-stat2' {
  if (format) return format === 'csv' || format === 'sdmx-csv' ? 'sdmx-csv' : 'json-stat2';
  const a = (accept ?? '').toLowerCase();
  if (a.includes('csv')) return 'sdmx-csv';
  if (a.includes('json')) return 'json-stat2';
  if (!a || a.includes('*/*') || a.includes('text/*')) return 'sdmx-csv';
  throw P.not_acceptable({
    format: accept ?? '',
    supported: 'application/vnd.sdmx.data+csv;version=1.0.0, text/csv, application/json (JSON-stat 2.0)',
  });
}

export function opendataRoutes(deps: { service: () => OpendataService; limiter: RateLimiter }) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    // Every open data request takes a token from its client's bucket (IP, as the proxy says with
    // trustProxy); an empty bucket answers 429 with when to come back.
    app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
      const url = req.routeOptions.url ?? '';
      if (!url.startsWith('/open/')) return;
      const taken = deps.limiter.take(req.ip);
      if (!taken.ok) {
        reply.header('retry-after', String(taken.retryAfterSeconds));
        throw P.rate_limited({ seconds: taken.retryAfterSeconds });
      }
    });

    // Open data is for anyone's page or script: any origin may read it (no credentials are
    // involved) and see the tags it needs for conditional requests. Errors are not cached: a 404
    // before a release minute must not outlive it.
    app.addHook('onSend', async (req, reply, payload) => {
      if (!(req.routeOptions.url ?? '').startsWith('/open/')) return payload;
      reply.header('access-control-allow-origin', '*');
      reply.header('access-control-expose-headers', 'ETag, Retry-After, Content-Disposition');
      if (reply.statusCode >= 400) reply.header('cache-control', 'no-store');
      return payload;
    });

    // The CORS preflight a browser sends before a cross-origin POST with a JSON body.
    app.options('/open/*', { schema: { hide: true } }, async (_req, reply) =>
      reply
        .code(204)
        .header('access-control-allow-methods', 'GET, HEAD, POST, OPTIONS')
        .header('access-control-allow-headers', 'Content-Type, If-None-Match, Accept, Accept-Language')
        .header('access-control-max-age', '86400')
        .send(),
    );

    const px = ['open data: PxWeb API v2'];
    const sdmx = ['open data: SDMX REST'];
    const inm = (req: FastifyRequest) => req.headers['if-none-match'];

    app.get(
      `${PXWEB_BASE}/config`,
      {
        schema: {
          tags: px,
          summary: "The API's settings: languages, the cell limit, formats, the rate limit",
          security: [],
          response: { 200: ApiConfig },
        },
      },
      async (): Promise<ApiConfig> => {
        const limit = deps.limiter.settings;
        return {
          apiVersion: '2.0',
          languages: [
            { id: 'zh', label: '中文' },
            { id: 'en', label: 'English' },
          ],
          defaultLanguage: 'zh',
          maxDataCells: MAX_CELLS,
          dataFormats: [...OUTPUT_FORMATS],
          defaultDataFormat: 'json-stat2',
          maxCallsPerTimeWindow: limit.enabled ? limit.capacity : null,
          refillPerSecond: limit.enabled ? limit.refillPerSecond : null,
        };
      },
    );

    app.get(
      `${PXWEB_BASE}/tables`,
      {
        schema: {
          tags: px,
          summary: 'Public tables (公开数据表), searchable, paged',
          security: [],
          querystring: TablesQuery,
          response: { 200: TableList, 304: z.null(), ...errors },
        },
      },
      async (req, reply) =>
        present(reply, await deps.service().listTables(req.query, langOf(req.query.lang), inm(req))),
    );

    app.get(
      `${PXWEB_BASE}/tables/:id`,
      {
        schema: {
          tags: px,
          summary: "A table's description: variables, source, notes, releases",
          security: [],
          params: TableParams,
          querystring: MetadataQuery.omit({ asOf: true }),
          response: { 200: TableInfo, 304: z.null(), ...errors },
        },
      },
      async (req, reply) =>
        present(reply, await deps.service().tableInfo(req.params.id, langOf(req.query.lang), inm(req))),
    );

    app.get(
      `${PXWEB_BASE}/tables/:id/metadata`,
      {
        schema: {
          tags: px,
          summary: "A table's metadata as a JSON-stat 2.0 dataset without values",
          security: [],
          params: TableParams,
          querystring: MetadataQuery,
          response: { 200: FileAnswer, 304: z.null(), ...errors },
        },
      },
      async (req, reply) =>
        present(
          reply,
          await deps.service().metadata(req.params.id, langOf(req.query.lang), req.query.asOf, inm(req)),
        ),
    );

    app.get(
      `${PXWEB_BASE}/tables/:id/data`,
      {
        schema: {
          tags: px,
          summary: 'Data of a selection: JSON-stat 2.0 (default), CSV, XLSX or SDMX-CSV',
          description: VALUE_CODES_HELP,
          security: [],
          params: TableParams,
          querystring: DataQuery,
          response: { 200: FileAnswer, 304: z.null(), ...errors },
        },
      },
      async (req, reply) => {
        const { selection, canonical } = selectionFromQuery(req.query as Record<string, unknown>);
        const q = req.query;
        return present(
          reply,
          await deps.service().data(
            {
              id: req.params.id,
              selection,
              canonical,
              format: q.outputFormat,
              lang: langOf(q.lang),
              asOf: q.asOf,
            },
            inm(req),
          ),
        );
      },
    );

    app.post(
      `${PXWEB_BASE}/tables/:id/data`,
      {
        schema: {
          tags: px,
          summary: 'Data of a selection given in the body ({ selection: [{ variableCode, valueCodes }] })',
          security: [],
          params: TableParams,
          querystring: DataPostQuery,
          body: DataBody,
          response: { 200: FileAnswer, 304: z.null(), ...errors },
        },
      },
      async (req, reply) => {
        const raw: Record<string, string[]> = Object.create(null);
        for (const s of req.body.selection)
          raw[s.variableCode] = [...(raw[s.variableCode] ?? []), ...s.valueCodes];
        const { selection, canonical } = parsed(raw, true);
        const q = req.query;
        return present(
          reply,
          await deps.service().data(
            {
              id: req.params.id,
              selection,
              canonical,
              format: q.outputFormat,
              lang: langOf(q.lang),
              asOf: q.asOf,
            },
            inm(req),
          ),
        );
      },
    );

    app.get(
      `${SDMX_BASE}/dataflow`,
      {
        schema: {
          tags: sdmx,
          summary: 'Dataflows: one per public table (agency TONGJI, version 1.0)',
          security: [],
          querystring: z.object({ lang: z.enum(['zh', 'en', 'zh-CN', 'en-US']).optional() }),
          response: { 200: DataflowList, 304: z.null(), ...errors },
        },
      },
      async (req, reply) =>
        present(
          reply,
          await deps.service().dataflows(sdmxLang(req.query.lang, req.headers['accept-language']), inm(req)),
          'Accept, Accept-Language',
        ),
    );

    const sdmxData = async (
      req: FastifyRequest<{
        Params: z.infer<typeof SdmxDataParams>;
        Querystring: z.infer<typeof SdmxDataQuery>;
      }>,
      reply: FastifyReply,
    ) => {
      const q = req.query;
      const key = req.params.key ?? 'all';
      const format = sdmxFormat(q.format, req.headers.accept);
      return present(
        reply,
        await deps.service().sdmxData(
          {
            id: flowCode(req.params.flow),
            select: (meta) => {
              const sel = parseSeriesKey(key, meta);
              const periodCodes =
                meta.dimensions.find((d) => d.id === 'period')?.codes.map((c) => c.code) ?? [];
              const between = periodsBetween(periodCodes, q.startPeriod, q.endPeriod);
              if (between) sel.period = between;
              return sel;
            },
            canonical: [key, q.startPeriod ?? null, q.endPeriod ?? null, q.lastNObservations ?? null],
            lastN: q.lastNObservations,
            format,
            labels: q.labels,
            lang: sdmxLang(q.lang, req.headers['accept-language']),
            asOf: q.asOf,
          },
          inm(req),
        ),
        'Accept, Accept-Language',
      );
    };
    const sdmxSchema = (summary: string, params: z.ZodType) => ({
      schema: {
        tags: sdmx,
        summary,
        security: [],
        params,
        querystring: SdmxDataQuery,
        response: { 200: FileAnswer, 304: z.null(), ...errors },
      },
    });
    app.get(
      `${SDMX_BASE}/data/:flow/:key`,
      sdmxSchema(
        'Data by series key: SDMX-CSV 1.0 (format=csv or Accept: application/vnd.sdmx.data+csv) or JSON-stat 2.0 (format=jsonstat or Accept: application/json)',
        SdmxDataParams,
      ),
      sdmxData,
    );
    app.get(
      `${SDMX_BASE}/data/:flow`,
      sdmxSchema('All data of a dataflow (as the key "all")', SdmxDataParams.omit({ key: true })),
      sdmxData,
    );
  };
}
