import { defineProblems } from '../../platform/problems.ts';

export const identityProblems = defineProblems('identity', {
  bad_credentials: {
    status: 401,
    zh: '用户名或密码错误',
    en: 'Wrong username or password',
  },
  locked: {
    status: 423,
    zh: '连续登录失败次数过多，账号已锁定，请于 {minutes} 分钟后再试或联系管理员',
    en: 'Too many failed sign-ins: the account is locked; try again in {minutes} minutes or ask an administrator',
  },
  disabled: { status: 403, zh: '账号已停用', en: 'This account is disabled' },
  session_expired: {
    status: 401,
    zh: '登录已过期，请重新登录',
    en: 'Your session has expired; please sign in again',
  },
  weak_password: {
    status: 400,
    zh: '密码不符合规则：{rules}',
    en: 'The password does not meet the rules: {rules}',
  },
  wrong_current_password: { status: 400, zh: '当前密码不正确', en: 'The current password is wrong' },
  username_taken: { status: 409, zh: '用户名 {username} 已被使用', en: 'The username {username} is taken' },
  account_not_found: { status: 404, zh: '找不到该账号', en: 'No such account' },
  token_not_found: { status: 404, zh: '找不到该令牌', en: 'No such token' },
  office_required: {
    status: 400,
    zh: '统计人员账号必须绑定与角色同级的统计机构',
    en: 'A statistician account must be bound to an office of its level',
  },
  office_not_found: { status: 400, zh: '统计机构 {officeId} 不存在', en: 'Office {officeId} does not exist' },
  office_level_mismatch: {
    status: 400,
    zh: '角色 {role} 与统计机构级别 {level} 不符',
    en: 'Role {role} does not match the office level {level}',
  },
  unit_required: {
    status: 400,
    zh: '企业填报账号必须绑定一个调查单位',
    en: 'An enterprise reporter account must be bound to one reporting unit',
  },
  unit_not_found: { status: 400, zh: '调查单位不存在', en: 'The reporting unit does not exist' },
  binding_not_allowed: {
    status: 400,
    zh: '该角色不能绑定统计机构或调查单位',
    en: 'This role cannot be bound to an office or a reporting unit',
  },
  version_conflict: {
    status: 409,
    zh: '账号已被他人修改，请刷新后重试',
    en: 'Someone else changed this account; reload and try again',
  },
  cannot_disable_self: { status: 400, zh: '不能停用自己的账号', en: 'You cannot disable your own account' },
});

export const PASSWORD_RULE_TEXT: Record<string, { 'zh-CN': string; 'en-US': string }> = {
  too_short: { 'zh-CN': '至少 10 个字符', 'en-US': 'at least 10 characters' },
  too_long: { 'zh-CN': '最多 128 个字符', 'en-US': 'at most 128 characters' },
  too_simple: {
    'zh-CN': '须包含大写字母、小写字母、数字、符号中的至少三类',
    'en-US': 'at least three of: upper case, lower case, digits, symbols',
  },
  contains_username: { 'zh-CN': '不能包含用户名', 'en-US': 'must not contain the username' },
};
