import { describe, expect, it } from 'vitest';
import {
  type CurrentCell,
  cellKey,
  cellsOf,
  minuteProblem,
  planStaging,
  type StagedCell,
} from './staging.ts';

const defaults = { region: '330200', industry: 'total', size: 'total', regtype: 'total' };
const obs = (dims: Record<string, string>, value: string | null, period = '2026-09') => ({
  indicator: 'retail_sales',
  dims,
  period,
  value,
  status: 'final' as const,
  note: null,
});

describe('cellsOf', () => {
  it('takes dataset dimensions from the observation and fixes the others at their default', () => {
    const cells = cellsOf(
      [
        obs({ region: '330203', industry: 'total' }, '1.5'),
        obs({ region: '330203', industry: 'C' }, '0.7'),
        obs({ region: '330205', industry: 'total' }, null),
      ],
      ['region'],
      defaults,
      {},
    );
    expect(cells).toEqual([expect.objectContaining({ region: '330203', industry: 'total', value: '1.5' })]);
  });

  it('narrows to the selected codes', () => {
    const cells = cellsOf(
      [
        obs({ region: '330203' }, '1'),
        obs({ region: '330205' }, '2'),
        obs({ region: '330203' }, '3', '2026-10'),
      ],
      ['region'],
      defaults,
      { region: ['330205'] },
    );
    expect(cells.map((c) => c.value)).toEqual(['2']);
  });
});

describe('planStaging', () => {
  const cell = (value: string, status: StagedCell['status'] = 'final'): StagedCell => ({
    indicator: 'gdp',
    ...defaults,
    period: '2026Q3',
    value,
    status,
    note: null,
  });
  const current = (c: StagedCell): Map<string, CurrentCell> => new Map([[cellKey(c), { ...c, id: 1 }]]);

  it('tells added, revised, restated and unchanged apart, comparing decimals exactly', () => {
    expect(planStaging([cell('1.50')], new Map()).added).toHaveLength(1);
    expect(planStaging([cell('1.50')], current(cell('1.5'))).unchanged).toBe(1);
    expect(planStaging([cell('1.51')], current(cell('1.5'))).revised).toHaveLength(1);
    const restated = planStaging([cell('1.5', 'final')], current(cell('1.5', 'preliminary')));
    expect([restated.restated.length, restated.revised.length]).toEqual([1, 0]);
    // A revision note on the public row is not undone by statdb's value having no note.
    const noted = current({ ...cell('1.5'), note: '依据年报修订' });
    expect(planStaging([cell('1.5')], noted).unchanged).toBe(1);
    expect(planStaging([{ ...cell('1.5'), note: '快报' }], noted).restated).toHaveLength(1);
  });
});

describe('minuteProblem', () => {
  const now = new Date('2026-11-26T02:00:00Z');
  it('wants a whole minute after now', () => {
    expect(minuteProblem(new Date('2026-11-27T01:30:00Z'), now)).toBeNull();
    expect(minuteProblem(new Date('2026-11-27T01:30:05Z'), now)).toBe('not_minute');
    expect(minuteProblem(new Date('2026-11-26T02:00:00Z'), now)).toBe('past');
    expect(minuteProblem(new Date('2026-11-25T02:00:00Z'), now)).toBe('past');
  });
});
