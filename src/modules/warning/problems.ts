/** Early-warning problems (stable codes, zh-CN and en-US). */
import { defineProblems } from '../../platform/problems.ts';

export const warningProblems = defineProblems('warning', {
  invalid_system: {
    status: 422,
    zh: '信号系统有 {count} 处错误，未保存',
    en: 'The signal system has {count} error(s); nothing was saved',
  },
  invalid_rule: {
    status: 422,
    zh: '预警规则有 {count} 处错误，未保存',
    en: 'The alert rule has {count} error(s); nothing was saved',
  },
  system_not_found: { status: 404, zh: '找不到该信号系统', en: 'No such signal system' },
  source_not_found: {
    status: 404,
    zh: '找不到该信号系统或预警规则',
    en: 'No such signal system or alert rule',
  },
  rule_not_found: { status: 404, zh: '找不到该预警规则', en: 'No such alert rule' },
  system_code_taken: {
    status: 409,
    zh: '信号系统代码 {code} 已被使用',
    en: 'The signal system code {code} is already in use',
  },
  system_in_use: {
    status: 409,
    zh: '该信号系统仍被 {count} 条预警规则引用，请先删除这些规则',
    en: 'The signal system is still used by {count} alert rule(s); delete them first',
  },
  version_conflict: {
    status: 409,
    zh: '数据已被他人修改，请刷新后重试',
    en: 'Someone else changed this; reload and try again',
  },
  rule_out_of_scope: {
    status: 403,
    zh: '区划 {region} 不在您的管辖范围内',
    en: 'Region {region} lies outside your area',
  },
  not_rule_owner: {
    status: 403,
    zh: '只有规则的创建者或市统计局、制度设计、管理员可以修改该规则',
    en: 'Only the rule’s author, city statisticians, designers and administrators may change it',
  },
  bad_period: {
    status: 400,
    zh: '报告期 {period} 无效或与频率不符（例如 {example}）',
    en: 'Period {period} is not valid or does not match the frequency (for example {example})',
  },
});
