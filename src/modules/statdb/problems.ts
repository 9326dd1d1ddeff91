/** The statistical database's problems (stable codes, zh-CN and en-US). */
import { defineProblems } from '../../platform/problems.ts';

export const statdbProblems = defineProblems('statdb', {
  indicator_not_found: { status: 404, zh: '找不到指标：{code}', en: 'No such indicator: {code}' },
  invalid_observations: {
    status: 422,
    zh: '数据有 {count} 处问题，均未写入',
    en: 'The data has {count} problem(s); nothing was written',
  },
  invalid_selection: {
    status: 400,
    zh: '查询条件有误：{zh}',
    en: 'The selection is not valid: {en}',
  },
  too_many_series: {
    status: 400,
    zh: '所选组合有 {count} 个序列，超过上限 {limit}，请缩小选择',
    en: 'The selection has {count} series, more than {limit}; narrow it',
  },
  invalid_indicators: {
    status: 422,
    zh: '指标定义有 {count} 处问题，均未写入',
    en: 'The indicator definitions have {count} problem(s); nothing was written',
  },
  bad_file: {
    status: 422,
    zh: '无法读取文件：{reason}',
    en: 'The file cannot be read: {reason}',
  },
  no_file: { status: 400, zh: '请上传文件', en: 'Upload a file' },
});
