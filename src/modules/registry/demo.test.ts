import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { generateDemoUnits } from './demo.ts';
import { checkCreditCode } from './domain/credit-code.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('demo register', () => {
  it('is deterministic, valid and spread over the townships, mostly manufacturing and small', async () => {
    const refs = await t.modules.registry.api.service.refs.get();
    const a = generateDemoUnits(refs, 2000);
    expect(generateDemoUnits(refs, 2000)).toEqual(a);
    expect(new Set(a.map((u) => u.credit_code)).size).toBe(2000);
    for (const u of a) {
      expect(checkCreditCode(u.credit_code).ok).toBe(true);
      expect(refs.divisions.get(u.township_code)?.parentCode).toBe(u.county_code);
      expect(refs.industries.get(u.industry_code)?.level).toBe('class');
    }
    expect(a.some((u) => u.township_code === '330203001' && u.status === 'active')).toBe(true);
    expect(new Set(a.map((u) => u.township_code)).size).toBeGreaterThan(140);
    const share = (p: (u: (typeof a)[number]) => boolean) => a.filter(p).length / a.length;
    expect(share((u) => u.section_code === 'C')).toBeGreaterThan(0.4);
    expect(share((u) => u.size_class === 'micro' || u.size_class === 'small')).toBeGreaterThan(0.7);
    expect(share((u) => u.size_class === 'large')).toBeGreaterThan(0);
    // More units per township in Beilun (manufacturing) than in Xiangshan.
    const perTownship = (county: string) =>
      a.filter((u) => u.county_code === county).length /
      [...refs.divisions.values()].filter((d) => d.parentCode === county).length;
    expect(perTownship('330206')).toBeGreaterThan(perTownship('330225'));
  });

  it('seeds units that the demo enterprise account can be bound to', async () => {
    await t.seedDemo(300);
    const first = await t.modules.registry.api.directory.firstUnitIn('330203001');
    expect(first).toBeTruthy();
    const qiye = await t.signIn('qiye', 'Demo@2026tj');
    const list = (await qiye.get('/api/registry/units')).json();
    expect(list.items.map((u: any) => u.id)).toEqual([first!.id]);
    const haishu = await t.signIn('haishu', 'Demo@2026tj');
    const page = (await haishu.get('/api/registry/units?pageSize=200')).json();
    expect(page.total).toBeGreaterThan(0);
    expect(page.items.every((u: any) => u.countyCode === '330203')).toBe(true);
  });
});
