import { defineProblems } from '../../platform/problems.ts';

export const reviewProblems = defineProblems('review', {
  submission_not_found: {
    status: 404,
    zh: '找不到该报表（未上报或不在您的范围内）',
    en: 'No such submission (not handed in, or outside your area)',
  },
  form_not_found: { status: 404, zh: '找不到该报表', en: 'No such form' },
  query_not_found: { status: 404, zh: '找不到该查询', en: 'No such query' },
  conflict: {
    status: 409,
    zh: '该报表的审核状态已被他人改变（当前版本 {current}），请刷新后重试',
    en: 'Someone else changed this review meanwhile (now version {current}); reload and try again',
  },
  not_pending: {
    status: 409,
    zh: '该报表当前不在待审核状态（{status}）',
    en: 'This submission is not waiting for review ({status})',
  },
  not_your_level: {
    status: 403,
    zh: '该报表当前在{level}级审核，您不能在此级作出决定',
    en: 'This submission is under review at the {level} level; you cannot decide there',
  },
  not_lower_level: {
    status: 400,
    zh: '只能退回到已配置的更低一级审核（{levels}）',
    en: 'A return must name a configured level below the current one ({levels})',
  },
  reason_required: {
    status: 400,
    zh: '退回或重新打开须说明理由',
    en: 'A return or reopening needs a reason',
  },
  not_approved: {
    status: 409,
    zh: '只有审核通过的报表才能重新打开',
    en: 'Only an approved submission can be reopened',
  },
  top_level_only: {
    status: 403,
    zh: '只有最高一级（{level}）审核人员可以重新打开',
    en: 'Only the top review level ({level}) may reopen',
  },
  explanation_rejected: {
    status: 409,
    zh: '以下说明已被驳回且单位尚未修改，不能审核通过：{rules}',
    en: 'These explanations were rejected and not yet revised; the form cannot be approved: {rules}',
  },
  no_explanation: {
    status: 409,
    zh: '规则 {ruleId} 没有未通过的核实性审核说明可供审查',
    en: 'Rule {ruleId} has no explained verify failure to judge',
  },
  unknown_cell: { status: 400, zh: '报表中没有单元格 {cell}', en: 'The form has no cell {cell}' },
  query_closed: { status: 409, zh: '该查询已关闭', en: 'This query is closed' },
  period_mismatch: {
    status: 400,
    zh: '报告期 {period} 与该报表的报送频率不符（应如 {example}）',
    en: "The period {period} does not match the form's frequency (expected one like {example})",
  },
  bad_levels: {
    status: 400,
    zh: '审核层级须为 township、county、city 中不重复的若干级，由低到高',
    en: 'Review levels must be distinct levels of township, county, city, lowest first',
  },
});
