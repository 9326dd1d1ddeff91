import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../../config.ts';
import { sampleDefinition } from '../test-fixtures.ts';
import { checkDefinition, type ExistingForm, overlapConflict } from './check-definition.ts';
import { formDefinitionJsonSchemaText, JSON_SCHEMA_PATH } from './json-schema.ts';
import { parsePeriod } from './periods.ts';

const errorsOf = (input: unknown, existing?: ExistingForm) => {
  const r = checkDefinition(input, existing);
  return r.ok ? [] : r.errors;
};
const paths = (input: unknown, existing?: ExistingForm) => errorsOf(input, existing).map((e) => e.path);

describe('form definition checks', () => {
  it('accepts the sample and the three demo definitions', () => {
    expect(errorsOf(sampleDefinition())).toEqual([]);
    for (const f of ['B204-1', 'F203', 'B103']) {
      const text = fs.readFileSync(path.join(projectRoot, 'data/demo', `${f}.yaml`), 'utf8');
      expect(errorsOf(text), f).toEqual([]);
    }
  });

  it('reads JSON text as well as YAML', () => {
    expect(errorsOf(JSON.stringify(sampleDefinition()))).toEqual([]);
  });

  it('reports a YAML syntax error with its line and column', () => {
    const errors = errorsOf('formatVersion: 1\nsurvey: { code: x\n');
    expect(errors).toHaveLength(1);
    expect(errors[0].message['en-US']).toMatch(/line \d+, column \d+/);
    expect(errors[0].message['zh-CN']).toMatch(/第 \d+ 行/);
  });

  it('reports structural problems with paths, in both languages', () => {
    const errors = errorsOf(
      sampleDefinition((d) => {
        d.form.frequency = 'weekly';
        d.indicators[0].surprise = true;
        delete d.survey.name;
      }),
    );
    const ps = errors.map((e) => e.path);
    expect(ps).toEqual(expect.arrayContaining(['form.frequency', 'indicators.0', 'survey.name']));
    for (const e of errors) {
      expect(e.message['zh-CN']).toBeTruthy();
      expect(e.message['en-US']).toBeTruthy();
    }
  });

  it('lists every semantic error at once', () => {
    const errors = paths(
      sampleDefinition((d) => {
        d.columns.push({ ...d.columns[0] }); // duplicate column
        d.indicators.push({ ...d.indicators[1] }); // duplicate indicator
        d.indicators[5].codeList = 'missing'; // unknown code list
        d.indicators[4].columns = ['current', 'nope']; // unknown column
        d.computed.push({ cell: 'Z99.current', formula: 'A01.current' }); // unknown target
        d.computed.push({ cell: 'A01.current', formula: 'A02.current + X01.current' }); // unknown ref
        d.version.from = '2026Q1'; // wrong frequency
        d.rules.push({ ...d.rules[0] }); // duplicate rule id
      }),
    );
    expect(errors).toEqual(
      expect.arrayContaining([
        'columns.3',
        'indicators.7',
        'indicators.5.codeList',
        'indicators.4.columns.1',
        'computed.1.cell',
        'computed.2.formula',
        'version.from',
        'rules.1',
      ]),
    );
  });

  it('rejects cycles among computed cells, naming the cycle', () => {
    const errors = errorsOf(
      sampleDefinition((d) => {
        d.computed = [
          { cell: 'A04.current', formula: 'A02.current + A03.current' },
          { cell: 'A02.current', formula: 'A04.current - A03.current' },
        ];
      }),
    );
    expect(errors).toHaveLength(1);
    expect(errors[0].message['en-US']).toMatch(/cycle: A0\d\.current → A0\d\.current → A0\d\.current/);
  });

  it('rejects a self-reference and year-to-date cycles across columns', () => {
    expect(
      errorsOf(
        sampleDefinition((d) => (d.computed = [{ cell: 'A04.current', formula: 'A04.current * 2' }])),
      )[0].message['en-US'],
    ).toMatch(/cycle/);
    const ytdLoop = errorsOf(
      sampleDefinition((d) => {
        d.computed = [{ cell: 'A04.current', formula: 'A04.ytd - 1' }];
      }),
    );
    expect(ytdLoop.some((e) => /cycle/.test(e.message['en-US']))).toBe(true);
  });

  it('rejects formulas that do not parse, with the column', () => {
    const errors = errorsOf(
      sampleDefinition((d) => (d.computed = [{ cell: 'A04.current', formula: 'A02.current + * 3' }])),
    );
    expect(errors[0].path).toBe('computed.0.formula');
    expect(errors[0].message['en-US']).toMatch(/column 15/);
  });

  it('rejects formulas over text or code cells and computed text cells', () => {
    const e1 = errorsOf(
      sampleDefinition((d) => (d.computed = [{ cell: 'A04.current', formula: 'P1.current + 1' }])),
    );
    expect(e1[0].message['en-US']).toMatch(/not a numeric cell/);
    const e2 = errorsOf(
      sampleDefinition((d) => (d.computed = [{ cell: 'R01.current', formula: 'A01.current' }])),
    );
    expect(e2[0].message['en-US']).toMatch(/must be a numeric/);
  });

  it('rejects year-to-date columns on text indicators', () => {
    const errors = errorsOf(sampleDefinition((d) => (d.indicators[6].columns = ['current', 'ytd'])));
    expect(errors[0].message['en-US']).toMatch(/cannot have the year-to-date column/);
  });

  it('checks period formats against the frequency and their order', () => {
    expect(
      paths(sampleDefinition((d) => (d.version = { number: 1, from: '2026-05', until: '2026-02' }))),
    ).toEqual(['version.until']);
    expect(
      paths(
        sampleDefinition((d) => {
          d.form.frequency = 'quarterly';
          d.version = { number: 1, from: '2026Q1', until: '2026' };
        }),
      ),
    ).toEqual(['version.until']);
    expect(paths(sampleDefinition((d) => (d.version.from = '2026-13')))).toEqual(['version.from']);
  });

  it('rejects empty scope rules', () => {
    expect(paths(sampleDefinition((d) => (d.scope = { rules: [{}] })))).toEqual(['scope.rules.0']);
  });

  it('checks versions against what is stored', () => {
    const existing: ExistingForm = {
      frequency: 'monthly',
      versions: [{ number: 1, from: '2026-01', until: null, status: 'active' }],
    };
    // A later version taking over from a later month is fine.
    expect(
      paths(
        sampleDefinition((d) => (d.version = { number: 2, from: '2026-07' })),
        existing,
      ),
    ).toEqual([]);
    // Same number again.
    expect(
      paths(
        sampleDefinition((d) => (d.version = { number: 1, from: '2026-07' })),
        existing,
      ),
    ).toEqual(['version.number']);
    // Starting before the active version.
    expect(
      paths(
        sampleDefinition((d) => (d.version = { number: 2, from: '2025-07' })),
        existing,
      ),
    ).toEqual(['version.from']);
    // Splitting the open-ended active version.
    expect(
      paths(
        sampleDefinition((d) => (d.version = { number: 2, from: '2026-03', until: '2026-05' })),
        existing,
      ),
    ).toEqual(['version.from']);
    // Changing the frequency.
    expect(
      paths(
        sampleDefinition((d) => {
          d.form.frequency = 'quarterly';
          d.version = { number: 2, from: '2026Q3' };
        }),
        existing,
      ),
    ).toEqual(['form.frequency']);
    // Retired versions do not block.
    expect(
      paths(
        sampleDefinition((d) => (d.version = { number: 3, from: '2025-01' })),
        {
          frequency: 'monthly',
          versions: [{ number: 2, from: '2025-01', until: null, status: 'retired' }],
        },
      ),
    ).toEqual([]);
  });

  it('classifies overlaps', () => {
    const r = (from: string, until?: string) => ({
      from: parsePeriod(from)!,
      until: until ? parsePeriod(until)! : null,
    });
    expect(overlapConflict(r('2026-01', '2026-06'), r('2026-07'))).toBeNull();
    expect(overlapConflict(r('2026-01'), r('2026-01'))).toBeNull();
    expect(overlapConflict(r('2025-12'), r('2026-01'))).toBe('starts_before');
    expect(overlapConflict(r('2026-02', '2026-03'), r('2026-01'))).toBe('splits');
    expect(overlapConflict(r('2026-02', '2026-12'), r('2026-01', '2026-12'))).toBeNull();
  });
});

describe('the committed JSON Schema', () => {
  it('is exactly what the zod schema generates (run src/modules/surveys/write-json-schema.ts)', () => {
    const committed = fs.readFileSync(path.join(projectRoot, JSON_SCHEMA_PATH), 'utf8');
    expect(JSON.parse(committed)).toEqual(JSON.parse(formDefinitionJsonSchemaText()));
  });
});
