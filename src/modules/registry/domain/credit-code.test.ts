import { describe, expect, it } from 'vitest';
import {
  CREDIT_CODE_CHARSET,
  CREDIT_CODE_WEIGHTS,
  checkCreditCode,
  creditCheckChar,
  ENTITY_TYPES,
  generateCreditCode,
  organisationCheckChar,
} from './credit-code.ts';
import { mulberry32 } from './prng.ts';

describe('unified social credit code (GB 32100-2015)', () => {
  it('uses the weights 3^i mod 31', () => {
    expect(CREDIT_CODE_WEIGHTS).toEqual([1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]);
  });

  it('accepts published codes', () => {
    // Huawei Technologies Co., Ltd. (organisation code 19220382-1).
    expect(checkCreditCode('914403001922038216')).toEqual({ ok: true, code: '914403001922038216' });
    expect(organisationCheckChar('19220382')).toBe('1');
    // Lower case and surrounding spaces are normalised.
    expect(checkCreditCode(' 914403001922038216 '.toLowerCase()).ok).toBe(true);
  });

  it('gives the specific reason', () => {
    expect(checkCreditCode('91440300192203821')).toMatchObject({ reason: 'length' });
    expect(checkCreditCode('9144030019220382160')).toMatchObject({ reason: 'length' });
    expect(checkCreditCode('91440300192203821I')).toMatchObject({ reason: 'charset', position: 18 });
    expect(checkCreditCode('9144030019220382S6')).toMatchObject({ reason: 'charset', position: 17 });
    expect(checkCreditCode('B14403001922038216')).toMatchObject({ reason: 'authority' });
    expect(checkCreditCode('94440300192203821X')).toMatchObject({ reason: 'entity_type' });
    expect(checkCreditCode('9144A3001922038216')).toMatchObject({ reason: 'division' });
    // Organisation code check character wrong (position 17).
    expect(checkCreditCode('914403001922038226')).toMatchObject({
      reason: 'organisation_code',
      expected: '1',
    });
    const body = '9144030019220382';
    const first17 = `${body}1`;
    const wrong = CREDIT_CODE_CHARSET[(CREDIT_CODE_CHARSET.indexOf(creditCheckChar(first17)) + 1) % 31];
    expect(checkCreditCode(first17 + wrong)).toMatchObject({ reason: 'check_digit', expected: '6' });
  });

  it('property: every generated code validates', () => {
    const random = mulberry32(42);
    const authorities = Object.keys(ENTITY_TYPES);
    for (let n = 0; n < 5000; n++) {
      const authority = authorities[Math.floor(random() * authorities.length)];
      const types = ENTITY_TYPES[authority];
      const entityType = types[Math.floor(random() * types.length)];
      const division = String(110000 + Math.floor(random() * 800000));
      const code = generateCreditCode(random, { authority, entityType, division });
      expect(checkCreditCode(code), code).toEqual({ ok: true, code });
    }
  });

  it('property: any single-character change is rejected', () => {
    const random = mulberry32(7);
    const alphabet = `${CREDIT_CODE_CHARSET}IOZSVa-`;
    for (let n = 0; n < 100; n++) {
      const code = generateCreditCode(random);
      for (let pos = 0; pos < 18; pos++) {
        for (const ch of alphabet) {
          if (ch === code[pos] || ch.toUpperCase() === code[pos]) continue;
          const changed = code.slice(0, pos) + ch + code.slice(pos + 1);
          expect(checkCreditCode(changed).ok, `${code} → ${changed}`).toBe(false);
        }
      }
    }
  });
});
