/** Content management's problems (stable codes, zh-CN and en-US). */
import { defineProblems } from '../../platform/problems.ts';

export const cmsProblems = defineProblems('cms', {
  article_not_found: { status: 404, zh: '找不到文章：{id}', en: 'No such article: {id}' },
  version_not_found: { status: 404, zh: '找不到该版本：{version}', en: 'No such version: {version}' },
  slug_taken: {
    status: 409,
    zh: '网址名“{slug}”已被其他文章使用',
    en: 'The URL name "{slug}" is used by another article',
  },
  slug_frozen: {
    status: 409,
    zh: '文章发布后网址名不能再改（原为“{slug}”）',
    en: 'The URL name cannot change once the article was published (it is "{slug}")',
  },
  stale_version: {
    status: 409,
    zh: '文章已被他人保存为第 {current} 版，请刷新后在最新版本上修改',
    en: 'Someone saved version {current} meanwhile; reload and edit the newest version',
  },
  illegal_transition: {
    status: 409,
    zh: '文章当前状态为“{statusZh}”，不能{actionZh}',
    en: 'The article is {status}; it cannot be {actionEn}',
  },
  not_editable: {
    status: 409,
    zh: '文章正在审核中，请先退回再修改',
    en: 'The article is in review; return it before editing',
  },
  publish_at_past: {
    status: 400,
    zh: '定时发布时间必须晚于当前时间（{now}）',
    en: 'The scheduled time must be after now ({now})',
  },
  publish_at_minute: {
    status: 400,
    zh: '定时发布时间须为整分钟',
    en: 'The scheduled time must be a whole minute',
  },
  release_not_found: {
    status: 404,
    zh: '找不到可用的发布日程：{id}',
    en: 'No such release (or it is cancelled): {id}',
  },
  file_not_found: { status: 404, zh: '找不到文件：{id}', en: 'No such file: {id}' },
  no_file: { status: 400, zh: '请上传文件（表单字段 file）', en: 'Upload a file (form field "file")' },
  file_too_large: {
    status: 413,
    zh: '文件过大（上限 {limit} 字节）',
    en: 'The file is too large (limit {limit} bytes)',
  },
  file_type_refused: {
    status: 415,
    zh: '不接受此文件：{zh}',
    en: 'This file is not accepted: {en}',
  },
  question_not_found: { status: 404, zh: '找不到留言：{id}', en: 'No such question: {id}' },
  question_state: {
    status: 409,
    zh: '留言当前状态为“{statusZh}”，不能{actionZh}',
    en: 'The question is {status}; it cannot be {actionEn}',
  },
  ask_invalid: {
    status: 400,
    zh: '留言内容有误：{zh}',
    en: 'The question is not valid: {en}',
  },
  ask_rate_limited: {
    status: 429,
    zh: '提交过于频繁：同一地址 {minutes} 分钟内最多留言 {limit} 条，请稍后再试',
    en: 'Too many questions: at most {limit} from one address in {minutes} minutes; try again later',
  },
});
