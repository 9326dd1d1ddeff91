/**
 * Early warning against the real statistical database and monitoring: series published through
 * statdb's api (the path aggregation takes), lights and composite checked against hand-worked
 * figures, alerts fired once per period and notified to subscribers only, every bad input
 * refused with all its problems and nothing written, roles.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Client, type TestApp } from '../../../test/support/test-app.ts';
import { generateCreditCode } from '../registry/domain/credit-code.ts';
import { mulberry32 } from '../registry/domain/prng.ts';
import type { IndicatorDefinition } from '../statdb/index.ts';

const indicator = (code: string, name: string, kind: 'flow' | 'index'): IndicatorDefinition => ({
  code,
  name: { zh: name, en: code },
  unit:
    kind === 'flow'
      ? { zh: '亿元', en: '100 million yuan' }
      : { zh: '上年同月=100', en: 'same month last year = 100' },
  definition: { zh: name, en: code },
  source: '测试',
  frequency: 'M',
  kind,
  decimals: 1,
  footnotes: [],
  dimensions: ['region'],
});

let t: TestApp;
let designer: Client;
let city: Client;
let county: Client; // 海曙区 330203
let enterprise: Client;
let systemId: string;
let ruleId: string;

const months = (year: number, through = 12) =>
  Array.from({ length: through }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);

async function publish(
  observations: { indicator: string; period: string; value: string; region?: string }[],
) {
  await t.modules.statdb.api.publish(t.database.db, {
    source: 'warning test',
    by: 'test',
    observations: observations.map((o) => ({
      indicator: o.indicator,
      dims: { region: o.region ?? '330200' },
      period: o.period,
      value: o.value,
      status: 'preliminary' as const,
    })),
  });
  // The change event queued an evaluation; wait for it.
  await t.modules.warning.api.settled();
}

const SYSTEM = {
  code: 'test-macro',
  name: { zh: '测试景气信号系统', en: 'Test signal system' },
  compositeBoundaries: ['16', '20', '33', '40'],
  indicators: [
    {
      key: 'industry',
      indicator: 'W_IND',
      dims: { region: '330200' },
      transform: 'yoy',
      boundaries: ['0', '4', '10', '14'],
      weight: '2',
    },
    {
      key: 'cpi',
      indicator: 'W_CPI',
      dims: { region: '330200' },
      transform: 'level',
      boundaries: ['99', '100.5', '102.5', '103.5'],
      weight: '1',
    },
  ],
};

const notifications = async (c: Client) => {
  const res = await c.get('/api/monitoring/notifications?pageSize=200');
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().items as { kind: string; text: { zh: string; en: string }; period: string }[]).filter(
    (n) => n.kind === 'warning',
  );
};

const count = async (table: string) =>
  Number(
    (
      await t.database.db
        .selectFrom(table as any)
        .select(({ fn }) => fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

beforeAll(async () => {
  t = await buildTestApp();
  await t.modules.statdb.api.defineIndicators(
    t.database.db,
    [indicator('W_IND', '规上工业增加值', 'flow'), indicator('W_CPI', '居民消费价格指数', 'index')],
    'test',
  );
  // 2025: 100 every month; 2026 to September: 106 (同比 6%, 正常). CPI 102 throughout (正常).
  await publish([
    ...months(2025).map((period) => ({ indicator: 'W_IND', period, value: '100' })),
    ...months(2026, 9).map((period) => ({ indicator: 'W_IND', period, value: '106' })),
    ...[...months(2025), ...months(2026, 9)].map((period) => ({ indicator: 'W_CPI', period, value: '102' })),
    ...months(2025).map((period) => ({ indicator: 'W_IND', period, value: '50', region: '330203' })),
  ]);
  designer = await t.as('designer');
  city = await t.as('city_statistician');
  county = await t.as('county_statistician');
  const admin = await t.as('admin');
  const unit = await admin.post('/api/registry/units', {
    creditCode: generateCreditCode(mulberry32(7), { division: '330203' }),
    name: '宁波预警测试有限公司',
    townshipCode: '330203001',
    industryCode: '3411',
    registrationType: '173',
    employees: 10,
    revenueThousandYuan: 1000,
  });
  expect(unit.statusCode, unit.body).toBe(201);
  enterprise = await t.as('enterprise', { unitId: unit.json().id });
});
afterAll(async () => t?.close());

describe('signal systems', () => {
  it('refuses bad input listing every problem, writing nothing', async () => {
    const events = await count('audit.events');
    const res = await designer.post('/api/warning/systems', {
      ...SYSTEM,
      compositeBoundaries: ['16', '33', '20', '40'],
      indicators: [
        { ...SYSTEM.indicators[0], indicator: 'NO_SUCH' },
        { ...SYSTEM.indicators[1], dims: { region: '999999' } },
        { ...SYSTEM.indicators[1], key: 'b', boundaries: ['1', '1', '2', '3'] },
        { ...SYSTEM.indicators[1], key: 'c', weight: '0' },
        { ...SYSTEM.indicators[1], key: 'c', weight: '-1' },
      ],
      watchFrom: '2026Q3',
    });
    expect(res.statusCode, res.body).toBe(422);
    const body = res.json();
    expect(body.code).toBe('warning.invalid_system');
    const paths = (body.details.errors as { path: string }[]).map((e) => e.path);
    expect(paths).toEqual([
      'compositeBoundaries',
      'indicators[0]',
      'indicators[1]',
      'indicators[2].boundaries',
      'indicators[3].weight',
      'indicators[4].key',
      'indicators[4].weight',
      'watchFrom',
    ]);
    for (const e of body.details.errors) {
      expect(e.message['zh-CN']).toBeTruthy();
      expect(e.message['en-US']).toBeTruthy();
    }
    expect(body.messages['zh-CN']).toBe('信号系统有 8 处错误，未保存');
    expect(await count('warning.systems')).toBe(0);
    expect(await count('audit.events')).toBe(events);
    // Shape errors (three boundaries, an unknown transform) are the request's 400.
    const shape = await designer.post('/api/warning/systems', {
      ...SYSTEM,
      indicators: [{ ...SYSTEM.indicators[0], boundaries: ['1', '2', '3'], transform: 'qoq' }],
    });
    expect(shape.statusCode).toBe(400);
    expect(shape.json().code).toBe('request.invalid');
  });

  it('lets only designers, administrators and the city bureau keep systems; enterprises see nothing', async () => {
    expect((await county.post('/api/warning/systems', SYSTEM)).statusCode).toBe(403);
    expect((await enterprise.get('/api/warning/systems')).statusCode).toBe(403);
    expect((await t.anonymous.get('/api/warning/systems')).statusCode).toBe(401);
    const res = await designer.post('/api/warning/systems', { ...SYSTEM, watchFrom: '2026-09' });
    expect(res.statusCode, res.body).toBe(201);
    systemId = res.json().id;
    expect(res.json().frequency).toBe('monthly');
    expect(res.json().indicators[0].label.zh).toBe('宁波市 规上工业增加值');
    expect((await designer.post('/api/warning/systems', SYSTEM)).statusCode).toBe(409); // code taken
    const audited = await t.database.db
      .selectFrom('audit.events')
      .select('action')
      .where('entity_id', '=', systemId)
      .execute();
    expect(audited.map((a) => a.action)).toEqual(['warning.system_created']);
    expect((await county.get(`/api/warning/systems/${systemId}/board`)).statusCode).toBe(200);
    expect((await enterprise.get(`/api/warning/systems/${systemId}/board`)).statusCode).toBe(403);
  });

  it('shows the board: each indicator’s value and light, the composite and its light', async () => {
    const res = await city.get(`/api/warning/systems/${systemId}/board?periods=3`);
    expect(res.statusCode, res.body).toBe(200);
    const board = res.json();
    expect(board.periods).toEqual(['2026-07', '2026-08', '2026-09']);
    expect(board.indicators[0].cells[2]).toEqual({
      period: '2026-09',
      value: '6',
      light: 'normal',
      score: 3,
    });
    expect(board.indicators[1].cells[2]).toEqual({
      period: '2026-09',
      value: '102',
      light: 'normal',
      score: 3,
    });
    expect(board.composite[2]).toEqual({
      period: '2026-09',
      index: '30',
      light: 'normal',
      partial: false,
      missing: [],
    });
  });
});

describe('alerts', () => {
  it('keeps rules on one’s own area; validates every rule field', async () => {
    const bad = await county.post('/api/warning/rules', {
      kind: 'threshold',
      name: { zh: '坏规则', en: 'bad' },
      indicator: 'NO_SUCH',
      transform: 'yoy',
      watchFrom: '2026',
    });
    expect(bad.statusCode, bad.body).toBe(422);
    expect((bad.json().details.errors as { path: string }[]).map((e) => e.path)).toEqual([
      'above',
      'indicator',
    ]);
    const crossed = await county.post('/api/warning/rules', {
      kind: 'threshold',
      name: { zh: '上下颠倒', en: 'crossed' },
      indicator: 'W_IND',
      dims: { region: '330203' },
      transform: 'yoy',
      above: '5',
      below: '10',
    });
    expect(crossed.statusCode).toBe(422);
    expect(crossed.json().details.errors[0].path).toBe('below');
    const outside = await county.post('/api/warning/rules', {
      kind: 'threshold',
      name: { zh: '全市', en: 'city' },
      indicator: 'W_IND',
      dims: { region: '330200' },
      transform: 'yoy',
      above: '10',
    });
    expect(outside.statusCode).toBe(403);
    expect(outside.json().code).toBe('warning.rule_out_of_scope');
    const own = await county.post('/api/warning/rules', {
      kind: 'threshold',
      name: { zh: '海曙工业', en: 'Haishu industry' },
      indicator: 'W_IND',
      dims: { region: '330203' },
      transform: 'level',
      below: '10',
    });
    expect(own.statusCode, own.body).toBe(201);
    expect(own.json().watchFrom).toBe('2025-12'); // the series' latest value
    const light = await county.post('/api/warning/rules', {
      kind: 'light',
      name: { zh: '无此指标', en: 'no such key' },
      systemId,
      target: 'nothing',
      condition: 'changes',
    });
    expect(light.statusCode).toBe(422);
    expect(light.json().details.errors[0].path).toBe('target');
    // Only its author or a manager changes a rule.
    expect(
      (await (await t.as('county_statistician')).delete(`/api/warning/rules/${own.json().id}`)).statusCode,
    ).toBe(403);
    expect((await county.delete(`/api/warning/rules/${own.json().id}`)).statusCode).toBe(200);
    expect((await enterprise.get('/api/warning/rules')).statusCode).toBe(403);
  });

  it('fires once per period, notifies subscribers only, and notes recovery', async () => {
    const created = await city.post('/api/warning/rules', {
      kind: 'threshold',
      name: { zh: '工业增速过快', en: 'Industry growing too fast' },
      indicator: 'W_IND',
      dims: { region: '330200' },
      transform: 'yoy',
      above: '10',
    });
    expect(created.statusCode, created.body).toBe(201);
    ruleId = created.json().id;
    expect(created.json().watchFrom).toBe('2026-09');
    expect((await city.put(`/api/warning/subscriptions/rule/${ruleId}`)).json().subscribed).toBe(true);
    expect((await city.put(`/api/warning/subscriptions/system/${systemId}`)).statusCode).toBe(200);
    expect((await enterprise.put(`/api/warning/subscriptions/rule/${ruleId}`)).statusCode).toBe(403);
    expect(await notifications(city)).toEqual([]);

    // October: 115 on 100 → 同比 15% (过热), CPI 103 (偏热): composite (2×5 + 4) × 10 / 3 = 46.7 (过热).
    await publish([
      { indicator: 'W_IND', period: '2026-10', value: '115' },
      { indicator: 'W_CPI', period: '2026-10', value: '103' },
    ]);
    const board = (await city.get(`/api/warning/systems/${systemId}/board?periods=1`)).json();
    expect(board.indicators.map((i: any) => i.cells[0].light)).toEqual(['overheated', 'warm']);
    expect(board.composite[0]).toMatchObject({ period: '2026-10', index: '46.7', light: 'overheated' });

    const seen = await notifications(city);
    expect(seen.map((n) => n.text.zh).sort()).toEqual([
      '【预警】宁波市 规上工业增加值 2026-10 同比增长为 15%，高于预警线 10%',
      '【预警】测试景气信号系统 综合指数 2026-10 由正常（绿灯）转为过热（红灯）',
    ]);
    expect(seen.every((n) => n.period === '2026-10')).toBe(true);
    expect(await notifications(county)).toEqual([]);

    // Evaluating again — twice at once, then everything — fires nothing more.
    const [a, b] = await Promise.all([
      city.post('/api/warning/evaluate', { sourceId: ruleId }),
      city.post('/api/warning/evaluate', { sourceId: ruleId }),
    ]);
    expect([a.json().fired, b.json().fired]).toEqual([0, 0]);
    expect((await city.post('/api/warning/evaluate', {})).json()).toMatchObject({ fired: 0, notified: 0 });
    expect(await notifications(city)).toHaveLength(2);
    expect(
      (await city.post('/api/warning/evaluate', { sourceId: '00000000-0000-4000-8000-000000000000' }))
        .statusCode,
    ).toBe(404);

    // Unsubscribed: November fires (同比 20%) but tells nobody.
    expect((await city.delete(`/api/warning/subscriptions/rule/${ruleId}`)).json().subscribed).toBe(false);
    await publish([{ indicator: 'W_IND', period: '2026-11', value: '120' }]);
    expect(await notifications(city)).toHaveLength(2);
    let alerts = (await city.get(`/api/warning/alerts?sourceId=${ruleId}`)).json();
    expect(alerts.items.map((x: any) => [x.period, x.state, x.notified])).toEqual([
      ['2026-11', 'firing', 0],
      ['2026-10', 'firing', 1],
    ]);

    // December back to 5% (正常): both alerts recover in 2026-12.
    await publish([{ indicator: 'W_IND', period: '2026-12', value: '105' }]);
    alerts = (await city.get(`/api/warning/alerts?sourceId=${ruleId}`)).json();
    expect(alerts.items.map((x: any) => [x.period, x.state, x.recoveredIn])).toEqual([
      ['2026-11', 'recovered', '2026-12'],
      ['2026-10', 'recovered', '2026-12'],
    ]);
    expect(alerts.items[1].reason.en).toBe(
      '宁波市, W_IND: year-on-year growth 15% in 2026-10, above the alert line 10%',
    );
    // CPI has no value for November or December: the composite is rescaled over IND (weight 2 of
    // 3, enough coverage) and flagged — November 过热 (50, no change), December 正常 (30).
    const late = (await city.get(`/api/warning/systems/${systemId}/board?periods=2`)).json();
    expect(late.composite).toEqual([
      { period: '2026-11', index: '50', light: 'overheated', partial: true, missing: ['cpi'] },
      { period: '2026-12', index: '30', light: 'normal', partial: true, missing: ['cpi'] },
    ]);
    const system = (await city.get(`/api/warning/alerts?sourceId=${systemId}`)).json();
    expect(system.items.map((x: any) => [x.period, x.state, x.value])).toEqual([
      ['2026-12', 'event', 'normal'],
      ['2026-10', 'event', 'overheated'],
    ]);
    const unsubscribed = await t.database.db
      .selectFrom('audit.events')
      .select(['action', 'actor_id'])
      .where('entity_id', '=', ruleId)
      .where('action', 'in', ['warning.subscribed', 'warning.unsubscribed'])
      .orderBy('id')
      .execute();
    expect(unsubscribed).toEqual([
      { action: 'warning.subscribed', actor_id: city.accountId },
      { action: 'warning.unsubscribed', actor_id: city.accountId },
    ]);
    expect((await city.get('/api/warning/subscriptions')).json().items).toEqual([
      { kind: 'system', id: systemId, name: { zh: '测试景气信号系统', en: 'Test signal system' } },
    ]);
  });

  it('answers unknown ids, bad ids and bad periods with bilingual 4xx problems', async () => {
    const none = '00000000-0000-4000-8000-000000000000';
    for (const [res, status, code] of [
      [await city.get(`/api/warning/systems/${none}`), 404, 'warning.system_not_found'],
      [await city.get(`/api/warning/systems/${none}/board`), 404, 'warning.system_not_found'],
      [await city.get(`/api/warning/rules/${none}`), 404, 'warning.rule_not_found'],
      [await city.put(`/api/warning/subscriptions/rule/${none}`), 404, 'warning.rule_not_found'],
      [await city.put(`/api/warning/subscriptions/system/${none}`), 404, 'warning.system_not_found'],
      [await designer.delete(`/api/warning/systems/${none}`), 404, 'warning.system_not_found'],
      [await city.get('/api/warning/systems/not-a-uuid'), 400, 'request.invalid'],
      [await city.get(`/api/warning/systems/${systemId}/board?periods=0`), 400, 'request.invalid'],
      [
        await city.post('/api/warning/rules', {
          kind: 'threshold',
          name: { zh: '坏期', en: 'bad period' },
          indicator: 'W_IND',
          transform: 'yoy',
          above: '1',
          watchFrom: '2026-13',
        }),
        400,
        'request.invalid',
      ],
    ] as const) {
      expect(res.statusCode, res.body).toBe(status);
      expect(res.json().code).toBe(code);
      expect(res.json().messages['zh-CN']).toBeTruthy();
      expect(res.json().messages['en-US']).toBeTruthy();
    }
  });

  it('refuses a stale update and deleting a system a rule uses', async () => {
    const light = await city.post('/api/warning/rules', {
      kind: 'light',
      name: { zh: '综合指数非绿灯', en: 'Composite not green' },
      systemId,
      target: 'composite',
      condition: 'outside_normal',
    });
    expect(light.statusCode, light.body).toBe(201);
    const inUse = await designer.delete(`/api/warning/systems/${systemId}`);
    expect(inUse.statusCode).toBe(409);
    expect(inUse.json().code).toBe('warning.system_in_use');
    const current = (await designer.get(`/api/warning/systems/${systemId}`)).json();
    const body = { ...SYSTEM, name: { zh: '改名', en: 'renamed' }, version: current.version };
    expect((await designer.put(`/api/warning/systems/${systemId}`, body)).statusCode).toBe(200);
    const stale = await designer.put(`/api/warning/systems/${systemId}`, body);
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('warning.version_conflict');
  });
});
