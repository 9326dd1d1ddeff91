/**
 * The open data API's use cases over publication's public reads: list and describe tables, and
 * answer a selection in a format — every read at the clock's instant (or an earlier `asOf`), the
 * cell limit checked on the cube before any value is read, answers tagged and cached by
 * publication's version of what is visible and never kept past the next release minute.
 */
import type { Clock } from '../../platform/clock.ts';
import type { AnswerCache } from './answer-cache.ts';
import {
  type DataflowList,
  type OutputFormat,
  type TableInfo,
  type TableList,
  timeUnitOf,
} from './contract.ts';
import { entityTag, maxAgeSeconds, noneMatch } from './domain/caching.ts';
import { csvText, flatRows } from './domain/csv.ts';
import { type Cube, MAX_CELLS, publicSelection, selectCube } from './domain/cube.ts';
import { OpendataInputError } from './domain/errors.ts';
import { jsonStatData, jsonStatMetadata, type Lang } from './domain/jsonstat.ts';
import {
  AGENCY,
  DATAFLOW_VERSION,
  dataflowRef,
  lastObservations,
  SDMX_ID,
  sdmxCsvRows,
} from './domain/sdmx.ts';
import type { SelectionItem } from './domain/selection.ts';
import type { PublicCell, PublicData, PublicDatasetMeta, PublicDatasetSummary } from './ports.ts';
import { opendataProblems as P } from './problems.ts';
import { createVisibility } from './visibility.ts';
import { xlsxAnswer } from './xlsx.ts';

export const PXWEB_BASE = '/open/api/v2';
export const SDMX_BASE = '/open/sdmx';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const SDMX_CSV_TYPE = 'application/vnd.sdmx.data+csv; version=1.0.0; charset=utf-8';

/** An answer ready for HTTP: 304 when the client's copy is current, else the body. */
export type Answer =
  | { status: 304; etag: string; maxAge: number }
  | {
      status: 200;
      etag: string;
      maxAge: number;
      body: string | Buffer;
      contentType: string;
      filename?: string;
    };

type Body = { body: string | Buffer; contentType: string; filename?: string };

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2}))?$/;

/** Turns the domain's input errors into the module's problems. */
function asProblem(e: unknown): unknown {
  if (!(e instanceof OpendataInputError)) return e;
  return P[e.reason](e.params);
}

const pick = (t: { zh: string; en: string }, lang: Lang) => t[lang] || t.zh;

const VARIABLE_TYPE = {
  indicator: 'ContentsVariable',
  period: 'TimeVariable',
  region: 'GeographicalVariable',
} as const;

/** Tables' metadata kept (per version); more than a bureau publishes, so a clear is rare. */
const MAX_METAS = 500;

export function createOpendataService(deps: { pub: () => PublicData; clock: Clock; cache: AnswerCache }) {
  const pub = () => deps.pub();
  const visibility = createVisibility(pub);

  /** The instant to read at: now, or an earlier `asOf` (never later: the future is embargoed). */
  function instantOf(asOf: string | undefined, now: Date): Date {
    if (asOf === undefined) return now;
    const t = ISO_INSTANT.test(asOf) ? new Date(asOf) : new Date(Number.NaN);
    // Date rolls 2026-02-30 over into March; a day that does not exist is an error, not a guess.
    const day = new Date(`${asOf.slice(0, 10)}T00:00:00Z`);
    if (
      Number.isNaN(t.getTime()) ||
      Number.isNaN(day.getTime()) ||
      day.toISOString().slice(0, 10) !== asOf.slice(0, 10)
    )
      throw P.bad_as_of({ value: asOf });
    return t < now ? t : now;
  }

  /**
   * The shared path of every answer: version and next release minute, ETag, 304, the in-process
   * cache, then `produce` at the instant. The key holds everything the body depends on besides
   * what is visible, which the version stands for.
   */
  async function answer(
    keyParts: unknown[],
    asOf: string | undefined,
    ifNoneMatch: string | undefined,
    produce: (at: Date, version: string) => Promise<Body>,
  ): Promise<Answer> {
    const now = deps.clock.now();
    const at = instantOf(asOf, now);
    const { version, next } = at === now ? await visibility.current(now) : await visibility.read(at, now);
    const key = JSON.stringify([...keyParts, version]);
    const etag = entityTag(key);
    const maxAge = maxAgeSeconds(now, next);
    if (noneMatch(ifNoneMatch, etag)) return { status: 304, etag, maxAge };
    const hit = deps.cache.get(key, now.getTime());
    if (hit) return { status: 200, etag, maxAge, ...hit };
    let body: Body;
    try {
      body = await produce(at, version);
    } catch (e) {
      throw asProblem(e);
    }
    deps.cache.set(key, { ...body, expiresAt: next ? next.getTime() : Number.POSITIVE_INFINITY });
    return { status: 200, etag, maxAge, ...body };
  }

  /**
   * Tables' metadata by publication's version: what is visible decides it, so distinct selections
   * of one table read it once per version. Emptied with the answer cache, off with it.
   */
  const metas = new Map<string, Promise<PublicDatasetMeta | null>>();

  async function datasetAt(id: string, at: Date, version: string): Promise<PublicDatasetMeta> {
    const key = `${version}|${id}`;
    let meta = deps.cache.enabled ? metas.get(key) : undefined;
    if (!meta) {
      meta = pub().dataset(id, at);
      if (deps.cache.enabled) {
        if (metas.size >= MAX_METAS) metas.clear();
        metas.set(key, meta);
        meta.catch(() => metas.delete(key));
      }
    }
    const found = await meta;
    if (!found) throw P.table_not_found({ id });
    return found;
  }

  const json = (value: unknown): Body => ({
    body: JSON.stringify(value),
    contentType: 'application/json; charset=utf-8',
  });

  const tableLinks = (id: string, lang: Lang) => [
    { rel: 'self', hreflang: lang, href: `${PXWEB_BASE}/tables/${id}?lang=${lang}` },
    { rel: 'metadata', hreflang: lang, href: `${PXWEB_BASE}/tables/${id}/metadata?lang=${lang}` },
    { rel: 'data', hreflang: lang, href: `${PXWEB_BASE}/tables/${id}/data?lang=${lang}` },
  ];

  const summaryOf = (d: PublicDatasetSummary, lang: Lang) => ({
    type: 'Table' as const,
    id: d.code,
    label: pick(d.title, lang),
    description: pick(d.description, lang),
    subjectCode: d.subject,
    updated: d.updatedAt,
    firstPeriod: d.firstPeriod,
    lastPeriod: d.lastPeriod,
    timeUnit: timeUnitOf(d.frequency),
    links: tableLinks(d.code, lang),
  });

  /** Encodes a cube's cells in the asked format. */
  async function encode(
    format: OutputFormat,
    meta: PublicDatasetMeta,
    cube: Cube,
    cells: PublicCell[],
    lang: Lang,
    labels: 'id' | 'both' = 'id',
  ): Promise<Body> {
    switch (format) {
      case 'json-stat2':
        return {
          body: jsonStatData(meta, cube, cells, lang),
          contentType: 'application/json; charset=utf-8',
        };
      case 'csv':
        return {
          body: csvText(flatRows(cube, cells, lang)),
          contentType: 'text/csv; charset=utf-8; header=present',
          filename: `${meta.code}.csv`,
        };
      case 'xlsx':
        return {
          body: await xlsxAnswer(meta, cube, cells, lang),
          contentType: XLSX_TYPE,
          filename: `${meta.code}.xlsx`,
        };
      case 'sdmx-csv':
        return { body: csvText(sdmxCsvRows(meta, cube, cells, lang, labels)), contentType: SDMX_CSV_TYPE };
    }
  }

  /** Reads the cube's cells, after checking its size against the limit. */
  async function cellsOf(meta: PublicDatasetMeta, cube: Cube, at: Date): Promise<PublicCell[]> {
    if (cube.size > MAX_CELLS) throw P.too_many_cells({ count: cube.size, limit: MAX_CELLS });
    return pub().cells(meta.code, publicSelection(cube), at);
  }

  return {
    /** Publication announced a change: forget what was remembered of it. */
    changed() {
      visibility.forget();
      metas.clear();
      deps.cache.clear();
    },

    /** PxWeb `GET /tables`: tables with visible data, searched and paged. */
    listTables(q: { query?: string; pageNumber: number; pageSize: number }, lang: Lang, inm?: string) {
      return answer(['tables', q, lang], undefined, inm, async (at) => {
        const words = (q.query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
        const all = (await pub().datasets(at)).filter((d) => {
          const text = [d.code, d.title.zh, d.title.en, d.description.zh, d.description.en, d.subject]
            .join(' ')
            .toLowerCase();
          return words.every((w) => text.includes(w));
        });
        const totalPages = Math.max(1, Math.ceil(all.length / q.pageSize));
        const page = all.slice((q.pageNumber - 1) * q.pageSize, q.pageNumber * q.pageSize);
        const self = `${PXWEB_BASE}/tables?lang=${lang}&pageSize=${q.pageSize}${q.query ? `&query=${encodeURIComponent(q.query)}` : ''}`;
        const list: TableList = {
          language: lang,
          tables: page.map((d) => summaryOf(d, lang)),
          page: { pageNumber: q.pageNumber, pageSize: q.pageSize, totalElements: all.length, totalPages },
          links: [
            { rel: 'self', hreflang: lang, href: `${self}&pageNumber=${q.pageNumber}` },
            ...(q.pageNumber < totalPages
              ? [{ rel: 'next', hreflang: lang, href: `${self}&pageNumber=${q.pageNumber + 1}` }]
              : []),
          ],
        };
        return json(list);
      });
    },

    /** PxWeb `GET /tables/{id}`: what the table is, its variables and releases. */
    tableInfo(id: string, lang: Lang, inm?: string) {
      return answer(['table', id, lang], undefined, inm, async (at, version) => {
        const meta = await datasetAt(id, at, version);
        const info: TableInfo = {
          ...summaryOf(meta, lang),
          language: lang,
          source: meta.source,
          notes: meta.notes.map((n) => pick(n, lang)),
          variables: meta.dimensions.map((d) => ({
            id: d.id,
            label: pick(d.label, lang),
            type: VARIABLE_TYPE[d.id as keyof typeof VARIABLE_TYPE] ?? 'RegularVariable',
            values: d.codes.length,
          })),
          releases: meta.releases.map((r) => ({
            id: r.id,
            label: pick(r.title, lang),
            releaseAt: r.releaseAt,
          })),
        };
        return json(info);
      });
    },

    /** PxWeb `GET /tables/{id}/metadata`: JSON-stat 2.0 without values. */
    metadata(id: string, lang: Lang, asOf: string | undefined, inm?: string) {
      return answer(['metadata', id, lang], asOf, inm, async (at, version) => {
        const meta = await datasetAt(id, at, version);
        return {
          body: jsonStatMetadata(meta, selectCube(meta, {}), lang),
          contentType: 'application/json; charset=utf-8',
        };
      });
    },

    /** PxWeb `GET|POST /tables/{id}/data`: the selection (already parsed) in the asked format. */
    data(
      req: {
        id: string;
        selection: Record<string, SelectionItem[]>;
        canonical: unknown;
        format: OutputFormat;
        lang: Lang;
        asOf?: string;
      },
      inm?: string,
    ) {
      return answer(
        ['data', req.id, req.canonical, req.format, req.lang],
        req.asOf,
        inm,
        async (at, version) => {
          const meta = await datasetAt(req.id, at, version);
          const cube = selectCube(meta, req.selection);
          return encode(req.format, meta, cube, await cellsOf(meta, cube, at), req.lang);
        },
      );
    },

    /** SDMX `GET /dataflow`: one dataflow per public dataset. */
    dataflows(lang: Lang, inm?: string) {
      return answer(['dataflows', lang], undefined, inm, async (at) => {
        const list = await pub().datasets(at);
        const metas = await Promise.all(list.map((d) => pub().dataset(d.code, at)));
        const out: DataflowList = {
          data: {
            dataflows: list.map((d, i) => ({
              id: d.code,
              agencyID: AGENCY,
              version: DATAFLOW_VERSION,
              urn: `urn:sdmx:org.sdmx.infomodel.datastructure.Dataflow=${dataflowRef(d.code)}`,
              name: pick(d.title, lang),
              names: d.title,
              description: pick(d.description, lang),
              dimensions: (metas[i]?.dimensions ?? []).map((x) => SDMX_ID[x.id]),
            })),
          },
        };
        return json(out);
      });
    },

    /** SDMX `GET /data/{flow}/{key}`: series key, period bounds, last N observations. */
    sdmxData(
      req: {
        id: string;
        select: (meta: PublicDatasetMeta) => Record<string, SelectionItem[]>;
        canonical: unknown;
        lastN?: number;
        format: 'sdmx-csv' | 'json-stat2';
        labels: 'id' | 'both';
        lang: Lang;
        asOf?: string;
      },
      inm?: string,
    ) {
      return answer(
        ['sdmx', req.id, req.canonical, req.format, req.labels, req.lang],
        req.asOf,
        inm,
        async (at, version) => {
          const meta = await datasetAt(req.id, at, version);
          const cube = selectCube(meta, req.select(meta));
          let cells = await cellsOf(meta, cube, at);
          if (req.lastN !== undefined) {
            cells = lastObservations(
              cells,
              req.lastN,
              cube.dimensions.map((d) => d.id),
            );
          }
          return encode(req.format, meta, cube, cells, req.lang, req.labels);
        },
      );
    },
  };
}
export type OpendataService = ReturnType<typeof createOpendataService>;
export { asProblem };
