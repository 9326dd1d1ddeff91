/**
 * Unified social credit code (统一社会信用代码), GB 32100-2015: 18 characters —
 *   1      registration authority (登记管理部门代码)
 *   2      entity type within that authority (机构类别代码)
 *   3–8    administrative division of the registering office (登记管理机关行政区划码)
 *   9–17   entity identifier = the organisation code of GB 11714 (主体标识码/组织机构代码),
 *          8 characters plus its own check character
 *   18     check character over the first 17, weights 3^i mod 31
 * Pure functions; no I/O.
 */

/** The 31 characters the standard allows (no I, O, Z, S, V). */
export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

const VALUE = new Map([...CREDIT_CODE_CHARSET].map((c, i) => [c, i]));

/** Weights of positions 1–17 for the final check character: 3^(i) mod 31. */
export const CREDIT_CODE_WEIGHTS = Array.from({ length: 17 }, (_, i) => {
  let w = 1;
  for (let k = 0; k < i; k++) w = (w * 3) % 31;
  return w;
});

/** GB 11714 weights of the 8 body characters of an organisation code. */
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/**
 * Entity types each registration authority may issue (GB 32100-2015, Annex A):
 * 1 机构编制, 2 外交, 3 司法行政, 4 文化, 5 民政, 6 旅游, 7 宗教, 8 工会, 9 工商（市场监管）,
 * A 中央军委改革和编制办公室, N 农业, Y 其他.
 */
export const ENTITY_TYPES: Record<string, string> = {
  '1': '1239', // 机关, 事业单位, 中央编办直接管理机构编制的群众团体, 其他
  '2': '19', // 外国常驻新闻机构, 其他
  '3': '123459', // 律师执业机构, 公证处, 基层法律服务所, 司法鉴定机构, 仲裁委员会, 其他
  '4': '19', // 外国在华文化中心, 其他
  '5': '1239', // 社会团体, 民办非企业单位, 基金会, 其他
  '6': '129', // 外国及港澳台地区旅游部门常驻代表机构, 其他
  '7': '129', // 宗教活动场所, 宗教院校, 其他
  '8': '19', // 基层工会, 其他
  '9': '123', // 企业, 个体工商户, 农民专业合作社
  A: '19', // 军队事业单位, 其他
  N: '1239', // 组级、村级、乡镇级集体经济组织, 其他
  Y: '1', // 其他（不再细分）
};

export type CreditCodeProblem =
  | 'length' // not 18 characters
  | 'charset' // a character outside 0-9A-HJ-NPQRTUWXY
  | 'authority' // position 1 is not a registration authority
  | 'entity_type' // position 2 is not a type that authority issues
  | 'division' // positions 3–8 are not a 6-digit division code
  | 'organisation_code' // positions 9–17 fail the GB 11714 check
  | 'check_digit'; // position 18 is wrong

export type CreditCodeCheck =
  | { ok: true; code: string }
  | { ok: false; reason: CreditCodeProblem; position?: number; expected?: string };

/** The GB 11714 check character for 8 organisation-code body characters ('0'–'9' or 'X'). */
export function organisationCheckChar(body: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += orgValue(body[i]) * ORG_WEIGHTS[i];
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

// GB 11714 values: digits as themselves, letters A=10 … Z=35 (the full alphabet).
const orgValue = (ch: string) => (ch >= '0' && ch <= '9' ? ch.charCodeAt(0) - 48 : ch.charCodeAt(0) - 55);

/** The final check character for the first 17 characters. */
export function creditCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += VALUE.get(first17[i])! * CREDIT_CODE_WEIGHTS[i];
  return CREDIT_CODE_CHARSET[(31 - (sum % 31)) % 31];
}

/**
 * Checks a code and says what is wrong first: length, then characters, then the structure
 * (authority, type, division), then the organisation code's check, then the final check.
 * Lower-case input is accepted (normalised to upper case), surrounding spaces trimmed.
 */
export function checkCreditCode(input: string): CreditCodeCheck {
  const code = input.trim().toUpperCase();
  if (code.length !== 18) return { ok: false, reason: 'length' };
  for (let i = 0; i < 18; i++) {
    if (!VALUE.has(code[i])) return { ok: false, reason: 'charset', position: i + 1 };
  }
  const types = ENTITY_TYPES[code[0]];
  if (!types) return { ok: false, reason: 'authority', position: 1 };
  if (!types.includes(code[1])) return { ok: false, reason: 'entity_type', position: 2 };
  if (!/^\d{6}$/.test(code.slice(2, 8))) return { ok: false, reason: 'division', position: 3 };
  const orgCheck = organisationCheckChar(code.slice(8, 16));
  if (code[16] !== orgCheck) {
    return { ok: false, reason: 'organisation_code', position: 17, expected: orgCheck };
  }
  const check = creditCheckChar(code.slice(0, 17));
  if (code[17] !== check) return { ok: false, reason: 'check_digit', position: 18, expected: check };
  return { ok: true, code };
}

export const isValidCreditCode = (code: string) => checkCreditCode(code).ok;

/** Body characters for generated organisation codes: the credit charset minus the check-only 'X'. */
const ORG_BODY_CHARS = CREDIT_CODE_CHARSET.replace('X', '');

/**
 * Builds a valid code from its parts; `random` draws the 8-character organisation body
 * (a function returning [0, 1) — pass a seeded PRNG for reproducible demo data).
 */
export function generateCreditCode(
  random: () => number,
  opts: { authority?: string; entityType?: string; division?: string } = {},
): string {
  const authority = opts.authority ?? '9';
  const entityType = opts.entityType ?? '1';
  const division = opts.division ?? '330200';
  let body = '';
  for (let i = 0; i < 8; i++) body += ORG_BODY_CHARS[Math.floor(random() * ORG_BODY_CHARS.length)];
  const first17 = `${authority}${entityType}${division}${body}${organisationCheckChar(body)}`;
  return first17 + creditCheckChar(first17);
}
