/**
 * The encoders on a small cube: JSON-stat 2.0 read back with the official toolkit, plain CSV and
 * SDMX-CSV 1.0 checked against their column rules.
 */

import { parse } from 'csv-parse/sync';
import JSONstat from 'jsonstat-toolkit';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../registry/domain/prng.ts';
import type { PublicCell, PublicDatasetMeta } from '../ports.ts';
import { csvText, flatRows } from './csv.ts';
import { MAX_CELLS, placeCells, publicSelection, selectCube } from './cube.ts';
import { OpendataInputError } from './errors.ts';
import { jsonStatData, jsonStatMetadata } from './jsonstat.ts';
import { dataflowRef, lastObservations, parseSeriesKey, periodsBetween, sdmxCsvRows } from './sdmx.ts';
import { parseSelection } from './selection.ts';

const t = (zh: string, en: string) => ({ zh, en });
const meta: PublicDatasetMeta = {
  code: 'retail',
  title: t('社会消费品零售总额', 'Retail sales'),
  description: t('月度', 'Monthly'),
  subject: 'trade',
  frequency: 'Q',
  updatedAt: '2026-11-01T02:00:00.000Z',
  firstPeriod: '2026Q1',
  lastPeriod: '2026Q3',
  source: '统计局',
  notes: [t('注：现价', 'Note: current prices')],
  releases: [],
  dimensions: [
    {
      id: 'indicator',
      label: t('指标', 'Indicator'),
      codes: [
        {
          code: 'RS',
          label: t('零售额', 'Retail, "total"'),
          parent: null,
          unit: t('亿元', '100 million yuan'),
          decimals: 2,
        },
        { code: 'RS_G', label: t('增速', 'Growth'), parent: null, unit: t('%', '%'), decimals: 1 },
      ],
    },
    {
      id: 'region',
      label: t('地区', 'Region'),
      codes: [
        { code: '330200', label: t('宁波市', 'Ningbo'), parent: null },
        { code: '330203', label: t('海曙区', 'Haishu'), parent: '330200' },
      ],
    },
    {
      id: 'period',
      label: t('时期', 'Period'),
      codes: ['2026Q1', '2026Q2', '2026Q3'].map((c) => ({ code: c, label: t(c, c), parent: null })),
    },
  ],
};
const cell = (
  indicator: string,
  region: string,
  period: string,
  value: string,
  extra: Partial<PublicCell> = {},
): PublicCell => ({
  indicator,
  region,
  industry: '_T',
  size: '_T',
  regtype: '_T',
  period,
  value,
  status: 'final',
  note: null,
  ...extra,
});
const cells = [
  cell('RS_G', '330203', '2026Q3', '-1.5', { status: 'preliminary', note: '初步数' }),
  cell('RS', '330200', '2026Q1', '12345678901.23'),
  cell('RS', '330200', '2026Q2', '0.10', { status: 'revised', note: 'revised, "see notes"' }),
  cell('RS', '330203', '2026Q1', '7'),
  cell('XX', '330203', '2026Q1', '9'), // outside the cube: left out
];

describe('the cube', () => {
  it('orders cells row-major by the dimensions and asks publication only for partial dimensions', () => {
    const cube = selectCube(meta, { period: parseSelection('period', 'top(2)') });
    expect(cube.size).toBe(2 * 2 * 2);
    expect(publicSelection(cube)).toEqual({ period: ['2026Q2', '2026Q3'] });
    expect(placeCells(cube, cells).map((p) => p.index)).toEqual([0, 7]);
    expect(MAX_CELLS).toBe(100_000);
  });

  it('names unknown dimensions with the ones there are', () => {
    try {
      selectCube(meta, { sector: [{ kind: 'all' }] });
      throw new Error('accepted');
    } catch (e) {
      expect(e).toBeInstanceOf(OpendataInputError);
      expect((e as OpendataInputError).params).toEqual({
        dimension: 'sector',
        known: 'indicator, region, period',
      });
    }
  });
});

describe('JSON-stat 2.0', () => {
  it('reads back with jsonstat-toolkit: labels, units, hierarchy, values to the digit, status and notes', () => {
    const cube = selectCube(meta, {});
    const text = jsonStatData(meta, cube, cells, 'en');
    expect(text).toContain('12345678901.23');
    expect(text).toContain('0.10');
    const ds = JSONstat(JSON.parse(text));
    expect(ds.class).toBe('dataset');
    expect(ds.id).toEqual(['indicator', 'region', 'period']);
    expect(ds.size).toEqual([2, 2, 3]);
    expect(ds.role).toMatchObject({ time: ['period'], geo: ['region'], metric: ['indicator'] });
    expect(ds.label).toBe('Retail sales');
    expect(ds.note).toEqual(['Note: current prices']);
    expect(ds.Dimension('indicator')?.Category('RS')?.unit).toMatchObject({
      label: '100 million yuan',
      decimals: 2,
    });
    expect(ds.Dimension('region')?.Category('330203')?.label).toBe('Haishu');
    expect(ds.Data({ indicator: 'RS', region: '330200', period: '2026Q1' })).toEqual({
      value: 12345678901.23,
      status: 'final',
    });
    expect(ds.Data({ indicator: 'RS', region: '330200', period: '2026Q2' })).toEqual({
      value: 0.1,
      status: 'revised',
    });
    expect(ds.Data({ indicator: 'RS_G', region: '330203', period: '2026Q3' })).toEqual({
      value: -1.5,
      status: 'preliminary',
    });
    expect(ds.Data({ indicator: 'RS', region: '330203', period: '2026Q3' })?.value).toBeNull();
    const raw = JSON.parse(text);
    expect(raw.dimension.region.category.child).toEqual({ '330200': ['330203'] });
    expect(raw.extension.cellNote).toEqual({ '1': 'revised, "see notes"', '11': '初步数' });
    expect(raw.value).toHaveLength(12);
  });

  it('keeps digits beyond a double in the text', () => {
    const cube = selectCube(meta, {});
    const text = jsonStatData(
      meta,
      cube,
      [cell('RS', '330200', '2026Q1', '123456789012345678.123456789')],
      'zh',
    );
    expect(text).toContain('"value":[123456789012345678.123456789,');
  });

  it('describes the table without values in the metadata', () => {
    const ds = JSONstat(JSON.parse(jsonStatMetadata(meta, selectCube(meta, {}), 'zh')));
    expect(ds.class).toBe('dataset');
    expect(ds.Dimension('period')?.id).toEqual(['2026Q1', '2026Q2', '2026Q3']);
    expect(ds.Dimension('indicator')?.Category('RS')?.label).toBe('零售额');
  });
});

/** An independent RFC 4180 reader (csv-parse), strict about column counts. */
const readCsv = (text: string): string[][] => parse(text, { relax_column_count: false });

describe('CSV', () => {
  it('writes one RFC 4180 row per figure with codes, labels, exact values, unit, status and note', () => {
    const text = csvText(flatRows(selectCube(meta, {}), cells, 'en'));
    expect(text.endsWith('\r\n')).toBe(true);
    const rows = readCsv(text);
    expect(rows[0]).toEqual([
      'indicator',
      'indicator_label',
      'region',
      'region_label',
      'period',
      'period_label',
      'value',
      'unit',
      'status',
      'note',
    ]);
    expect(rows).toHaveLength(5);
    expect(rows[1]).toEqual([
      'RS',
      'Retail, "total"',
      '330200',
      'Ningbo',
      '2026Q1',
      '2026Q1',
      '12345678901.23',
      '100 million yuan',
      'final',
      '',
    ]);
    expect(rows[2][6]).toBe('0.10');
    expect(rows[2][9]).toBe('revised, "see notes"');
  });
});

describe('SDMX', () => {
  it('writes SDMX-CSV 1.0: DATAFLOW first, every dimension by id with TIME_PERIOD, OBS_VALUE, then attributes', () => {
    const rows = readCsv(csvText(sdmxCsvRows(meta, selectCube(meta, {}), cells, 'zh', 'id')));
    expect(rows[0]).toEqual([
      'DATAFLOW',
      'INDICATOR',
      'REF_AREA',
      'TIME_PERIOD',
      'OBS_VALUE',
      'OBS_STATUS',
      'UNIT_MEASURE',
      'DECIMALS',
      'COMMENT_OBS',
    ]);
    expect(rows.slice(1).every((r) => r.length === rows[0].length && r[0] === 'TONGJI:retail(1.0)')).toBe(
      true,
    );
    expect(rows[1]).toEqual([
      'TONGJI:retail(1.0)',
      'RS',
      '330200',
      '2026-Q1',
      '12345678901.23',
      'A',
      '亿元',
      '2',
      '',
    ]);
    expect(rows[2].slice(3, 6)).toEqual(['2026-Q2', '0.10', 'R']);
    expect(rows[4].slice(5)).toEqual(['P', '%', '1', '初步数']);
    expect(dataflowRef('x')).toBe('TONGJI:x(1.0)');
  });

  it('writes "ID: Name" with labels=both', () => {
    const rows = readCsv(csvText(sdmxCsvRows(meta, selectCube(meta, {}), cells, 'en', 'both')));
    expect(rows[0].slice(0, 3)).toEqual(['DATAFLOW', 'INDICATOR: Indicator', 'REF_AREA: Region']);
    expect(rows[1].slice(0, 3)).toEqual([
      'TONGJI:retail(1.0): Retail sales',
      'RS: Retail, "total"',
      '330200: Ningbo',
    ]);
  });

  it('reads series keys: positions in order, + for or, empty for all', () => {
    expect(parseSeriesKey('RS+RS_G.330203', meta)).toEqual({
      indicator: [
        { kind: 'code', code: 'RS' },
        { kind: 'code', code: 'RS_G' },
      ],
      region: [{ kind: 'code', code: '330203' }],
    });
    expect(parseSeriesKey('.330203', meta)).toEqual({ region: [{ kind: 'code', code: '330203' }] });
    expect(parseSeriesKey('all', meta)).toEqual({});
    for (const bad of ['RS', 'RS.330200.x', 'R S.1', 'RS,.1']) {
      expect(() => parseSeriesKey(bad, meta), bad).toThrow(OpendataInputError);
    }
  });

  it('bounds periods by overlap, in SDMX and our own forms', () => {
    const codes = ['2025-12', '2026-01', '2026-02', '2026-03', '2026-04'];
    const kept = (s?: string, e?: string) =>
      periodsBetween(codes, s, e)?.map((i) => (i.kind === 'code' ? i.code : ''));
    expect(kept('2026', '2026-Q1')).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(kept('2026-02')).toEqual(['2026-02', '2026-03', '2026-04']);
    expect(kept(undefined, '2026-01-15')).toEqual(['2025-12', '2026-01']);
    expect(kept(undefined, undefined)).toBeUndefined();
    for (const bad of ['2026-13', '26', '2026-02-30', 'x'])
      expect(() => kept(bad), bad).toThrow(OpendataInputError);
    expect(() => kept('2026-04', '2026-01')).toThrow(OpendataInputError);
  });

  it('keeps the last N observations of each series', () => {
    const last = lastObservations(cells, 1, ['indicator', 'region', 'period']);
    expect(last.map((c) => `${c.indicator}/${c.region}/${c.period}`).sort()).toEqual([
      'RS/330200/2026Q2',
      'RS/330203/2026Q1',
      'RS_G/330203/2026Q3',
      'XX/330203/2026Q1',
    ]);
  });
});

describe('round trips on random cubes (seeded)', () => {
  it('every published figure comes back from JSON-stat, CSV and SDMX-CSV exactly once, at its codes', () => {
    const rand = mulberry32(20261126);
    const int = (n: number) => Math.floor(rand() * n);
    for (let round = 0; round < 40; round++) {
      const codes = (prefix: string, n: number) =>
        Array.from({ length: n }, (_x, i) => ({
          code: `${prefix}${i}`,
          label: t(`${prefix}${i}`, `${prefix}${i}`),
          parent: null,
        }));
      const m: PublicDatasetMeta = {
        ...meta,
        dimensions: [
          { id: 'indicator', label: t('指标', 'Indicator'), codes: codes('I', 1 + int(3)) },
          { id: 'region', label: t('地区', 'Region'), codes: codes('R', 1 + int(5)) },
          { id: 'period', label: t('时期', 'Period'), codes: codes('P', 1 + int(6)) },
        ],
      };
      const all = selectCube(m, {});
      const published: PublicCell[] = [];
      for (const i of m.dimensions[0].codes)
        for (const r of m.dimensions[1].codes)
          for (const p of m.dimensions[2].codes) {
            if (rand() < 0.3) continue;
            const digits = `${int(10 ** 6)}`.padStart(1 + int(6), '0');
            const value = `${rand() < 0.2 ? '-' : ''}${int(10 ** (1 + int(15)))}.${digits}`;
            const status = (['final', 'revised', 'preliminary'] as const)[int(3)];
            published.push(cell(i.code, r.code, p.code, value, { status }));
          }
      const ds = JSONstat(JSON.parse(jsonStatData(m, all, published, 'en')));
      expect(ds.value.filter((v) => v !== null)).toHaveLength(published.length);
      for (const c of published) {
        expect(ds.Data({ indicator: c.indicator, region: c.region, period: c.period })).toEqual({
          value: Number(c.value),
          status: c.status,
        });
      }
      const csv = readCsv(csvText(flatRows(all, published, 'zh')));
      expect(
        csv
          .slice(1)
          .map((r) => `${r[0]}|${r[2]}|${r[4]}|${r[6]}`)
          .sort(),
      ).toEqual(published.map((c) => `${c.indicator}|${c.region}|${c.period}|${c.value}`).sort());
      const sdmx = readCsv(csvText(sdmxCsvRows(m, all, published, 'zh', 'id')));
      expect(
        sdmx
          .slice(1)
          .map((r) => `${r[1]}|${r[2]}|${r[3]}|${r[4]}`)
          .sort(),
      ).toEqual(published.map((c) => `${c.indicator}|${c.region}|${c.period}|${c.value}`).sort());
    }
  });
});
