/** Monitoring problems (stable codes, zh-CN and en-US). */
import { defineProblems } from '../../platform/problems.ts';

export const monitoringProblems = defineProblems('monitoring', {
  form_not_found: { status: 404, zh: '找不到该报表', en: 'No such form' },
  bad_period: {
    status: 400,
    zh: '报告期 {period} 与该报表的频率不符（例如 {example}）',
    en: 'Period {period} does not match the form frequency (for example {example})',
  },
  division_not_found: {
    status: 404,
    zh: '找不到该区划，或不在您的管辖范围内',
    en: 'No such division, or it is outside your area',
  },
  units_not_expected: {
    status: 400,
    zh: '以下单位不是该报表本期在 {division} 的应报单位：{units}',
    en: 'These units are not expected to report this form and period in {division}: {units}',
  },
  notification_not_found: { status: 404, zh: '找不到该通知', en: 'No such notification' },
});
