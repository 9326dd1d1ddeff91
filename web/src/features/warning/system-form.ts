/**
 * The signal-system form's data, without React: the draft the form holds, the body the API takes,
 * the client-side checks (the contract's own field schemas plus the server's cross-field rules —
 * increasing boundaries, unique keys, a positive weight — so the page says no before the server
 * does), and where a server problem's issue belongs in the form.
 */
import type { z } from 'zod';
import { SystemIndicatorInput, SystemInput } from '../../../../src/modules/warning/contract.ts';
import { boundaryProblems } from '../../../../src/modules/warning/domain/signal.ts';
import type { Transform } from '../../../../src/modules/warning/domain/terms.ts';
import { parseDec } from '../../../../src/platform/decimal.ts';
import type { SystemBody, SystemDetail } from './api.ts';

/** Four boundaries as typed (text, so 100.5 stays 100.5). */
export type Four = [string, string, string, string];

export interface IndicatorDraft {
  key: string;
  indicator: string;
  dims: Record<string, string>;
  transform: Transform;
  seasonallyAdjusted: boolean;
  boundaries: Four;
  weight: string;
}

export interface SystemDraft {
  code: string;
  nameZh: string;
  nameEn: string;
  compositeBoundaries: Four;
  watchFrom: string;
  indicators: IndicatorDraft[];
}

/** The national composite boundaries (16 / 20 / 33 / 40 on the 10…50 scale). */
export const NATIONAL_COMPOSITE: Four = ['16', '20', '33', '40'];

export const emptyIndicator = (): IndicatorDraft => ({
  key: '',
  indicator: '',
  dims: {},
  transform: 'yoy',
  seasonallyAdjusted: false,
  boundaries: ['', '', '', ''],
  weight: '1',
});

export const emptySystem = (): SystemDraft => ({
  code: '',
  nameZh: '',
  nameEn: '',
  compositeBoundaries: [...NATIONAL_COMPOSITE],
  watchFrom: '',
  indicators: [emptyIndicator()],
});

const four = (a: readonly string[]): Four => [a[0] ?? '', a[1] ?? '', a[2] ?? '', a[3] ?? ''];

export function draftFromSystem(s: SystemDetail): SystemDraft {
  return {
    code: s.code,
    nameZh: s.name.zh,
    nameEn: s.name.en,
    compositeBoundaries: four(s.compositeBoundaries),
    watchFrom: s.watchFrom,
    indicators: s.indicators.map((i) => ({
      key: i.key,
      indicator: i.indicator,
      dims: { ...i.dims },
      transform: i.transform,
      seasonallyAdjusted: i.seasonallyAdjusted,
      boundaries: four(i.boundaries),
      weight: i.weight,
    })),
  };
}

export function bodyFromDraft(d: SystemDraft, version?: number): SystemBody {
  return {
    code: d.code.trim(),
    name: { zh: d.nameZh.trim(), en: d.nameEn.trim() },
    compositeBoundaries: d.compositeBoundaries.map((b) => b.trim()),
    watchFrom: d.watchFrom.trim() || undefined,
    indicators: d.indicators.map((i) => ({
      key: i.key.trim(),
      indicator: i.indicator,
      dims: i.dims,
      transform: i.transform,
      seasonallyAdjusted: i.seasonallyAdjusted,
      boundaries: i.boundaries.map((b) => b.trim()),
      weight: i.weight.trim(),
    })),
    version,
  };
}

/** Message keys of the client-side checks (under `warning.systems.check.`). */
export type Check =
  | 'required'
  | 'code'
  | 'key'
  | 'keyTwice'
  | 'keyReserved'
  | 'decimal'
  | 'increasing'
  | 'weight'
  | 'period'
  | 'saAnnual';

const ok = (schema: z.ZodType, v: unknown) => schema.safeParse(v).success;
const S = SystemInput.shape;
const I = SystemIndicatorInput.shape;

export const checkCode = (v: string): Check | null =>
  !v.trim() ? 'required' : ok(S.code, v.trim()) ? null : 'code';

export const checkWatchFrom = (v: string): Check | null =>
  !v.trim() || ok(S.watchFrom, v.trim()) ? null : 'period';

export const checkWeight = (v: string): Check | null => {
  if (!ok(I.weight, v.trim())) return 'decimal';
  const w = parseDec(v.trim());
  return w && w.c > 0n ? null : 'weight';
};

/** Four boundaries: each a decimal the contract takes, strictly increasing (domain/signal.ts). */
export function checkBoundaries(b: readonly string[]): Check | null {
  const texts = b.map((x) => (x ?? '').trim());
  if (texts.some((x) => !x)) return 'required';
  if (texts.some((x) => !ok(I.boundaries.element, x))) return 'decimal';
  return boundaryProblems(texts).length ? 'increasing' : null;
}

/** An indicator key: the contract's code shape, not `composite`, once in the system. */
export function checkKey(key: string, all: readonly string[]): Check | null {
  const k = key.trim();
  if (!k) return 'required';
  if (!ok(I.key, k)) return 'key';
  if (k === 'composite') return 'keyReserved';
  return all.filter((x) => x.trim() === k).length > 1 ? 'keyTwice' : null;
}

/**
 * Where an issue of a server problem belongs in the form, as the form's field name: 400s name
 * `body.indicators.0.boundaries.2`, the service's 422 `indicators[0].boundaries` (or just
 * `indicators[0]` when statdb rejected the series: the indicator field; `indicators`, the list).
 * Null: no one field.
 */
export function fieldOfIssue(path: string): (string | number)[] | null {
  const parts = path
    .replace(/^body\.?/, '')
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter(Boolean)
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  const [head, i, field] = parts;
  if (head === 'code' || head === 'watchFrom' || head === 'compositeBoundaries') return [head];
  if (head === 'indicators' && i === undefined) return ['indicators'];
  if (head === 'name') return [parts[1] === 'en' ? 'nameEn' : 'nameZh'];
  if (head === 'indicators' && typeof i === 'number') {
    if (field === undefined) return ['indicators', i, 'indicator'];
    if (field === 'dims')
      return parts[3] ? ['indicators', i, 'dims', parts[3]] : ['indicators', i, 'indicator'];
    return ['indicators', i, field];
  }
  return null;
}
