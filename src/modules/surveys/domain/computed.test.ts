import { describe, expect, it } from 'vitest';
import { sampleDefinition } from '../test-fixtures.ts';
import { checkDefinition } from './check-definition.ts';
import { evaluateCells } from './computed.ts';
import type { FormModel } from './model.ts';

function modelOf(patch?: (d: any) => void): FormModel {
  const r = checkDefinition(sampleDefinition(patch));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.model;
}

describe('computed cells', () => {
  const model = modelOf();

  it('orders cells after what they depend on', () => {
    const pos = (ref: string) => model.order.indexOf(ref);
    expect(pos('A04.current')).toBeGreaterThan(pos('A02.current'));
    expect(pos('A04.current')).toBeGreaterThan(pos('A03.current'));
    expect(pos('A04.ytd')).toBeGreaterThan(pos('A04.current'));
  });

  it('sums exactly and rounds to the indicator decimals', () => {
    const v = evaluateCells(model, { 'A02.current': '0.1', 'A03.current': '0.2' }, { firstOfYear: true });
    expect(v['A04.current']).toBe('0.3');
    const w = evaluateCells(
      model,
      { 'A02.current': '1000000000000.15', 'A03.current': '0.1' },
      { firstOfYear: true },
    );
    expect(w['A04.current']).toBe('1000000000000.3');
  });

  it('treats blanks as zero in sums but keeps an all-blank total blank', () => {
    expect(evaluateCells(model, { 'A02.current': '5' }, { firstOfYear: true })['A04.current']).toBe('5');
    expect(evaluateCells(model, {}, { firstOfYear: true })['A04.current']).toBeNull();
  });

  it('year to date restarts in the first period and accumulates after', () => {
    const jan = evaluateCells(model, { 'A01.current': '100.5' }, { firstOfYear: true });
    expect(jan['A01.ytd']).toBe('100.5');
    const feb = evaluateCells(model, { 'A01.current': '20' }, { firstOfYear: false, previous: jan });
    expect(feb['A01.ytd']).toBe('120.5');
    // A blank this month adds nothing; a previous period never reported leaves it blank.
    expect(evaluateCells(model, {}, { firstOfYear: false, previous: feb })['A01.ytd']).toBe('120.5');
    expect(
      evaluateCells(model, { 'A01.current': '1' }, { firstOfYear: false, previous: null })['A01.ytd'],
    ).toBeNull();
  });

  it('accumulates computed totals through the year', () => {
    let prev: Record<string, string | null> | null = null;
    for (let m = 1; m <= 12; m++) {
      prev = evaluateCells(
        model,
        { 'A02.current': '0.1', 'A03.current': '0.2' },
        { firstOfYear: m === 1, previous: prev },
      );
    }
    expect(prev!['A04.ytd']).toBe('3.6');
  });

  it('carries last year’s values into their column', () => {
    const v = evaluateCells(
      model,
      { 'A01.current': '9' },
      { firstOfYear: true, lastYear: { 'A01.current': '7.5' } },
    );
    expect(v['A01.same_period_last_year']).toBe('7.5');
    expect(v['A02.same_period_last_year']).toBeNull();
  });

  it('ratios: blank on a zero divisor, rounded half away from zero', () => {
    const m = modelOf((d) => {
      d.computed.push({ cell: 'A01.current', formula: 'A02.current / A03.current * 100' });
    });
    expect(
      evaluateCells(m, { 'A02.current': '2', 'A03.current': '3' }, { firstOfYear: true })['A01.current'],
    ).toBe('66.7');
    expect(
      evaluateCells(m, { 'A02.current': '1', 'A03.current': '8' }, { firstOfYear: true })['A01.current'],
    ).toBe('12.5');
    expect(
      evaluateCells(m, { 'A02.current': '2', 'A03.current': '0' }, { firstOfYear: true })['A01.current'],
    ).toBeNull();
    expect(evaluateCells(m, { 'A03.current': '4' }, { firstOfYear: true })['A01.current']).toBeNull();
  });

  it('integers round to whole numbers; sum() and negation work', () => {
    const m = modelOf((d) => {
      d.computed = [{ cell: 'N01.current', formula: 'sum(A01.current, -A02.current, 0.5)' }];
    });
    expect(
      evaluateCells(m, { 'A01.current': '10', 'A02.current': '3' }, { firstOfYear: true })['N01.current'],
    ).toBe('8');
  });

  it('a computed cell overrides its column source (ratio of year-to-date sums)', () => {
    const m = modelOf((d) => {
      d.computed.push({ cell: 'A01.ytd', formula: 'A02.ytd + A03.ytd' });
    });
    const v = evaluateCells(m, { 'A02.current': '1', 'A03.current': '2' }, { firstOfYear: true });
    expect(v['A01.ytd']).toBe('3');
  });

  it('entered values are canonicalised; text and codes pass through', () => {
    const v = evaluateCells(
      model,
      { 'A01.current': '12.50', 'P1.current': '3601010000', 'R01.current': '说明' },
      { firstOfYear: true },
    );
    expect(v['A01.current']).toBe('12.5');
    expect(v['P1.current']).toBe('3601010000');
    expect(v['R01.current']).toBe('说明');
  });

  it('totals equal the sum of parts for random values (property)', () => {
    let seed = 7;
    const rand = () => {
      seed = (seed * 48271) % 2147483647;
      return seed;
    };
    for (let i = 0; i < 300; i++) {
      const a = `${rand() % 1_000_000}.${rand() % 10}`;
      const b = `${rand() % 1_000_000}.${rand() % 10}`;
      const v = evaluateCells(model, { 'A02.current': a, 'A03.current': b }, { firstOfYear: true });
      const [ai, af] = a.split('.').map(Number);
      const [bi, bf] = b.split('.').map(Number);
      const tenths = (ai + bi) * 10 + af + bf;
      expect(v['A04.current']).toBe(`${Math.floor(tenths / 10)}${tenths % 10 ? `.${tenths % 10}` : ''}`);
    }
  });
});
