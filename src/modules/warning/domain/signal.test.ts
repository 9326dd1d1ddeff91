import { describe, expect, it } from 'vitest';
import { decToText, parseDec } from '../../../platform/decimal.ts';
import { boardPeriods, computeBoard } from './board.ts';
import {
  boundaryProblems,
  composite,
  type IndicatorLight,
  type Light,
  lightOf,
  parseBoundaries,
  scoreOf,
} from './signal.ts';

const d = (t: string) => parseDec(t)!;
// 规上工业增加值 同比 boundaries as many provincial systems use them: 2 / 5 / 10 / 13 (%).
const B = parseBoundaries(['2', '5', '10', '13']);
const NATIONAL = parseBoundaries(['16', '20', '33', '40']);

describe('an indicator’s light', () => {
  it.each([
    ['-3.5', 'overcold'],
    ['1.9', 'overcold'],
    ['2', 'cold'], // on the 过冷|偏冷 line: the side nearer 正常
    ['4.9', 'cold'],
    ['5', 'normal'],
    ['7.5', 'normal'],
    ['10', 'normal'],
    ['10.1', 'warm'],
    ['13', 'warm'],
    ['13.01', 'overheated'],
  ])('%s%% is %s', (v, light) => {
    expect(lightOf(d(v), B)).toBe(light);
  });

  it('scores 过冷 1 … 过热 5', () => {
    expect((['overcold', 'cold', 'normal', 'warm', 'overheated'] as Light[]).map(scoreOf)).toEqual([
      1, 2, 3, 4, 5,
    ]);
  });

  it('refuses boundaries that are not four increasing decimals', () => {
    expect(boundaryProblems(['1', '2', '3', '4'])).toEqual([]);
    expect(boundaryProblems(['1', '2', '3'])).toEqual(['count']);
    expect(boundaryProblems(['1', 'x', '3', '4'])).toEqual(['not_decimal']);
    expect(boundaryProblems(['1', '2', '2', '4'])).toEqual(['not_increasing']);
    expect(boundaryProblems(['4', '3', '2', '1'])).toEqual(['not_increasing']);
  });
});

const item = (key: string, light: Light | null, weight = '1'): IndicatorLight => ({
  key,
  weight: d(weight),
  light,
});

describe('the composite index', () => {
  it('equals the national sum of scores for ten equally weighted indicators', () => {
    // 2×过冷 + 1×偏冷 + 4×正常 + 2×偏热 + 1×过热 = 2 + 2 + 12 + 8 + 5 = 29 → 正常 (20 ≤ 29 ≤ 33).
    const lights: Light[] = [
      'overcold',
      'overcold',
      'cold',
      'normal',
      'normal',
      'normal',
      'normal',
      'warm',
      'warm',
      'overheated',
    ];
    const c = composite(
      lights.map((l, i) => item(`i${i}`, l)),
      NATIONAL,
    );
    expect(decToText(c.index!)).toBe('29');
    expect(c.light).toBe('normal');
    expect(c.partial).toBe(false);
    expect(c.missing).toEqual([]);
  });

  it('scales six weighted indicators to the 10…50 range', () => {
    // Weights 2,1,1,1,1,2 (sum 8); scores 5,4,4,3,3,5: Σws = 10+4+4+3+3+10 = 34; 34×10/8 = 42.5 → 过热 (> 40).
    const c = composite(
      [
        item('a', 'overheated', '2'),
        item('b', 'warm'),
        item('c', 'warm'),
        item('d', 'normal'),
        item('e', 'normal'),
        item('f', 'overheated', '2'),
      ],
      NATIONAL,
    );
    expect(decToText(c.index!)).toBe('42.5');
    expect(c.light).toBe('overheated');
  });

  it('rounds half away from zero to one digit', () => {
    // Scores 3,3,4 equally weighted: 10 × 10/3 = 33.333… → 33.3, just above 33 → 偏热.
    const c = composite([item('a', 'normal'), item('b', 'normal'), item('c', 'warm')], NATIONAL);
    expect(decToText(c.index!)).toBe('33.3');
    expect(c.light).toBe('warm');
    // Scores 1,2,2 with weights 1,1,1: 50/3 = 16.666… → 16.7 → 偏冷 (16 < 16.7 < 20).
    const cool = composite([item('a', 'overcold'), item('b', 'cold'), item('c', 'cold')], NATIONAL);
    expect(decToText(cool.index!)).toBe('16.7');
    expect(cool.light).toBe('cold');
  });

  it('rescales over the indicators with a value and flags the period', () => {
    // Four indicators, one missing: scores 5,5,4 → 14 × 10 / 3 = 46.7, partial.
    const c = composite(
      [item('a', 'overheated'), item('b', null), item('c', 'overheated'), item('d', 'warm')],
      NATIONAL,
    );
    expect(decToText(c.index!)).toBe('46.7');
    expect(c.light).toBe('overheated');
    expect(c.partial).toBe(true);
    expect(c.missing).toEqual(['b']);
    expect(decToText(c.coverage)).toBe('0.75');
  });

  it('gives no composite when less than half the weight has a value', () => {
    const c = composite([item('a', 'normal', '1'), item('b', null, '2'), item('c', null, '1')], NATIONAL);
    expect(c.index).toBeNull();
    expect(c.light).toBeNull();
    expect(c.missing).toEqual(['b', 'c']);
    // Exactly half is enough.
    const half = composite([item('a', 'normal', '2'), item('b', null, '2')], NATIONAL);
    expect(decToText(half.index!)).toBe('30');
    expect(composite([item('a', null)], NATIONAL).index).toBeNull();
  });
});

describe('the board', () => {
  const series = (entries: [string, string | null][]) =>
    new Map(entries.map(([p, v]) => [p, v === null ? null : d(v)]));
  const values = new Map([
    [
      'ind',
      series([
        ['2026-07', '9.5'],
        ['2026-08', '11'],
        ['2026-09', '14'],
        ['2026-10', null],
      ]),
    ],
    [
      'cpi',
      series([
        ['2026-07', '101.2'],
        ['2026-08', '102.1'],
        ['2026-09', '103.6'],
      ]),
    ],
  ]);

  it('ends at the latest period with any value and keeps the last N', () => {
    expect(boardPeriods(values, 2)).toEqual(['2026-08', '2026-09']);
    expect(boardPeriods(values, 24)).toEqual(['2026-07', '2026-08', '2026-09']);
    expect(boardPeriods(new Map(), 12)).toEqual([]);
  });

  it('lights each cell and computes the composite per period', () => {
    const board = computeBoard(
      [
        { key: 'ind', boundaries: B, weight: d('1') },
        { key: 'cpi', boundaries: parseBoundaries(['99', '100.5', '102.5', '103.5']), weight: d('1') },
      ],
      NATIONAL,
      values,
      ['2026-07', '2026-09', '2026-10'],
    );
    expect(board.map((p) => p.cells.map((c) => c.light))).toEqual([
      ['normal', 'normal'],
      ['overheated', 'overheated'],
      [null, null],
    ]);
    expect(board.map((p) => (p.composite.index ? decToText(p.composite.index) : null))).toEqual([
      '30',
      '50',
      null,
    ]);
    expect(board[1].composite.light).toBe('overheated');
  });
});
