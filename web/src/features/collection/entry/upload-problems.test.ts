import { describe, expect, it } from 'vitest';
import { uploadProblems } from './upload-problems.ts';

describe('uploadProblems', () => {
  it('reads each problem with its sheet cell, form cell and bilingual message', () => {
    const message = { 'zh-CN': 'A01.current 不是数值', 'en-US': 'A01.current is not a number' };
    expect(
      uploadProblems({ problems: [{ sheet: 'B204-1', sheetCell: 'D7', cell: 'A01.current', message }] }),
    ).toEqual([{ sheetCell: 'B204-1!D7', cell: 'A01.current', message }]);
  });

  it('accepts the other list names and address fields a problem may use', () => {
    expect(uploadProblems({ cells: [{ address: 'Sheet1!E9', ref: 'A02.current', message: 'bad' }] })).toEqual(
      [{ sheetCell: 'Sheet1!E9', cell: 'A02.current', message: 'bad' }],
    );
    expect(uploadProblems({ issues: [{ path: 'A03.current', message: 'x' }] })[0].cell).toBe('A03.current');
  });

  it('is empty for details without a list', () => {
    expect(uploadProblems(undefined)).toEqual([]);
    expect(uploadProblems({ count: 3 })).toEqual([]);
    expect(uploadProblems({ problems: [null, 'x'] })).toEqual([]);
  });
});
