/**
 * Seeded generators of random forms, rules and records, shared by the property test (Node) and
 * the browser parity test (test/e2e/rules-parity.test.ts), so both draw the same cases from a seed.
 * Values include blanks, zero, negatives, long decimals, values near and beyond 2^53 and invalid
 * text; rules every operator and function of the language.
 */
import type { RecordData } from './record.ts';
import type { FormSchema, IndicatorSchema } from './schema.ts';

/** mulberry32: small, seeded, the same sequence everywhere. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  return { next, int, pick };
}
export type Rng = ReturnType<typeof prng>;

export function randomForm(rng: Rng): FormSchema {
  const indicators: IndicatorSchema[] = [];
  const n = 3 + rng.int(5);
  for (let i = 0; i < n; i++) {
    const code = `X${String(i + 1).padStart(2, '0')}`;
    const r = i === 0 ? rng.next() * 0.8 : rng.next();
    if (r < 0.5) indicators.push({ code, type: 'decimal', decimals: rng.int(4) });
    else if (r < 0.8) indicators.push({ code, type: 'integer' });
    else if (r < 0.9) indicators.push({ code, type: 'code', codeList: 'L' });
    else indicators.push({ code, type: 'text' });
  }
  return {
    formCode: 'T1',
    indicators,
    columns: [{ code: 'cur' }],
    codeLists: { L: ['a', 'b', 'c'] },
    otherForms: {
      T2: {
        formCode: 'T2',
        indicators: [{ code: 'Y01', type: 'decimal', decimals: 2 }],
        columns: [{ code: 'cur' }],
      },
    },
  };
}

export function randomNumberText(rng: Rng, decimals: number): string | number | null {
  const r = rng.next();
  if (r < 0.12) return null;
  if (r < 0.18) return '0';
  if (r < 0.2) return 'x1';
  const big = r > 0.95;
  const digits = big ? 14 + rng.int(4) : 1 + rng.int(6);
  let int = String(1 + rng.int(9));
  for (let i = 1; i < digits; i++) int += String(rng.int(10));
  let frac = '';
  const fd = rng.int(decimals + 1);
  for (let i = 0; i < fd; i++) frac += String(rng.int(10));
  const text = `${rng.next() < 0.25 ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
  return rng.next() < 0.1 && !big ? Number(text) : text;
}

export class Gen {
  constructor(
    private readonly rng: Rng,
    private readonly form: FormSchema,
  ) {}
  private numeric = () => this.form.indicators.filter((i) => i.type === 'decimal' || i.type === 'integer');
  private stringy = () => this.form.indicators.filter((i) => i.type === 'text' || i.type === 'code');

  cell(): string {
    const { rng } = this;
    const ind = rng.pick(this.numeric());
    const r = rng.next();
    if (r < 0.12) return `prev(${ind.code}.cur)`;
    if (r < 0.2) return `lastyear(${ind.code}.cur)`;
    if (r < 0.25) return '[T2]Y01.cur';
    if (r < 0.28) return 'unit.employees';
    return `${ind.code}.cur`;
  }

  literal(): string {
    const { rng } = this;
    const r = rng.next();
    if (r < 0.3) return String(rng.int(10));
    if (r < 0.6) return `${rng.int(1000)}.${rng.int(100)}`;
    if (r < 0.7) return '9007199254740993';
    return String(rng.int(100));
  }

  num(depth: number): string {
    const { rng } = this;
    if (depth <= 0 || rng.next() < 0.25) return rng.next() < 0.75 ? this.cell() : this.literal();
    const a = () => this.num(depth - 1);
    switch (rng.int(14)) {
      case 0:
        return `(${a()} + ${a()})`;
      case 1:
        return `(${a()} - ${a()})`;
      case 2:
        return `(${a()} * ${a()})`;
      case 3:
        return `(${a()} / ${a()})`;
      case 4:
        return `-${a()}`;
      case 5:
        return `abs(${a()})`;
      case 6:
        return `min(${a()}, ${a()})`;
      case 7:
        return `max(${a()}, ${a()}, ${a()})`;
      case 8:
        return `round(${a()}, ${rng.int(4)})`;
      case 9: {
        // A range runs over indicators in definition order: pick a run of numeric ones.
        const all = this.form.indicators;
        const isNum = (k: number) => all[k] && (all[k].type === 'decimal' || all[k].type === 'integer');
        const i = all.indexOf(rng.pick(this.numeric()));
        let j = i;
        while (isNum(j + 1) && rng.next() < 0.7) j++;
        return `sum(${all[i].code}.cur:${all[j].code}.cur, ${a()})`;
      }
      case 10:
        return `coalesce(${a()}, ${a()})`;
      case 11:
        return `growth(${a()}, ${a()})`;
      case 12:
        return `ratio(${a()}, ${a()})`;
      default:
        return `prev(${this.numeric()[0].code}.cur)`;
    }
  }

  bool(depth: number): string {
    const { rng } = this;
    const cmp = () =>
      `${this.num(depth - 1)} ${rng.pick(['=', '!=', '<', '<=', '>', '>='])} ${this.num(depth - 1)}`;
    if (depth <= 0) return cmp();
    const b = () => this.bool(depth - 1);
    switch (rng.int(12)) {
      case 0:
        return `(${b()} and ${b()})`;
      case 1:
        return `(${b()} or ${b()})`;
      case 2:
        return `not ${b()}`;
      case 3:
        return `(if ${b()} then ${b()})`;
      case 4:
        return `between(${this.num(depth - 1)}, ${this.num(depth - 1)}, ${this.num(depth - 1)})`;
      case 5:
        return `isnull(${this.num(depth - 1)})`;
      case 6: {
        const s = this.stringy();
        if (!s.length) return cmp();
        const ind = rng.pick(s);
        return ind.type === 'code'
          ? `in(${ind.code}.cur, ['a', 'c'])`
          : `startswith(coalesce(${ind.code}.cur, 'z'), 'a')`;
      }
      case 7:
        return `in(${this.num(depth - 1)}, [0, 1.5, ${this.literal()}])`;
      case 8:
        return rng.pick(['true', 'false']);
      default:
        return cmp();
    }
  }
}

export function randomRecord(rng: Rng, form: FormSchema): RecordData {
  const period = () => {
    const values: Record<string, string | number | null> = {};
    for (const ind of form.indicators) {
      const key = `${ind.code}.cur`;
      if (ind.type === 'code') values[key] = rng.next() < 0.2 ? null : rng.pick(['a', 'b', 'c']);
      else if (ind.type === 'text') values[key] = rng.next() < 0.2 ? null : rng.pick(['abc', 'xyz', '']);
      else values[key] = randomNumberText(rng, ind.type === 'decimal' ? (ind.decimals ?? 2) : 0);
    }
    return values;
  };
  return {
    values: period(),
    previous: rng.next() < 0.15 ? null : period(),
    lastYear: rng.next() < 0.15 ? null : period(),
    otherForms: { T2: { values: { 'Y01.cur': randomNumberText(rng, 2) } } },
    unit: { employees: rng.next() < 0.1 ? null : rng.int(5000) },
  };
}
