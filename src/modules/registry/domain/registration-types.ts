/**
 * Registration types (登记注册类型), the codes of 关于划分企业登记注册类型的规定 (国统字〔2011〕86号)
 * that statistical registers use to classify enterprises by ownership.
 */
export const REGISTRATION_TYPES = [
  { code: '110', name: '国有企业', nameEn: 'State-owned enterprise' },
  { code: '120', name: '集体企业', nameEn: 'Collective enterprise' },
  { code: '130', name: '股份合作企业', nameEn: 'Joint-stock cooperative' },
  { code: '141', name: '国有联营企业', nameEn: 'State joint venture' },
  { code: '142', name: '集体联营企业', nameEn: 'Collective joint venture' },
  { code: '143', name: '国有与集体联营企业', nameEn: 'State–collective joint venture' },
  { code: '149', name: '其他联营企业', nameEn: 'Other joint venture' },
  { code: '151', name: '国有独资公司', nameEn: 'Wholly state-owned company' },
  { code: '159', name: '其他有限责任公司', nameEn: 'Other limited liability company' },
  { code: '160', name: '股份有限公司', nameEn: 'Company limited by shares' },
  { code: '171', name: '私营独资企业', nameEn: 'Private sole proprietorship' },
  { code: '172', name: '私营合伙企业', nameEn: 'Private partnership' },
  { code: '173', name: '私营有限责任公司', nameEn: 'Private limited liability company' },
  { code: '174', name: '私营股份有限公司', nameEn: 'Private company limited by shares' },
  { code: '190', name: '其他企业', nameEn: 'Other enterprise' },
  { code: '210', name: '与港澳台商合资经营企业', nameEn: 'Equity JV with Hong Kong/Macao/Taiwan' },
  { code: '220', name: '与港澳台商合作经营企业', nameEn: 'Contractual JV with Hong Kong/Macao/Taiwan' },
  { code: '230', name: '港澳台商独资经营企业', nameEn: 'Wholly Hong Kong/Macao/Taiwan-owned' },
  {
    code: '240',
    name: '港澳台商投资股份有限公司',
    nameEn: 'Hong Kong/Macao/Taiwan-invested company limited by shares',
  },
  { code: '290', name: '其他港澳台商投资企业', nameEn: 'Other Hong Kong/Macao/Taiwan-invested' },
  { code: '310', name: '中外合资经营企业', nameEn: 'Sino-foreign equity joint venture' },
  { code: '320', name: '中外合作经营企业', nameEn: 'Sino-foreign contractual joint venture' },
  { code: '330', name: '外资企业', nameEn: 'Wholly foreign-owned enterprise' },
  { code: '340', name: '外商投资股份有限公司', nameEn: 'Foreign-invested company limited by shares' },
  { code: '390', name: '其他外商投资企业', nameEn: 'Other foreign-invested enterprise' },
] as const;

export type RegistrationTypeCode = (typeof REGISTRATION_TYPES)[number]['code'];
export const REGISTRATION_TYPE_CODES = REGISTRATION_TYPES.map((t) => t.code) as [
  RegistrationTypeCode,
  ...RegistrationTypeCode[],
];
export const isRegistrationType = (code: string): code is RegistrationTypeCode =>
  (REGISTRATION_TYPE_CODES as string[]).includes(code);
