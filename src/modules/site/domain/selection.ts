/**
 * Selections of a dataset's codes, as article embeds write them
 * (`data-selection="indicator=a,b;region=330200;period=top(12)"`) and as the data page's form
 * sends them. Pure: resolved against the dimension codes publication says are visible.
 */
import type { DimensionId, PublicDimension, PublicSelection } from '../ports.ts';

const DIMENSIONS: readonly DimensionId[] = ['indicator', 'region', 'industry', 'size', 'regtype', 'period'];

export const isDimension = (id: string): id is DimensionId => (DIMENSIONS as readonly string[]).includes(id);

/**
 * Resolves one dimension's expression against its codes (in display order): `*`, a list `a,b`,
 * `top(N)` (the last N: periods are in time order), `bottom(N)`, `from(x)`, `to(x)`, `range(a,b)`.
 * Codes that do not exist are dropped.
 */
export function resolveExpression(expr: string, codes: readonly string[]): string[] {
  const e = expr.trim();
  if (e === '' || e === '*') return [...codes];
  const fn = /^(top|bottom|from|to|range)\(([^)]*)\)$/i.exec(e);
  if (fn) {
    const [name, rawArgs] = [fn[1].toLowerCase(), fn[2]];
    const args = rawArgs.split(',').map((a) => a.trim());
    const n = Number.parseInt(args[0], 10);
    const index = (code: string) => codes.indexOf(code);
    switch (name) {
      case 'top':
        return Number.isFinite(n) && n > 0 ? codes.slice(-n) : [];
      case 'bottom':
        return Number.isFinite(n) && n > 0 ? codes.slice(0, n) : [];
      case 'from':
        return index(args[0]) >= 0 ? codes.slice(index(args[0])) : [];
      case 'to':
        return index(args[0]) >= 0 ? codes.slice(0, index(args[0]) + 1) : [];
      case 'range': {
        const [a, b] = [index(args[0]), index(args[1] ?? '')];
        return a >= 0 && b >= a ? codes.slice(a, b + 1) : [];
      }
    }
  }
  const wanted = new Set(e.split(',').map((c) => c.trim()));
  return codes.filter((c) => wanted.has(c));
}

/** Parses `dim=expr;dim=expr` into a selection over the dimensions (unknown dimensions ignored). */
export function parseEmbedSelection(spec: string, dimensions: readonly PublicDimension[]): PublicSelection {
  const exprs = new Map<string, string>();
  for (const part of spec.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) exprs.set(part.slice(0, eq).trim(), part.slice(eq + 1));
  }
  return defaultSelection(dimensions, exprs);
}

/**
 * A complete selection: each dimension's expression resolved, or — when it has none — the first
 * code (the total: publication lists codes in display order, totals first), and the last 12
 * periods.
 */
export function defaultSelection(
  dimensions: readonly PublicDimension[],
  exprs: ReadonlyMap<string, string>,
): PublicSelection {
  const out: PublicSelection = {};
  for (const d of dimensions) {
    const codes = d.codes.map((c) => c.code);
    const expr = exprs.get(d.id);
    out[d.id] =
      expr !== undefined
        ? resolveExpression(expr, codes)
        : d.id === 'period'
          ? codes.slice(-12)
          : codes.slice(0, 1);
  }
  return out;
}

/** The number of cells a selection asks for. */
export const cellCount = (sel: PublicSelection) =>
  Object.values(sel).reduce((n, codes) => n * Math.max(1, codes?.length ?? 0), 1);
