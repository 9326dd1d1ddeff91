/** The open data API's problems (stable codes, zh-CN and en-US). */
import { defineProblems } from '../../platform/problems.ts';

export const opendataProblems = defineProblems('opendata', {
  table_not_found: {
    status: 404,
    zh: '找不到数据表：{id}（不存在或尚未发布）',
    en: 'No such table: {id} (unknown or not yet released)',
  },
  unknown_dimension: {
    status: 400,
    zh: '数据表没有维度 {dimension}（可用维度：{known}）',
    en: 'The table has no dimension {dimension} (its dimensions: {known})',
  },
  unknown_code: {
    status: 400,
    zh: '维度 {dimension} 中没有代码 {code}',
    en: 'Dimension {dimension} has no code {code}',
  },
  bad_expression: {
    status: 400,
    zh: '维度 {dimension} 的选择表达式有误：{expression}（可用：代码、逗号分隔的列表、*、top(n)、bottom(n)、from(x)、to(x)、range(x,y)）',
    en: 'The selection of {dimension} is not valid: {expression} (use codes, a comma list, *, top(n), bottom(n), from(x), to(x), range(x,y))',
  },
  empty_selection: {
    status: 404,
    zh: '所选条件在维度 {dimension} 上没有任何数据',
    en: 'The selection matches no data on dimension {dimension}',
  },
  too_many_cells: {
    status: 400,
    zh: '所选数据有 {count} 个单元格，超过上限 {limit}，请缩小选择',
    en: 'The selection has {count} cells, more than the limit of {limit}; narrow it',
  },
  bad_key: {
    status: 400,
    zh: '序列键有误：{key}（应按 {expected} 的顺序，用 . 分隔，+ 表示"或"，留空表示全部）',
    en: 'The series key is not valid: {key} (positions {expected}, separated by ".", "+" for or, empty for all)',
  },
  bad_period: {
    status: 400,
    zh: '时期有误：{period}（应为 2026、2026-10、2026-Q3 或 2026-10-15，且起点不晚于终点）',
    en: 'Not a valid period: {period} (write 2026, 2026-10, 2026-Q3 or 2026-10-15, start not after end)',
  },
  bad_as_of: {
    status: 400,
    zh: 'asOf 不是有效的时间：{value}（应为 ISO 8601，如 2026-11-01T08:00:00Z）',
    en: 'asOf is not a valid instant: {value} (use ISO 8601, e.g. 2026-11-01T08:00:00Z)',
  },
  not_acceptable: {
    status: 406,
    zh: '不支持所请求的格式：{format}（可用：{supported}）',
    en: 'The requested format is not supported: {format} (available: {supported})',
  },
  unknown_parameter: {
    status: 400,
    zh: '不认识的参数：{name}（可用：{known}）',
    en: 'Unknown parameter: {name} (known: {known})',
  },
  rate_limited: {
    status: 429,
    zh: '请求过于频繁，请 {seconds} 秒后再试',
    en: 'Too many requests; try again in {seconds} s',
  },
});
