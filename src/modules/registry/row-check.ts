/**
 * Checking one import row (行校验): every problem of every row, with its column and a message in
 * both languages. Pure: the register's existing codes and the reference data are passed in.
 */
import type { ImportRowError } from './contract.ts';
import { type CreditCodeProblem, checkCreditCode } from './domain/credit-code.ts';
import { isRegistrationType } from './domain/registration-types.ts';

type Msg = { 'zh-CN': string; 'en-US': string };

const CREDIT_REASON: Record<CreditCodeProblem, Msg> = {
  length: { 'zh-CN': '统一社会信用代码应为 18 位', 'en-US': 'the credit code must have 18 characters' },
  charset: {
    'zh-CN': '统一社会信用代码含有不允许的字符（不能使用 I、O、Z、S、V）',
    'en-US': 'the credit code has a character that is not allowed (no I, O, Z, S, V)',
  },
  authority: {
    'zh-CN': '登记管理部门代码（第 1 位）无效',
    'en-US': 'bad registration authority (1st character)',
  },
  entity_type: { 'zh-CN': '机构类别代码（第 2 位）无效', 'en-US': 'bad entity type (2nd character)' },
  division: {
    'zh-CN': '登记管理机关行政区划码（第 3–8 位）应为 6 位数字',
    'en-US': 'characters 3–8 must be a 6-digit division code',
  },
  organisation_code: {
    'zh-CN': '组织机构代码（第 9–17 位）校验码错误',
    'en-US': 'the organisation code (characters 9–17) fails its check digit',
  },
  check_digit: {
    'zh-CN': '统一社会信用代码校验码（第 18 位）错误',
    'en-US': 'the check digit (18th character) is wrong',
  },
};

const STATUS_WORDS: Record<string, string> = {
  active: 'active',
  在营: 'active',
  正常: 'active',
  suspended: 'suspended',
  停业: 'suspended',
  exited: 'exited',
  注销: 'exited',
  退出: 'exited',
};

/** A checked, normalised row ready to write. */
export interface CleanRow {
  line: number;
  creditCode: string;
  name: string;
  townshipCode: string;
  industryCode: string;
  registrationType: string;
  employees: number | null;
  revenueThousandYuan: number | null;
  status: string | null;
  entryDate: string | null;
  exitDate: string | null;
  address: string | null;
  contactName: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
}

export interface RowContext {
  isTownship(code: string): boolean;
  inScope(townshipCode: string): boolean;
  isClass(code: string): boolean;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
function normDate(s: string): string | null {
  const t = s.replace(/[/.年月]/g, '-').replace(/日$/, '');
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  if (!m) return null;
  const iso = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return ISO_DATE.test(iso) && !Number.isNaN(d.getTime()) && d.toISOString().startsWith(iso) ? iso : null;
}

/** Checks one row (cells keyed by column key); returns the clean row or its errors. */
export function checkRow(
  line: number,
  v: Record<string, string>,
  ctx: RowContext,
): { row: CleanRow | null; errors: ImportRowError[] } {
  const errors: ImportRowError[] = [];
  const err = (column: string | null, code: string, message: Msg) =>
    errors.push({ row: line, column, code, value: column ? (v[column] ?? null) || null : null, message });
  const get = (k: string) => (v[k] ?? '').trim();
  const required = (k: string, zh: string, en: string) => {
    if (!get(k)) err(k, 'missing', { 'zh-CN': `${zh}不能为空`, 'en-US': `${en} is required` });
    return get(k);
  };

  let creditCode = required('creditCode', '统一社会信用代码', 'the credit code');
  if (creditCode) {
    const r = checkCreditCode(creditCode);
    if (r.ok) creditCode = r.code;
    else err('creditCode', `credit_code_${r.reason}`, CREDIT_REASON[r.reason]);
  }
  const name = required('name', '单位名称', 'the name');
  if (name.length > 200)
    err('name', 'too_long', { 'zh-CN': '单位名称超过 200 字', 'en-US': 'the name exceeds 200 characters' });

  const township = required('townshipCode', '乡镇（街道）代码', 'the township code');
  if (township) {
    if (!ctx.isTownship(township)) {
      err('townshipCode', 'unknown_division', {
        'zh-CN': `乡镇（街道）代码 ${township} 不存在`,
        'en-US': `no township with code ${township}`,
      });
    } else if (!ctx.inScope(township)) {
      err('townshipCode', 'division_out_of_scope', {
        'zh-CN': `乡镇（街道）${township} 不在您的管辖范围内`,
        'en-US': `township ${township} lies outside your area`,
      });
    }
  }
  const industry = required('industryCode', '行业代码', 'the industry code');
  if (industry && !ctx.isClass(industry)) {
    err('industryCode', 'unknown_industry', {
      'zh-CN': `行业代码 ${industry} 不是 GB/T 4754-2017 的行业小类`,
      'en-US': `${industry} is not a GB/T 4754-2017 class code`,
    });
  }
  const regType = required('registrationType', '登记注册类型', 'the registration type');
  if (regType && !isRegistrationType(regType)) {
    err('registrationType', 'unknown_registration_type', {
      'zh-CN': `登记注册类型 ${regType} 无效`,
      'en-US': `unknown registration type ${regType}`,
    });
  }

  const number = (k: string, zh: string, en: string, integer: boolean) => {
    const s = get(k).replace(/,/g, '');
    if (!s) return null;
    const n = Number(s);
    if (!/^\d+(\.\d+)?$/.test(s) || !Number.isFinite(n) || (integer && !Number.isInteger(n)) || n > 1e14) {
      err(k, 'bad_number', {
        'zh-CN': `${zh}应为${integer ? '非负整数' : '非负数'}`,
        'en-US': `${en} must be a non-negative ${integer ? 'whole number' : 'number'}`,
      });
      return null;
    }
    return integer ? n : Math.round(n * 10) / 10;
  };
  const employees = number('employees', '从业人员', 'employees', true);
  const revenue = number('revenueThousandYuan', '营业收入', 'revenue', false);

  let status: string | null = null;
  if (get('status')) {
    status = STATUS_WORDS[get('status').toLowerCase()] ?? null;
    if (!status) {
      err('status', 'bad_value', {
        'zh-CN': '状态应为 在营、停业 或 注销',
        'en-US': 'status must be active, suspended or exited',
      });
    }
  }
  const date = (k: string, zh: string, en: string) => {
    if (!get(k)) return null;
    const d = normDate(get(k));
    if (!d)
      err(k, 'bad_date', {
        'zh-CN': `${zh}应为 YYYY-MM-DD 格式的日期`,
        'en-US': `${en} must be a date YYYY-MM-DD`,
      });
    return d;
  };
  const entryDate = date('entryDate', '纳入日期', 'the entry date');
  const exitDate = date('exitDate', '退出日期', 'the exit date');
  if (entryDate && exitDate && exitDate < entryDate) {
    err('exitDate', 'bad_date', {
      'zh-CN': '退出日期早于纳入日期',
      'en-US': 'the exit date is before the entry date',
    });
  }
  const email = get('contactEmail');
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    err('contactEmail', 'bad_email', {
      'zh-CN': '电子邮箱格式不正确',
      'en-US': 'the e-mail address is not valid',
    });
  }
  const opt = (k: string, max: number) => {
    const s = get(k);
    if (s.length > max) {
      err(k, 'too_long', { 'zh-CN': `内容超过 ${max} 字`, 'en-US': `longer than ${max} characters` });
    }
    return s || null;
  };
  const address = opt('address', 300);
  const contactName = opt('contactName', 100);
  const contactPhone = opt('contactPhone', 40);

  if (errors.length) return { row: null, errors };
  return {
    row: {
      line,
      creditCode,
      name,
      townshipCode: township,
      industryCode: industry,
      registrationType: regType,
      employees,
      revenueThousandYuan: revenue,
      status,
      entryDate,
      exitDate,
      address,
      contactName,
      contactPhone,
      contactEmail: email || null,
    },
    errors,
  };
}
