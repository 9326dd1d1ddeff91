import { defineProblems } from '../../platform/problems.ts';

export const registryProblems = defineProblems('registry', {
  unit_not_found: { status: 404, zh: '找不到该调查单位', en: 'No such reporting unit' },
  credit_code_taken: {
    status: 409,
    zh: '统一社会信用代码 {creditCode} 已在名录库中',
    en: 'The credit code {creditCode} is already in the register',
  },
  bad_credit_code: {
    status: 400,
    zh: '统一社会信用代码 {creditCode} 无效：{reason}',
    en: 'The credit code {creditCode} is not valid: {reason}',
  },
  unknown_division: {
    status: 400,
    zh: '乡镇（街道）代码 {code} 不存在',
    en: 'No township (street) with code {code}',
  },
  division_out_of_scope: {
    status: 403,
    zh: '乡镇（街道）{code} 不在您的管辖范围内',
    en: 'Township {code} lies outside your area',
  },
  unknown_industry: {
    status: 400,
    zh: '行业代码 {code} 不是 GB/T 4754-2017 的行业小类',
    en: 'Industry code {code} is not a GB/T 4754-2017 class',
  },
  unknown_grouping: { status: 400, zh: '行业分组 {id} 不存在', en: 'No industry grouping {id}' },
  version_conflict: {
    status: 409,
    zh: '该单位已被他人修改，请刷新后重试',
    en: 'Someone else changed this unit; reload and try again',
  },
  bad_status_change: {
    status: 400,
    zh: '状态变更无效：{reason}',
    en: 'Invalid status change: {reason}',
  },
  import_not_found: { status: 404, zh: '找不到该导入批次', en: 'No such import' },
  import_has_errors: {
    status: 422,
    zh: '导入文件有 {badRows} 行错误，请修正后重新上传',
    en: 'The file has {badRows} bad rows; correct them and upload again',
  },
  import_not_pending: {
    status: 409,
    zh: '该导入批次已{status}，不能再确认',
    en: 'This import is already {status}',
  },
  import_expired: {
    status: 410,
    zh: '导入预览已过期，请重新上传',
    en: 'The import preview has expired; upload again',
  },
  import_stale: {
    status: 409,
    zh: '预览之后名录库已有变化（{count} 行受影响），请重新上传',
    en: 'The register changed since the preview ({count} rows affected); upload again',
  },
  empty_file: { status: 400, zh: '文件为空或没有数据行', en: 'The file is empty or has no data rows' },
  malformed_file: {
    status: 400,
    zh: '无法读取文件：{reason}',
    en: 'The file cannot be read: {reason}',
  },
  missing_columns: {
    status: 400,
    zh: '缺少必需的列：{columns}',
    en: 'Required columns are missing: {columns}',
  },
  too_many_rows: {
    status: 413,
    zh: '文件行数过多（上限 {limit} 行）',
    en: 'Too many rows (limit {limit})',
  },
  no_file: { status: 400, zh: '请求中没有文件', en: 'No file in the request' },
});
