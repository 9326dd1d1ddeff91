/**
 * Turns zod issues into messages a person understands, in both languages, each naming where the
 * problem is (`body.unit.name`). Zod's own messages are English-only and written for developers.
 */
export interface IssueLike {
  code: string;
  path: PropertyKey[];
  message: string;
  expected?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  keys?: string[];
  values?: unknown[];
  format?: string;
  origin?: string;
}

export interface IssueDetail {
  path: string;
  code: string;
  message: { 'zh-CN': string; 'en-US': string };
}

const TYPE_ZH: Record<string, string> = {
  string: '文本',
  number: '数字',
  int: '整数',
  boolean: '布尔值',
  object: '对象',
  array: '数组',
  date: '日期',
};

function one(issue: IssueLike): { zh: string; en: string } {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.message.includes('received undefined')) return { zh: '必填', en: 'is required' };
      return {
        zh: `应为${TYPE_ZH[issue.expected ?? ''] ?? issue.expected}`,
        en: `must be ${issue.expected === 'int' ? 'an integer' : `a ${issue.expected}`}`,
      };
    case 'too_small':
      if (issue.origin === 'string')
        return { zh: `至少 ${issue.minimum} 个字符`, en: `must have at least ${issue.minimum} characters` };
      if (issue.origin === 'array')
        return { zh: `至少 ${issue.minimum} 项`, en: `must have at least ${issue.minimum} items` };
      return { zh: `不能小于 ${issue.minimum}`, en: `must be at least ${issue.minimum}` };
    case 'too_big':
      if (issue.origin === 'string')
        return { zh: `最多 ${issue.maximum} 个字符`, en: `must have at most ${issue.maximum} characters` };
      if (issue.origin === 'array')
        return { zh: `最多 ${issue.maximum} 项`, en: `must have at most ${issue.maximum} items` };
      return { zh: `不能大于 ${issue.maximum}`, en: `must be at most ${issue.maximum}` };
    case 'unrecognized_keys':
      return {
        zh: `含有未知字段：${(issue.keys ?? []).join('、')}`,
        en: `has unknown field(s): ${(issue.keys ?? []).join(', ')}`,
      };
    case 'invalid_value':
      return {
        zh: `应为以下之一：${(issue.values ?? []).map(String).join('、')}`,
        en: `must be one of: ${(issue.values ?? []).map(String).join(', ')}`,
      };
    case 'invalid_format':
      return { zh: `格式不正确（${issue.format}）`, en: `is not a valid ${issue.format}` };
    default:
      return { zh: `无效：${issue.message}`, en: `is invalid: ${issue.message}` };
  }
}

export function describeIssues(issues: (IssueLike & { where?: string })[]): {
  summary: { 'zh-CN': string; 'en-US': string };
  details: IssueDetail[];
} {
  const details = issues.map((issue) => {
    const path = [issue.where, ...issue.path.map(String)].filter(Boolean).join('.');
    const m = one(issue);
    return {
      path,
      code: issue.code,
      message: { 'zh-CN': `${path} ${m.zh}`, 'en-US': `${path} ${m.en}` },
    };
  });
  const more = details.length > 3 ? ` …(${details.length})` : '';
  const summary = {
    'zh-CN': `${details
      .slice(0, 3)
      .map((d) => d.message['zh-CN'])
      .join('；')}${more}`,
    'en-US': `${details
      .slice(0, 3)
      .map((d) => d.message['en-US'])
      .join('; ')}${more}`,
  };
  return { summary, details };
}
