/** Publication's problems (stable codes, zh-CN and en-US). */
import { defineProblems } from '../../platform/problems.ts';

export const publicationProblems = defineProblems('publication', {
  release_not_found: { status: 404, zh: '找不到发布日程：{id}', en: 'No such release: {id}' },
  dataset_not_found: { status: 404, zh: '找不到公开数据表：{code}', en: 'No such public dataset: {code}' },
  dataset_exists: { status: 409, zh: '公开数据表 {code} 已存在', en: 'Public dataset {code} already exists' },
  not_staged: {
    status: 404,
    zh: '发布“{release}”没有暂存数据表 {dataset}',
    en: 'Release “{release}” does not stage dataset {dataset}',
  },
  release_at_not_minute: {
    status: 422,
    zh: '发布时间须精确到分钟（秒为 0）：{at}',
    en: 'The release time must be a whole minute (seconds 0): {at}',
  },
  release_at_past: {
    status: 422,
    zh: '发布时间 {at} 已过（现在是 {now}）',
    en: 'The release time {at} is in the past (it is now {now})',
  },
  released: {
    status: 409,
    zh: '“{title}”已于 {at} 发布，不能再改期、取消或更改暂存数据',
    en: '“{title}” was released at {at}; it can no longer be moved, cancelled or re-staged',
  },
  cancelled: {
    status: 409,
    zh: '“{title}”已取消',
    en: '“{title}” is cancelled',
  },
  later_release_stages: {
    status: 409,
    zh: '发布“{other}”（{at}）也暂存了数据表 {dataset}；发布顺序不能交错，请先撤下那一次的暂存',
    en: 'Release “{other}” ({at}) also stages dataset {dataset}; stagings cannot interleave: unstage it there first',
  },
  invalid_dataset: {
    status: 422,
    zh: '公开数据表定义有 {count} 处问题，均未保存',
    en: 'The dataset definition has {count} problem(s); nothing was saved',
  },
  invalid_staging: {
    status: 422,
    zh: '暂存选择有 {count} 处问题，均未写入',
    en: 'The staging selection has {count} problem(s); nothing was written',
  },
  revision_note_required: {
    status: 422,
    zh: '{count} 个已公开（或已暂存）的数值将被修订，请填写修订说明',
    en: '{count} value(s) already public (or staged earlier) would be revised; give a revision note',
  },
});

/**
 * One problem of a definition or a selection, in both languages; listed in `details.issues` (the
 * shape request validation uses, so every client shows each one).
 */
export interface PublicationIssue {
  path: string;
  code: string;
  value: string | null;
  message: { 'zh-CN': string; 'en-US': string };
}
