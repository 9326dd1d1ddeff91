/**
 * A cube: the codes a request selects on every dimension of a dataset, in the dataset's order.
 * Its size is known before any value is read, so the cell limit is checked first; the cells that
 * come back are placed by their codes into the cube's row-major order (JSON-stat's `value`).
 */
import type {
  PublicCell,
  PublicCode,
  PublicDatasetMeta,
  PublicDimensionId,
  PublicSelection,
  Text,
} from '../ports.ts';
import { OpendataInputError } from './errors.ts';
import { cellCount, resolveSelection, type SelectionItem } from './selection.ts';

/** Most cells one answer may hold (PxWeb calls it maxDataCells); counted before reading values. */
export const MAX_CELLS = 100_000;

export interface CubeDimension {
  id: PublicDimensionId;
  label: Text;
  /** The selected codes, in display order. */
  codes: PublicCode[];
  /** Whether every code of the dimension is selected (then publication is asked for all). */
  whole: boolean;
}

export interface Cube {
  dimensions: CubeDimension[];
  size: number;
}

/** Matches a requested dimension name to the dataset's (ids are compared ignoring case). */
function dimensionOf(meta: PublicDatasetMeta, name: string) {
  const d =
    meta.dimensions.find((x) => x.id === name) ?? meta.dimensions.find((x) => x.id === name.toLowerCase());
  if (!d) {
    throw new OpendataInputError('unknown_dimension', {
      dimension: name,
      known: meta.dimensions.map((x) => x.id).join(', '),
    });
  }
  return d;
}

/** Resolves a request's selection (absent dimensions: all codes) into a cube of the dataset. */
export function selectCube(meta: PublicDatasetMeta, requested: Record<string, SelectionItem[]>): Cube {
  const chosen = new Map<PublicDimensionId, SelectionItem[]>();
  for (const [name, items] of Object.entries(requested)) chosen.set(dimensionOf(meta, name).id, items);
  const dimensions = meta.dimensions.map((d): CubeDimension => {
    const items = chosen.get(d.id);
    if (!items) return { id: d.id, label: d.label, codes: d.codes, whole: true };
    const all = d.codes.map((c) => c.code);
    const picked = new Set(resolveSelection(d.id, items, all, d.id === 'period'));
    const codes = d.codes.filter((c) => picked.has(c.code));
    return { id: d.id, label: d.label, codes, whole: codes.length === d.codes.length };
  });
  return { dimensions, size: cellCount(dimensions.map((d) => d.codes.map((c) => c.code))) };
}

/** What publication is asked for: explicit codes only where the cube is not the whole dimension. */
export function publicSelection(cube: Cube): PublicSelection {
  const sel: PublicSelection = {};
  for (const d of cube.dimensions) if (!d.whole) sel[d.id] = d.codes.map((c) => c.code);
  return sel;
}

/**
 * Each cell's index in the cube's row-major order (the last dimension varies fastest); cells
 * outside the cube (publication answered more than asked) are left out.
 */
export function placeCells(cube: Cube, cells: PublicCell[]): { index: number; cell: PublicCell }[] {
  const positions = cube.dimensions.map((d) => new Map(d.codes.map((c, i) => [c.code, i])));
  const strides: number[] = [];
  let stride = 1;
  for (let i = cube.dimensions.length - 1; i >= 0; i--) {
    strides[i] = stride;
    stride *= cube.dimensions[i].codes.length;
  }
  const out: { index: number; cell: PublicCell }[] = [];
  for (const cell of cells) {
    let index = 0;
    let inside = true;
    for (let i = 0; i < cube.dimensions.length; i++) {
      const p = positions[i].get(cell[cube.dimensions[i].id]);
      if (p === undefined) {
        inside = false;
        break;
      }
      index += p * strides[i];
    }
    if (inside) out.push({ index, cell });
  }
  return out.sort((a, b) => a.index - b.index);
}
