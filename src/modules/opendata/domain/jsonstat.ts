/**
 * JSON-stat 2.0 (https://json-stat.org/format/): the dataset of a cube, with labels in one
 * language, units and decimals on the indicator (the metric role), parent–child links among the
 * selected codes, status per cell and notes. Values are written as the exact decimal text
 * publication holds, so no digit is lost on the way (number-text.ts).
 */
import type { PublicCell, PublicDatasetMeta, Text } from '../ports.ts';
import type { Cube, CubeDimension } from './cube.ts';
import { placeCells } from './cube.ts';
import { jsonNumberLiteral } from './number-text.ts';

export type Lang = 'zh' | 'en';

const pick = (t: Text, lang: Lang) => t[lang] || t.zh;

function dimensionJson(d: CubeDimension, lang: Lang) {
  const index: Record<string, number> = {};
  const label: Record<string, string> = {};
  const selected = new Set(d.codes.map((c) => c.code));
  const child: Record<string, string[]> = {};
  const unit: Record<string, { label: string; decimals?: number }> = {};
  d.codes.forEach((c, i) => {
    index[c.code] = i;
    label[c.code] = pick(c.label, lang);
    if (c.parent && selected.has(c.parent)) child[c.parent] = [...(child[c.parent] ?? []), c.code];
    if (c.unit)
      unit[c.code] = {
        label: pick(c.unit, lang),
        ...(c.decimals === undefined ? {} : { decimals: c.decimals }),
      };
  });
  return {
    label: pick(d.label, lang),
    category: {
      index,
      label,
      ...(Object.keys(child).length ? { child } : {}),
      ...(Object.keys(unit).length ? { unit } : {}),
    },
  };
}

function head(meta: PublicDatasetMeta, cube: Cube, lang: Lang) {
  const ids = cube.dimensions.map((d) => d.id);
  const role: Record<string, string[]> = {};
  if (ids.includes('period')) role.time = ['period'];
  if (ids.includes('region')) role.geo = ['region'];
  if (ids.includes('indicator')) role.metric = ['indicator'];
  return {
    version: '2.0',
    class: 'dataset',
    label: pick(meta.title, lang),
    source: meta.source,
    updated: meta.updatedAt,
    ...(meta.notes.length ? { note: meta.notes.map((n) => pick(n, lang)) } : {}),
    id: ids,
    size: cube.dimensions.map((d) => d.codes.length),
    role,
    dimension: Object.fromEntries(cube.dimensions.map((d) => [d.id, dimensionJson(d, lang)])),
  };
}

/** The table's metadata as a JSON-stat 2.0 dataset without values (PxWeb API v2 `/metadata`). */
export function jsonStatMetadata(meta: PublicDatasetMeta, cube: Cube, lang: Lang): string {
  return JSON.stringify({
    ...head(meta, cube, lang),
    extension: {
      table: meta.code,
      frequency: meta.frequency,
      firstPeriod: meta.firstPeriod,
      lastPeriod: meta.lastPeriod,
    },
  });
}

/**
 * The cube's data as JSON-stat 2.0 text. `value` is dense (null where no figure is published),
 * `status` holds each figure's preliminary/revised/final, cell notes go in `extension.cellNote`
 * (JSON-stat has notes for datasets, dimensions and categories but not for single cells).
 */
export function jsonStatData(meta: PublicDatasetMeta, cube: Cube, cells: PublicCell[], lang: Lang): string {
  const literals: string[] = new Array(cube.size).fill('null');
  const status: Record<string, string> = {};
  const cellNote: Record<string, string> = {};
  for (const { index, cell } of placeCells(cube, cells)) {
    literals[index] = jsonNumberLiteral(cell.value) ?? 'null';
    status[index] = cell.status;
    if (cell.note) cellNote[index] = cell.note;
  }
  const doc = {
    ...head(meta, cube, lang),
    ...(Object.keys(status).length ? { status } : {}),
    extension: { table: meta.code, ...(Object.keys(cellNote).length ? { cellNote } : {}) },
  };
  // The values go in as their exact text: JSON.stringify would pass them through doubles.
  const text = JSON.stringify(doc);
  return `${text.slice(0, -1)},"value":[${literals.join(',')}]}`;
}
