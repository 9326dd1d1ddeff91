/**
 * The open data API's contract (zod): PxWeb API v2 style tables under /open/api/v2 and SDMX REST
 * style dataflows under /open/sdmx. Data answers are files (JSON-stat text, CSV, XLSX), so their
 * routes declare them by media type rather than by a JSON schema.
 */
import { z } from 'zod';
import { MAX_EXPRESSION_LENGTH } from './domain/selection.ts';

export const OUTPUT_FORMATS = ['json-stat2', 'csv', 'xlsx', 'sdmx-csv'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** Content language: `zh` (default) or `en`; the platform's zh-CN / en-US are accepted too. */
const Lang = z
  .enum(['zh', 'en', 'zh-CN', 'en-US'])
  .optional()
  .describe('Language of labels: zh (default) or en');

const AsOf = z
  .string()
  .max(40)
  .optional()
  .describe('ISO 8601 instant: the figures as they were public then (earlier vintages); default now');

/** PxWeb API v2 `GET /config`: what a client needs to know before asking. */
export const ApiConfig = z.object({
  apiVersion: z.string(),
  languages: z.array(z.object({ id: z.string(), label: z.string() })),
  defaultLanguage: z.string(),
  maxDataCells: z.number().describe('Most cells one data answer may hold'),
  dataFormats: z.array(z.string()),
  defaultDataFormat: z.string(),
  maxCallsPerTimeWindow: z.number().nullable().describe('Burst per client (null: no limit)'),
  refillPerSecond: z.number().nullable().describe('Requests per second a client may keep up'),
});
export type ApiConfig = z.infer<typeof ApiConfig>;

export const TableParams = z.object({
  id: z.string().min(1).max(64).describe('Table id (the dataset code)'),
});

export const TablesQuery = z.object({
  query: z.string().max(200).optional().describe('Words to find in the id, title or description'),
  pageNumber: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  lang: Lang,
});

const Link = z.object({ rel: z.string(), hreflang: z.string(), href: z.string() });

const TIME_UNITS = { M: 'Monthly', Q: 'Quarterly', A: 'Annual' } as const;
export const timeUnitOf = (f: keyof typeof TIME_UNITS) => TIME_UNITS[f];

export const TableSummary = z.object({
  type: z.literal('Table'),
  id: z.string(),
  label: z.string(),
  description: z.string(),
  subjectCode: z.string(),
  updated: z.string(),
  firstPeriod: z.string(),
  lastPeriod: z.string(),
  timeUnit: z.enum(['Monthly', 'Quarterly', 'Annual']),
  links: z.array(Link),
});

export const TableList = z.object({
  language: z.enum(['zh', 'en']),
  tables: z.array(TableSummary),
  page: z.object({
    pageNumber: z.number(),
    pageSize: z.number(),
    totalElements: z.number(),
    totalPages: z.number(),
  }),
  links: z.array(Link),
});
export type TableList = z.infer<typeof TableList>;

export const TableInfo = TableSummary.extend({
  language: z.enum(['zh', 'en']),
  source: z.string(),
  notes: z.array(z.string()),
  variables: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      type: z.enum(['ContentsVariable', 'TimeVariable', 'GeographicalVariable', 'RegularVariable']),
      values: z.number().describe('Number of codes with published data'),
    }),
  ),
  releases: z.array(z.object({ id: z.string(), label: z.string(), releaseAt: z.string() })),
});
export type TableInfo = z.infer<typeof TableInfo>;

export const MetadataQuery = z.object({ lang: Lang, asOf: AsOf });

export const DataQuery = z
  .object({
    lang: Lang,
    asOf: AsOf,
    outputFormat: z.enum(OUTPUT_FORMATS).default('json-stat2'),
  })
  .catchall(
    z.union([z.string().max(MAX_EXPRESSION_LENGTH), z.array(z.string().max(MAX_EXPRESSION_LENGTH)).max(20)]),
  )
  .describe(
    'valueCodes[<dimension>]=<items>: comma-separated codes and expressions — *, 33*, 2024-??, top(n), top(n,offset), bottom(n), from(x), to(x), range(x,y). Dimensions left out: all codes.',
  );

export const DataPostQuery = z.object({
  lang: Lang,
  asOf: AsOf,
  outputFormat: z.enum(OUTPUT_FORMATS).default('json-stat2'),
});

export const DataBody = z.object({
  selection: z
    .array(
      z.object({
        variableCode: z.string().min(1).max(64),
        valueCodes: z.array(z.string().min(1).max(MAX_EXPRESSION_LENGTH)).min(1).max(10_000),
      }),
    )
    .max(10)
    .default([]),
});

export const SDMX_FORMATS = ['csv', 'sdmx-csv', 'jsonstat', 'json-stat2'] as const;

export const DataflowList = z.object({
  data: z.object({
    dataflows: z.array(
      z.object({
        id: z.string(),
        agencyID: z.string(),
        version: z.string(),
        urn: z.string(),
        name: z.string(),
        names: z.object({ zh: z.string(), en: z.string() }),
        description: z.string(),
        dimensions: z.array(z.string()).describe('Series key positions, then TIME_PERIOD'),
      }),
    ),
  }),
});
export type DataflowList = z.infer<typeof DataflowList>;

export const SdmxDataParams = z.object({
  flow: z.string().min(1).max(100).describe('Dataflow: code, AGENCY,code,version or AGENCY:code(version)'),
  key: z
    .string()
    .max(MAX_EXPRESSION_LENGTH)
    .optional()
    .describe('Series key, e.g. GDP+CPI.330200 (empty position: all)'),
});

export const SdmxDataQuery = z.object({
  startPeriod: z.string().max(20).optional(),
  endPeriod: z.string().max(20).optional(),
  lastNObservations: z.coerce.number().int().min(1).max(100_000).optional(),
  format: z
    .enum(SDMX_FORMATS)
    .optional()
    .describe('csv / sdmx-csv (SDMX-CSV 1.0) or jsonstat; else the Accept header'),
  labels: z.enum(['id', 'both']).default('id').describe('SDMX-CSV: ids only, or "ID: Name"'),
  lang: Lang,
  asOf: AsOf,
});

/** A file answer in the OpenAPI document (its body is not JSON-schema'd: it is JSON-stat, CSV or XLSX). */
export const FileAnswer = z.unknown().describe('JSON-stat 2.0, CSV, XLSX or SDMX-CSV, as asked');
