import { defineProblems } from '../../platform/problems.ts';

export const collectionProblems = defineProblems('collection', {
  unit_not_found: { status: 404, zh: '找不到该调查单位', en: 'No such reporting unit' },
  unit_required: {
    status: 400,
    zh: '请指定调查单位（unitId）',
    en: 'Name the reporting unit (unitId)',
  },
  form_not_found: { status: 404, zh: '找不到该报表', en: 'No such form' },
  bad_period: {
    status: 400,
    zh: '{period} 不是该报表的报告期（应形如 {example}）',
    en: '{period} is not a period of this form (expected something like {example})',
  },
  form_not_in_force: {
    status: 404,
    zh: '报表 {formCode} 在 {period} 没有启用的版本',
    en: 'Form {formCode} has no active version for {period}',
  },
  not_in_scope: {
    status: 403,
    zh: '本单位不在报表 {formCode} {period} 的报送范围内，无需填报',
    en: 'This unit is not in the reporting scope of form {formCode} for {period}; it has nothing to report',
  },
  version_not_found: { status: 404, zh: '找不到第 {seq} 次保存的版本', en: 'No saved version {seq}' },
  invalid_cells: {
    status: 400,
    zh: '{count} 个单元格的值有误，未保存：{cells}',
    en: '{count} cell value(s) are wrong; nothing was saved: {cells}',
  },
  blocked_by_rules: {
    status: 422,
    zh: '有 {count} 条强制性审核未通过，不能上报：{rules}',
    en: '{count} fatal check(s) failed; the form cannot be submitted: {rules}',
  },
  required_cells_blank: {
    status: 422,
    zh: '必填单元格未填写，不能上报：{cells}',
    en: 'Required cells are blank; the form cannot be submitted: {cells}',
  },
  explanation_required: {
    status: 400,
    zh: '以下核实性审核未通过，须逐条填写说明：{rules}',
    en: 'These verify checks failed and each needs an explanation: {rules}',
  },
  unknown_explanation: {
    status: 400,
    zh: '说明对应的审核规则不存在：{rules}',
    en: 'Explanations name rules the form does not have: {rules}',
  },
  period_not_open: {
    status: 409,
    zh: '报告期 {period} 尚未结束，{opensAt}（北京时间）起方可填报',
    en: 'Period {period} has not ended yet; reporting opens at {opensAt} Beijing time',
  },
  period_closed: {
    status: 409,
    zh: '报告期 {period} 的报送已关闭（{why}）',
    en: 'Reporting for period {period} is closed ({why})',
  },
  already_submitted: {
    status: 409,
    zh: '该报表已{status}，不能重复上报或修改（退回后方可修改）',
    en: 'This form is already {status}; it cannot be changed or submitted again unless returned',
  },
  version_conflict: {
    status: 409,
    zh: '该报表已被修改（当前版本 {current}），请刷新后重试',
    en: 'This form was changed meanwhile (now version {current}); reload and try again',
  },
  idempotency_key_reused: {
    status: 409,
    zh: '幂等键 {key} 已用于另一份不同的请求',
    en: 'Idempotency key {key} was already used for a different request',
  },
  bad_idempotency_key: {
    status: 400,
    zh: '幂等键须为 1–200 个可见 ASCII 字符',
    en: 'An Idempotency-Key must be 1–200 visible ASCII characters',
  },
  not_closed: { status: 409, zh: '该报告期未被手工关闭', en: 'This period was not closed by hand' },
  // Excel template upload and the PDF of a submitted form (files: excel.ts, pdf.ts, file-routes.ts).
  upload_no_file: {
    status: 400,
    zh: '请以 multipart/form-data 的 file 字段上传填报模板（.xlsx）',
    en: 'Send the filled template (.xlsx) as the multipart/form-data field "file"',
  },
  upload_too_large: {
    status: 413,
    zh: '文件过大（上限 {limit}），未保存',
    en: 'The file is too large (limit {limit}); nothing was saved',
  },
  upload_not_xlsx: {
    status: 400,
    zh: '上传的文件不是有效的 Excel（.xlsx）文件：{reason}',
    en: 'The file is not a valid Excel (.xlsx) file: {reason}',
  },
  upload_no_key: {
    status: 422,
    zh: '该文件不是本平台下载的填报模板（缺少模板标识），请先下载模板再填写',
    en: 'This file is not a template downloaded from this platform (its key is missing); download the template and fill that in',
  },
  upload_bad_key: {
    status: 422,
    zh: '模板标识已损坏（{reason}），请重新下载模板',
    en: 'The template key is damaged ({reason}); download the template again',
  },
  upload_template_mismatch: {
    status: 422,
    zh: '该模板不是本报表本期的模板：{what}，请下载本期模板',
    en: 'This template is for another form or period: {what}; download the template for this one',
  },
  upload_invalid_cells: {
    status: 422,
    zh: '{count} 个单元格有误，未保存：{cells}',
    en: '{count} cell(s) are wrong; nothing was saved: {cells}',
  },
  not_submitted: {
    status: 409,
    zh: '该报表尚未上报，没有可打印的上报表（可指定已保存的版本 seq）',
    en: 'This form has not been submitted, so there is no submitted form to print (name a saved version with seq)',
  },
});
