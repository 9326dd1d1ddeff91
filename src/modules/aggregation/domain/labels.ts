/**
 * Labels of the codes a summary table shows that the register's reference tables do not name:
 * size classes (企业规模, 《统计上大中小微型企业划分办法》) and registration types (登记注册类型,
 * 《关于划分企业登记注册类型的规定》 codes). Sort orders are the ones yearbook tables use.
 */
export const SIZE_ORDER = ['large', 'medium', 'small', 'micro', 'unknown'];

export const SIZE_LABELS: Record<string, { zh: string; en: string }> = {
  large: { zh: '大型', en: 'Large' },
  medium: { zh: '中型', en: 'Medium' },
  small: { zh: '小型', en: 'Small' },
  micro: { zh: '微型', en: 'Micro' },
  unknown: { zh: '未分规模', en: 'Size unknown' },
};

export const REGISTRATION_LABELS: Record<string, { zh: string; en: string }> = {
  '110': { zh: '国有企业', en: 'State-owned' },
  '120': { zh: '集体企业', en: 'Collective' },
  '130': { zh: '股份合作企业', en: 'Joint-stock cooperative' },
  '141': { zh: '国有联营企业', en: 'State joint operation' },
  '142': { zh: '集体联营企业', en: 'Collective joint operation' },
  '143': { zh: '国有与集体联营企业', en: 'State-collective joint operation' },
  '149': { zh: '其他联营企业', en: 'Other joint operation' },
  '151': { zh: '国有独资公司', en: 'Wholly state-owned company' },
  '159': { zh: '其他有限责任公司', en: 'Other limited liability company' },
  '160': { zh: '股份有限公司', en: 'Company limited by shares' },
  '171': { zh: '私营独资企业', en: 'Private sole proprietorship' },
  '172': { zh: '私营合伙企业', en: 'Private partnership' },
  '173': { zh: '私营有限责任公司', en: 'Private limited liability company' },
  '174': { zh: '私营股份有限公司', en: 'Private company limited by shares' },
  '190': { zh: '其他企业', en: 'Other enterprise' },
  '210': { zh: '与港澳台商合资经营企业', en: 'HK/Macao/Taiwan equity joint venture' },
  '220': { zh: '与港澳台商合作经营企业', en: 'HK/Macao/Taiwan contractual joint venture' },
  '230': { zh: '港澳台商独资经营企业', en: 'Wholly HK/Macao/Taiwan-owned' },
  '240': { zh: '港澳台商投资股份有限公司', en: 'HK/Macao/Taiwan-invested company limited by shares' },
  '290': { zh: '其他港澳台商投资企业', en: 'Other HK/Macao/Taiwan-invested' },
  '310': { zh: '中外合资经营企业', en: 'Sino-foreign equity joint venture' },
  '320': { zh: '中外合作经营企业', en: 'Sino-foreign contractual joint venture' },
  '330': { zh: '外资企业', en: 'Wholly foreign-owned' },
  '340': { zh: '外商投资股份有限公司', en: 'Foreign-invested company limited by shares' },
  '390': { zh: '其他外商投资企业', en: 'Other foreign-invested' },
  unknown: { zh: '未分类型', en: 'Type unknown' },
};
