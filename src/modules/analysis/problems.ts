/** Analysis problems (stable codes, zh-CN and en-US). */
import { defineProblems } from '../../platform/problems.ts';

export const analysisProblems = defineProblems('analysis', {
  too_short: {
    status: 400,
    zh: '序列只有 {n} 个值；季节调整需要超过两个完整周期（频率 {frequency} 时至少 {min} 个）',
    en: 'The series has {n} values; seasonal adjustment needs more than two full cycles (at least {min} for frequency {frequency})',
  },
  missing_values: {
    status: 400,
    zh: '序列有 {count} 个缺失值（第一个在位置 {first}）；请补齐，或设置 missing 为 "interpolate" 以线性插补',
    en: 'The series has {count} missing value(s) (the first at position {first}); fill them in, or set missing to "interpolate" for linear interpolation',
  },
  missing_at_ends: {
    status: 400,
    zh: '序列首尾的缺失值无法插补（位置 {first}）；请去掉首尾缺失的部分',
    en: 'Missing values at the start or end of the series cannot be interpolated (position {first}); trim them off',
  },
  bad_start: {
    status: 400,
    zh: '起始期 {period} 超出范围：频率为 {frequency} 时应在 1 到 {frequency} 之间',
    en: 'Start period {period} is out of range: with frequency {frequency} it must be between 1 and {frequency}',
  },
  bad_parameter: {
    status: 400,
    zh: 'STL 参数 {field} 无效',
    en: 'STL parameter {field} is not valid',
  },
  too_much_work: {
    status: 400,
    zh: '这组参数约需 {work} 次局部回归计算（上限 {limit}）；请增大 jump 参数、减小窗宽或迭代次数',
    en: 'These parameters need about {work} local regression evaluations (limit {limit}); use larger jumps, narrower windows or fewer iterations',
  },
});
