import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { importAndActivate } from '../../../test/support/surveys.ts';
import { buildTestApp, type Client, type TestApp } from '../../../test/support/test-app.ts';
import { projectRoot } from '../../config.ts';
// Test data only: valid credit codes for units created through the registry's HTTP API.
import { generateCreditCode } from '../registry/domain/credit-code.ts';
import { mulberry32 } from '../registry/domain/prng.ts';
import { sampleDefinition } from './test-fixtures.ts';

const random = mulberry32(7);
const MISSING = '00000000-0000-4000-8000-000000000000';

let t: TestApp;
let admin: Client;
let designer: Client;
let city: Client;
let county: Client;
let enterprise: Client;
const units: Record<string, { id: string; creditCode: string }> = {};

const countAudit = async (action: string) =>
  (await t.database.db.selectFrom('audit.events').select('id').where('action', '=', action).execute()).length;
const countVersions = async () =>
  (await t.database.db.selectFrom('surveys.form_versions').select('id').execute()).length;

async function importText(c: Client, text: string, contentType = 'application/yaml') {
  return c.request({
    method: 'POST',
    url: '/api/surveys/definitions',
    payload: text,
    headers: { 'content-type': contentType },
  });
}

beforeAll(async () => {
  t = await buildTestApp();
  admin = await t.as('admin');
  designer = await t.as('designer');
  city = await t.as('city_statistician');
  county = await t.as('county_statistician'); // 海曙区 330203
  for (const [key, township, industry, revenue] of [
    ['haishuBig', '330203001', '3411', 250000], // 海曙, manufacturing, above size
    ['haishuSmall', '330203001', '3411', 5000], // 海曙, manufacturing, below size
    ['beilunBig', '330206001', '3973', 900000], // 北仑, manufacturing, above size
    ['jiangbeiShop', '330205001', '5211', 30000], // 江北, retail: not section C
  ] as const) {
    const res = await admin.post('/api/registry/units', {
      creditCode: generateCreditCode(random, { division: township.slice(0, 6) }),
      name: `宁波${key}有限公司`,
      townshipCode: township,
      industryCode: industry,
      registrationType: '173',
      employees: 100,
      revenueThousandYuan: revenue,
    });
    expect(res.statusCode, res.body).toBe(201);
    units[key] = res.json();
  }
  enterprise = await t.as('enterprise', { unitId: units.haishuBig.id });
});
afterAll(async () => {
  await t?.close();
});

describe('definition schema', () => {
  it('serves the committed JSON Schema without sign-in', async () => {
    const res = await t.anonymous.get('/api/surveys/definition-schema');
    expect(res.statusCode).toBe(200);
    const committed = JSON.parse(
      fs.readFileSync(path.join(projectRoot, 'data/schemas/form-definition.schema.json'), 'utf8'),
    );
    expect(res.json()).toEqual(committed);
  });
});

describe('importing definitions', () => {
  it('imports YAML as a draft, audited, keeping the source text', async () => {
    const before = await countAudit('surveys.version.imported');
    const res = await importText(designer, stringify(sampleDefinition()));
    expect(res.statusCode, res.body).toBe(201);
    const v = res.json();
    expect(v).toMatchObject({
      status: 'draft',
      number: 1,
      from: '2026-01',
      formCode: 'T101-1',
      sourceFormat: 'yaml',
    });
    expect(v.sourceText).toContain('T101-1');
    expect(v.cells.find((c: any) => c.ref === 'A04.current')).toMatchObject({
      source: 'formula',
      dependsOn: ['A02.current', 'A03.current'],
    });
    expect(await countAudit('surveys.version.imported')).toBe(before + 1);
  });

  it('imports JSON text and a multipart file', async () => {
    const json = await importText(
      designer,
      JSON.stringify(sampleDefinition((d) => (d.form.code = 'T102'))),
      'application/json',
    );
    expect(json.statusCode, json.body).toBe(201);
    expect(json.json().sourceFormat).toBe('json');
    const boundary = 'tongjiboundary';
    const body = [
      `--${boundary}`,
      'Content-Disposition: form-data; name="file"; filename="t103.yaml"',
      'Content-Type: application/yaml',
      '',
      stringify(sampleDefinition((d) => (d.form.code = 'T103'))),
      `--${boundary}--`,
      '',
    ].join('\r\n');
    const res = await designer.request({
      method: 'POST',
      url: '/api/surveys/definitions',
      payload: body,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().formCode).toBe('T103');
  });

  it('rejects a bad definition with every error listed, in both languages, writing nothing', async () => {
    const versions = await countVersions();
    const audits = await countAudit('surveys.version.imported');
    const bad = sampleDefinition((d) => {
      d.form.code = 'T199';
      d.indicators[5].codeList = 'nope';
      d.computed.push({ cell: 'A01.current', formula: 'A01.ytd + 1' });
      d.version.from = '2026Q1';
    });
    const res = await importText(designer, stringify(bad));
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe('surveys.invalid_definition');
    expect(body.details.errors.length).toBe(3);
    for (const e of body.details.errors) {
      expect(e.path).toBeTruthy();
      expect(e.message['zh-CN']).toBeTruthy();
      expect(e.message['en-US']).toBeTruthy();
    }
    expect(await countVersions()).toBe(versions);
    expect(await countAudit('surveys.version.imported')).toBe(audits);
    expect((await designer.get('/api/surveys/forms')).json().some((f: any) => f.code === 'T199')).toBe(false);
  });

  it('rejects rules that do not compile, naming rule, line, column and reason; nothing written', async () => {
    const versions = await countVersions();
    const bad = sampleDefinition((d) => {
      d.form.code = 'T198';
      d.rules = [
        {
          id: 'R1',
          expr: 'A01.current >= 0',
          severity: 'fatal',
          message: { zh: '非负', en: 'not negative' },
        },
        // infix "between" is not the language: between(x, a, b) is
        {
          id: 'R2',
          expr: 'A01.current between 1 and 5',
          severity: 'hint',
          message: { zh: '范围', en: 'range' },
        },
        { id: 'R3', expr: 'Z99.current > 0', severity: 'verify', message: { zh: '未知', en: 'unknown' } },
        {
          id: 'R4',
          expr: '[NOSUCH]A01.current > 0',
          severity: 'verify',
          message: { zh: '他表', en: 'other form' },
        },
      ];
    });
    const res = await importText(designer, stringify(bad));
    expect(res.statusCode, res.body).toBe(400);
    const errors = res.json().details.errors as { path: string; message: Record<string, string> }[];
    expect(errors.map((e) => e.path)).toEqual(['rules.1.expr', 'rules.2.expr', 'rules.3.expr']);
    expect(errors[0].message['en-US']).toMatch(/rule R2: line 1, column 13: unexpected "between"/);
    expect(errors[0].message['zh-CN']).toMatch(/规则 R2：第 1 行第 13 列/);
    expect(errors[1].message['en-US']).toContain('Z99');
    expect(errors[2].message['en-US']).toContain('NOSUCH');
    expect(await countVersions()).toBe(versions);
  });

  it('rejects syntax errors, empty bodies and hostile input without a 500', async () => {
    const syntax = await importText(designer, 'formatVersion: 1\nsurvey: [unclosed\n');
    expect(syntax.statusCode).toBe(400);
    expect(syntax.json().details.errors[0].message['en-US']).toMatch(/line \d+/);
    expect((await importText(designer, '   ')).statusCode).toBe(400);
    expect((await importText(designer, '{"formatVersion": 1', 'application/json')).statusCode).toBe(400);
    expect((await importText(designer, '- just\n- a list')).statusCode).toBe(400);
    expect((await importText(designer, 'a: &a [*a, *a]')).statusCode).toBe(400);
    const unsupported = await importText(designer, '<xml/>', 'application/xml');
    expect(unsupported.statusCode).toBe(415);
  });

  it('checks without writing', async () => {
    const versions = await countVersions();
    const ok = await designer.request({
      method: 'POST',
      url: '/api/surveys/definitions/check',
      payload: stringify(sampleDefinition((d) => (d.form.code = 'T150'))),
      headers: { 'content-type': 'text/plain' },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ ok: true, errors: [], formCode: 'T150' });
    expect(await countVersions()).toBe(versions);
  });

  it('lets only designers and administrators import', async () => {
    for (const c of [city, county, enterprise]) {
      expect(
        (await importText(c, stringify(sampleDefinition((d) => (d.form.code = 'T160'))))).statusCode,
      ).toBe(403);
    }
    expect((await importText(t.anonymous, 'x: 1')).statusCode).toBe(401);
  });
});

describe('activation and versions', () => {
  let formId: string;
  let v1: string;

  it('activates a draft, audited, and the form shows it', async () => {
    const imported = await importText(admin, stringify(sampleDefinition((d) => (d.form.code = 'T200'))));
    v1 = imported.json().id;
    const audits = await countAudit('surveys.version.activated');
    const res = await designer.post(`/api/surveys/versions/${v1}/activate`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'active', activatedBy: designer.username });
    expect(await countAudit('surveys.version.activated')).toBe(audits + 1);
    formId = res.json().formId;
    const form = (await city.get(`/api/surveys/forms/${formId}`)).json();
    expect(form.activeVersions).toEqual([{ id: v1, number: 1, from: '2026-01', until: null }]);
    expect(form.scopeRules.rules).toEqual([{ sections: ['C'], minRevenueThousandYuan: 20000 }]);
    // Activating twice is a conflict, not a silent success.
    expect((await designer.post(`/api/surveys/versions/${v1}/activate`)).json().code).toBe(
      'surveys.version_not_draft',
    );
  });

  it('a later version cuts the earlier one short; one from the same period retires it', async () => {
    const v2 = await importAndActivate(
      designer,
      sampleDefinition((d) => {
        d.form.code = 'T200';
        d.version = { number: 2, from: '2026-07' };
      }),
    );
    let form = (await designer.get(`/api/surveys/forms/${formId}`)).json();
    expect(form.activeVersions).toEqual([
      { id: v1, number: 1, from: '2026-01', until: '2026-06' },
      { id: v2.id, number: 2, from: '2026-07', until: null },
    ]);
    const v3 = await importAndActivate(
      designer,
      sampleDefinition((d) => {
        d.form.code = 'T200';
        d.version = { number: 3, from: '2026-07' };
      }),
    );
    form = (await designer.get(`/api/surveys/forms/${formId}`)).json();
    expect(form.versions.find((v: any) => v.number === 2).status).toBe('retired');
    expect(form.activeVersions.map((v: any) => v.number)).toEqual([1, 3]);
    // Periods show which version is in force.
    const periods = (await city.get(`/api/surveys/forms/${formId}/periods?from=2026-05&to=2026-08`)).json();
    expect(periods.items.map((p: any) => [p.period, p.versionNumber])).toEqual([
      ['2026-05', 1],
      ['2026-06', 1],
      ['2026-07', 3],
      ['2026-08', 3],
    ]);
    expect(periods.items[0]).toMatchObject({
      start: '2026-05-01',
      end: '2026-05-31',
      deadline: '2026-06-05T12:00:00.000Z',
    });
    expect(v3.status).toBe('active');
  });

  it('rejects a version that would start before an active one', async () => {
    const res = await importText(
      designer,
      stringify(
        sampleDefinition((d) => {
          d.form.code = 'T200';
          d.version = { number: 9, from: '2025-01' };
        }),
      ),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().details.errors[0].path).toBe('version.from');
  });

  it('hides drafts and source text from enterprises, and answers 404 for unknown ids', async () => {
    const draft = await importText(
      designer,
      stringify(
        sampleDefinition((d) => {
          d.form.code = 'T200';
          d.version = { number: 10, from: '2027-01' };
        }),
      ),
    );
    expect(draft.statusCode, draft.body).toBe(201);
    expect((await enterprise.get(`/api/surveys/versions/${draft.json().id}`)).statusCode).toBe(404);
    const active = await enterprise.get(`/api/surveys/versions/${v1}`);
    expect(active.statusCode).toBe(200);
    expect(active.json().sourceText).toBeNull();
    expect(active.json().definition.indicators.length).toBe(7);
    const form = (await enterprise.get(`/api/surveys/forms/${formId}`)).json();
    expect(form.versions.some((v: any) => v.status === 'draft')).toBe(false);
    expect(form.scopeRules).toBeNull();
    for (const url of [
      `/api/surveys/forms/${MISSING}`,
      `/api/surveys/versions/${MISSING}`,
      `/api/surveys/forms/${MISSING}/periods`,
      `/api/surveys/forms/${MISSING}/scope?period=2026-01`,
    ]) {
      const res = await designer.get(url);
      expect(res.statusCode, url).toBe(404);
    }
    expect((await designer.post(`/api/surveys/versions/${MISSING}/activate`)).statusCode).toBe(404);
    expect((await designer.get('/api/surveys/forms/not-a-uuid')).statusCode).toBe(400);
  });

  it('lists surveys with forms for every signed-in role', async () => {
    for (const c of [designer, city, county, enterprise]) {
      const res = await c.get('/api/surveys');
      expect(res.statusCode).toBe(200);
      expect(res.json().find((s: any) => s.code === 'test-survey').forms.length).toBeGreaterThan(0);
    }
    expect((await t.anonymous.get('/api/surveys')).statusCode).toBe(401);
  });
});

describe('reporting scope', () => {
  let formId: string;

  beforeAll(async () => {
    const v = await importAndActivate(
      designer,
      sampleDefinition((d) => (d.form.code = 'T300')),
    );
    formId = v.formId;
  });

  const ids = (page: any) => page.items.map((u: any) => u.unitId).sort();

  it('follows the rules: section C with revenue ≥ 20,000 thousand yuan', async () => {
    const page = (await city.get(`/api/surveys/forms/${formId}/scope?period=2026-03`)).json();
    expect(page.inForce).toBe(true);
    expect(ids(page)).toEqual([units.haishuBig.id, units.beilunBig.id].sort());
    expect(page.counts).toEqual({ expected: 2, matchedByRules: 2, added: 0, removed: 0 });
  });

  it('limits a county statistician to the county', async () => {
    const page = (await county.get(`/api/surveys/forms/${formId}/scope?period=2026-03`)).json();
    expect(ids(page)).toEqual([units.haishuBig.id]);
    expect(page.total).toBe(1);
  });

  it('keeps scope lists from enterprises', async () => {
    expect((await enterprise.get(`/api/surveys/forms/${formId}/scope?period=2026-03`)).statusCode).toBe(403);
    expect((await enterprise.get(`/api/surveys/forms/${formId}/scope/overrides`)).statusCode).toBe(403);
  });

  it('adds and removes units by hand with a reason, audited, from a period on', async () => {
    const added = await designer.post(`/api/surveys/forms/${formId}/scope/overrides`, {
      unitId: units.haishuSmall.id,
      action: 'add',
      reason: '重点跟踪企业',
      fromPeriod: '2026-04',
    });
    expect(added.statusCode, added.body).toBe(201);
    const removed = await designer.post(`/api/surveys/forms/${formId}/scope/overrides`, {
      unitId: units.beilunBig.id,
      action: 'remove',
      reason: '停产，经批准暂不报送',
      fromPeriod: '2026-04',
    });
    expect(removed.statusCode, removed.body).toBe(201);
    expect(await countAudit('surveys.scope.unit_added')).toBe(1);
    expect(await countAudit('surveys.scope.unit_removed')).toBe(1);

    const march = (await city.get(`/api/surveys/forms/${formId}/scope?period=2026-03`)).json();
    expect(ids(march)).toEqual([units.haishuBig.id, units.beilunBig.id].sort());
    const april = (await city.get(`/api/surveys/forms/${formId}/scope?period=2026-04`)).json();
    expect(ids(april)).toEqual([units.haishuBig.id, units.haishuSmall.id].sort());
    expect(april.counts).toEqual({ expected: 2, matchedByRules: 2, added: 1, removed: 1 });
    expect(april.items.find((u: any) => u.unitId === units.haishuSmall.id).basis).toBe('added');

    // The county sees its own addition but not 北仑's removal.
    const countyOverrides = (await county.get(`/api/surveys/forms/${formId}/scope/overrides`)).json();
    expect(countyOverrides.map((o: any) => o.unitId)).toEqual([units.haishuSmall.id]);
    expect((await city.get(`/api/surveys/forms/${formId}/scope/overrides`)).json()).toHaveLength(2);

    // Revoking puts the rules back in charge.
    const revoke = await designer.post(`/api/surveys/scope-overrides/${removed.json().id}/revoke`, {
      reason: '已复产',
    });
    expect(revoke.statusCode, revoke.body).toBe(200);
    expect(revoke.json().revokedBy).toBe(designer.username);
    expect(await countAudit('surveys.scope.override_revoked')).toBe(1);
    const again = (await city.get(`/api/surveys/forms/${formId}/scope?period=2026-04`)).json();
    expect(again.items).toHaveLength(3);
    expect(
      (await designer.post(`/api/surveys/scope-overrides/${removed.json().id}/revoke`, { reason: '再次' }))
        .statusCode,
    ).toBe(409);
  });

  it('validates overrides: unknown unit, bad period, missing reason, roles', async () => {
    const base = { unitId: units.haishuSmall.id, action: 'add', reason: '理由充分', fromPeriod: '2026-04' };
    const url = `/api/surveys/forms/${formId}/scope/overrides`;
    expect((await designer.post(url, { ...base, unitId: MISSING })).json().code).toBe(
      'surveys.unit_not_found',
    );
    expect((await designer.post(url, { ...base, fromPeriod: '2026Q2' })).json().code).toBe(
      'surveys.bad_period',
    );
    expect((await designer.post(url, { ...base, reason: '' })).statusCode).toBe(400);
    expect((await designer.post(url, { ...base, extra: 1 })).statusCode).toBe(400);
    expect((await county.post(url, base)).statusCode).toBe(403);
    expect((await city.post(url, base)).statusCode).toBe(403);
  });

  it('scope rules set by hand are audited and apply at once', async () => {
    const res = await designer.put(`/api/surveys/forms/${formId}/scope/rules`, {
      rules: [{ sections: ['F'], minRevenueThousandYuan: 20000 }],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().scopeRules.origin).toBe('manual');
    expect(await countAudit('surveys.scope_rules.set')).toBe(1);
    const page = (await city.get(`/api/surveys/forms/${formId}/scope?period=2026-03`)).json();
    expect(ids(page)).toEqual([units.jiangbeiShop.id]);
    expect((await county.put(`/api/surveys/forms/${formId}/scope/rules`, { rules: [] })).statusCode).toBe(
      403,
    );
  });

  it('answers bad periods with 400 and periods outside every version with an empty list', async () => {
    expect((await city.get(`/api/surveys/forms/${formId}/scope?period=2026Q1`)).statusCode).toBe(400);
    expect((await city.get(`/api/surveys/forms/${formId}/scope?period=garbage`)).statusCode).toBe(400);
    const before = (await city.get(`/api/surveys/forms/${formId}/scope?period=2025-12`)).json();
    expect(before).toMatchObject({ inForce: false, total: 0, items: [] });
  });
});

describe('demo seed', () => {
  it('imports and activates the three demo forms', async () => {
    const fresh = await buildTestApp();
    try {
      await fresh.modules.surveys.seedDemo({ ...({} as any), demoUnits: 0 });
      const c = await fresh.as('designer');
      const forms = (await c.get('/api/surveys/forms')).json();
      expect(forms.map((f: any) => f.code).sort()).toEqual(['B103', 'B204-1', 'F203']);
      for (const f of forms) expect(f.activeVersions).toHaveLength(1);
      const b204 = forms.find((f: any) => f.code === 'B204-1');
      const v = (await c.get(`/api/surveys/versions/${b204.activeVersions[0].id}`)).json();
      expect(v.definition.rules.length).toBeGreaterThanOrEqual(5);
      expect(v.cells.find((x: any) => x.ref === 'A01.ytd').source).toBe('ytd');
    } finally {
      await fresh.close();
    }
  });
});

describe('the module api for other modules', () => {
  it('gives the version in force with its model, and the expected reporters', async () => {
    const v = await importAndActivate(
      designer,
      sampleDefinition((d) => (d.form.code = 'T400')),
    );
    const { service } = t.modules.surveys.api;
    const def = await service.definitionFor(v.formId, '2026-05');
    expect(def?.versionId).toBe(v.id);
    expect(def?.model.cells.get('A04.current')?.source.kind).toBe('formula');
    expect(await service.definitionFor(v.formId, '2025-05')).toBeNull();
    const all = await service.expectedReporters(v.formId, '2026-05');
    expect(all.units.map((u) => u.id).sort()).toEqual([units.haishuBig.id, units.beilunBig.id].sort());
    const haishu = await service.expectedReporters(v.formId, '2026-05', '330203');
    expect(haishu.units.map((u) => u.id)).toEqual([units.haishuBig.id]);
  });
});
