import { describe, expect, it } from 'vitest';
import { valueDiff } from './vintage-diff.ts';

describe('valueDiff', () => {
  it('lists changed, added and removed cells in cell order, and nothing else', () => {
    expect(
      valueDiff(
        { 'A01.current': '100', 'A02.current': '90', 'A03.current': '5' },
        { 'A01.current': '120.5', 'A02.current': '90', 'B01.current': '7' },
      ),
    ).toEqual([
      { cell: 'A01.current', before: '100', after: '120.5' },
      { cell: 'A03.current', before: '5', after: null },
      { cell: 'B01.current', before: null, after: '7' },
    ]);
  });

  it('is empty for identical vintages (a report reopened and approved unchanged)', () => {
    expect(valueDiff({ 'A01.current': '1' }, { 'A01.current': '1' })).toEqual([]);
  });
});
