import { defineProblems } from '../../platform/problems.ts';

export const surveysProblems = defineProblems('surveys', {
  invalid_definition: {
    status: 400,
    zh: '报表定义有 {count} 处错误，未导入',
    en: 'The form definition has {count} error(s); nothing was imported',
  },
  empty_definition: { status: 400, zh: '没有收到报表定义内容', en: 'No form definition was sent' },
  survey_not_found: { status: 404, zh: '找不到该调查制度', en: 'No such survey' },
  form_not_found: { status: 404, zh: '找不到该报表', en: 'No such form' },
  version_not_found: { status: 404, zh: '找不到该报表版本', en: 'No such form version' },
  version_not_draft: {
    status: 409,
    zh: '只有草稿版本可以启用（当前状态：{status}）',
    en: 'Only a draft version can be activated (this one is {status})',
  },
  activation_conflict: {
    status: 409,
    zh: '不能启用：与已启用的第 {number} 版冲突（{reason}）',
    en: 'Cannot activate: conflicts with active version {number} ({reason})',
  },
  bad_period: {
    status: 400,
    zh: '{period} 不是该报表的报告期（应形如 {example}）',
    en: '{period} is not a period of this form (expected something like {example})',
  },
  period_range_too_long: {
    status: 400,
    zh: '一次最多列出 {max} 个报告期',
    en: 'At most {max} periods can be listed at once',
  },
  unit_not_found: {
    status: 400,
    zh: '调查单位 {unitId} 不存在',
    en: 'Reporting unit {unitId} does not exist',
  },
  override_not_found: { status: 404, zh: '找不到该报送范围调整记录', en: 'No such scope override' },
  override_revoked: { status: 409, zh: '该调整记录已撤销', en: 'This scope override was already revoked' },
});
