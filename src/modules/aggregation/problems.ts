/** Aggregation problems (stable codes, zh-CN and en-US). */
import { defineProblems } from '../../platform/problems.ts';

export const aggregationProblems = defineProblems('aggregation', {
  form_not_found: { status: 404, zh: '找不到该报表', en: 'No such form' },
  form_version_not_found: {
    status: 409,
    zh: '报表版本 {number} 不存在',
    en: 'Form version {number} does not exist',
  },
  submission_not_found: { status: 404, zh: '找不到该报表的填报数据', en: 'No such submission' },
  unit_not_found: { status: 404, zh: '名录库中找不到该单位', en: 'The unit is not in the register' },
  changed_meanwhile: {
    status: 409,
    zh: '数据已被他人修改，请刷新后重试',
    en: 'The data changed meanwhile; reload and try again',
  },
  bad_period: {
    status: 400,
    zh: '报告期“{period}”不符合该报表的频率',
    en: 'Period "{period}" does not match the form\'s frequency',
  },
  unknown_cut: {
    status: 400,
    zh: '未知的汇总口径“{cut}”；可用：{known}',
    en: 'Unknown cut "{cut}"; available: {known}',
  },
  unknown_item: {
    status: 400,
    zh: '该报表没有可汇总的指标“{item}”',
    en: 'The form has no additive item "{item}"',
  },
  bad_table: {
    status: 400,
    zh: '行和列的口径不能组成一张表：{why}',
    en: 'These rows and columns do not make a table: {why}',
  },
  not_signed_off: {
    status: 404,
    zh: '该报告期尚未封库',
    en: 'This period has not been signed off',
  },
  nothing_to_sign_off: {
    status: 409,
    zh: '该报告期还没有审核通过的数据，不能封库',
    en: 'Nothing has been approved for this period yet; it cannot be signed off',
  },
  out_of_scope: {
    status: 404,
    zh: '找不到该地区的汇总数据',
    en: 'No aggregates for this region',
  },
  bad_as_of: {
    status: 400,
    zh: '时点“{asOf}”不是有效的日期时间',
    en: '"{asOf}" is not a valid date and time',
  },
});
