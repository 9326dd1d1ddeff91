import { describe, expect, it } from 'vitest';
import type { PublicDimension } from '../ports.ts';
import { cellCount, parseEmbedSelection, resolveExpression } from './selection.ts';

const periods = ['2025-01', '2025-02', '2025-03', '2025-04', '2025-05'];
const dim = (id: PublicDimension['id'], codes: string[]): PublicDimension => ({
  id,
  label: { zh: id, en: id },
  codes: codes.map((code) => ({ code, label: { zh: code, en: code }, parent: null })),
});

describe('embed selections', () => {
  it('resolves every expression form against the codes in order', () => {
    expect(resolveExpression('*', periods)).toEqual(periods);
    expect(resolveExpression('top(2)', periods)).toEqual(['2025-04', '2025-05']);
    expect(resolveExpression('bottom(2)', periods)).toEqual(['2025-01', '2025-02']);
    expect(resolveExpression('from(2025-04)', periods)).toEqual(['2025-04', '2025-05']);
    expect(resolveExpression('to(2025-02)', periods)).toEqual(['2025-01', '2025-02']);
    expect(resolveExpression('range(2025-02,2025-03)', periods)).toEqual(['2025-02', '2025-03']);
    expect(resolveExpression('2025-03, 2025-01, 1999-01', periods)).toEqual(['2025-01', '2025-03']);
    expect(resolveExpression('top(x)', periods)).toEqual([]);
    expect(resolveExpression('range(2025-03,2025-01)', periods)).toEqual([]);
  });

  it('parses data-selection, defaulting absent dimensions to the first code and 12 periods', () => {
    const dims = [
      dim('indicator', ['gdp', 'retail']),
      dim('region', ['330200', '330203']),
      dim('period', periods),
    ];
    const sel = parseEmbedSelection('indicator=retail;period=top(3);bogus=1', dims);
    expect(sel).toEqual({
      indicator: ['retail'],
      region: ['330200'],
      period: ['2025-03', '2025-04', '2025-05'],
    });
    expect(cellCount(sel)).toBe(3);
  });
});
