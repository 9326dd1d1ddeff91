import { describe, expect, it } from 'vitest';
import { chartRows, drillPath, formatRate, levelOf, offsetText, parentOf, parseOffsets } from './drill.ts';

describe('the drill-down path', () => {
  it('knows the level and parent of a division code', () => {
    expect(levelOf('330200')).toBe('city');
    expect(levelOf('330203')).toBe('county');
    expect(levelOf('330203001')).toBe('township');
    expect(parentOf('330203001')).toBe('330203');
    expect(parentOf('330203')).toBe('330200');
    expect(parentOf('330200')).toBeNull();
  });

  it('runs from the city down, but never above the viewer’s own area', () => {
    expect(drillPath('330203001', null)).toEqual(['330200', '330203', '330203001']);
    expect(drillPath('330203001', '330200')).toEqual(['330200', '330203', '330203001']);
    expect(drillPath('330203001', '330203')).toEqual(['330203', '330203001']);
    expect(drillPath('330203001', '330203001')).toEqual(['330203001']);
    expect(drillPath('330200', '330200')).toEqual(['330200']);
  });
});

describe('rates and chart figures', () => {
  it('shows a rate as a percentage with one decimal, rounding half away from zero', () => {
    expect(formatRate(0.8333, 'zh-CN')).toBe('83.3%');
    expect(formatRate(0.12345, 'en-US')).toBe('12.3%');
    expect(formatRate(0.00125, 'en-US')).toBe('0.1%');
    expect(formatRate(1, 'en-US')).toBe('100.0%');
    expect(formatRate(null, 'zh-CN')).toBe('—');
  });

  it('gives one value per child for each series', () => {
    const f = (n: number) => ({ expected: n, reported: n - 1, approved: n - 2, onTime: n - 1, late: 0 });
    expect(
      chartRows([
        { code: '330203', name: '海曙区', figures: f(5) },
        { code: '330205', name: '江北区', figures: f(3) },
      ]),
    ).toEqual({
      names: ['海曙区', '江北区'],
      series: { expected: [5, 3], reported: [4, 2], approved: [3, 1], onTime: [4, 2], late: [0, 0] },
    });
  });
});

describe('reminder offsets', () => {
  it('reads them in words', () => {
    expect(offsetText(-3, 'zh-CN')).toBe('截止前 3 天');
    expect(offsetText(0, 'en-US')).toBe('on the deadline');
    expect(offsetText(1, 'en-US')).toBe('1 day after');
  });

  it('parses a typed list, refusing duplicates and out-of-range days', () => {
    expect(parseOffsets('2, -3，0')).toEqual([-3, 0, 2]);
    expect(parseOffsets('-3 -1')).toEqual([-3, -1]);
    expect(parseOffsets('1, 1')).toBeNull();
    expect(parseOffsets('61')).toBeNull();
    expect(parseOffsets('1.5')).toBeNull();
    expect(parseOffsets('')).toBeNull();
  });
});
