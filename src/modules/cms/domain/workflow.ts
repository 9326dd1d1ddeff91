/**
 * The article workflow (审核发布流程) as data: which action may start from which stored status,
 * and which roles may take it. Pure, so the routes, the service and the page's buttons agree.
 */
import type { Role } from '../../../platform/auth.ts';
import type { StoredStatus, WorkflowAction } from '../contract.ts';

export const WRITERS: readonly Role[] = ['editor', 'publisher', 'admin'];
export const PUBLISHERS: readonly Role[] = ['publisher', 'admin'];

export const TRANSITIONS: Record<WorkflowAction, { from: readonly StoredStatus[]; roles: readonly Role[] }> =
  {
    // 提交审核
    submit: { from: ['draft'], roles: WRITERS },
    // 审核通过
    approve: { from: ['in_review'], roles: PUBLISHERS },
    // 退回修改 (with a comment)
    return: { from: ['in_review', 'approved'], roles: PUBLISHERS },
    // 发布: now, at a minute, or with a release
    publish: { from: ['approved'], roles: PUBLISHERS },
    // 撤稿: takes whatever the public sees down (also while a newer draft is being written)
    withdraw: { from: ['published', 'draft', 'in_review', 'approved'], roles: PUBLISHERS },
  };

/** Saving a new version is allowed from these statuses (the save turns the article into a draft). */
export const EDITABLE: readonly StoredStatus[] = ['draft', 'approved', 'published', 'withdrawn'];

/** The status an action leads to. */
export function nextStatus(action: WorkflowAction, from: StoredStatus): StoredStatus {
  switch (action) {
    case 'submit':
      return 'in_review';
    case 'approve':
      return 'approved';
    case 'return':
      return 'draft';
    case 'publish':
      return 'published';
    case 'withdraw':
      // A newer draft keeps being worked on; only the public copy goes.
      return from === 'published' ? 'withdrawn' : from;
  }
}

/** Actions a role may take on an article in `status` (`live`: the public sees a version of it). */
export function allowedActions(role: Role, status: StoredStatus, live: boolean): WorkflowAction[] {
  return (Object.keys(TRANSITIONS) as WorkflowAction[]).filter((a) => {
    const t = TRANSITIONS[a];
    if (!t.roles.includes(role) || !t.from.includes(status)) return false;
    return a === 'withdraw' ? live : true;
  });
}

export const STATUS_NAMES: Record<StoredStatus | 'scheduled', { zh: string; en: string }> = {
  draft: { zh: '草稿', en: 'a draft' },
  in_review: { zh: '待审核', en: 'in review' },
  approved: { zh: '已审核', en: 'approved' },
  published: { zh: '已发布', en: 'published' },
  scheduled: { zh: '定时发布', en: 'scheduled' },
  withdrawn: { zh: '已撤稿', en: 'withdrawn' },
};

export const ACTION_NAMES: Record<WorkflowAction, { zh: string; en: string }> = {
  submit: { zh: '提交审核', en: 'submitted for review' },
  approve: { zh: '审核通过', en: 'approved' },
  return: { zh: '退回', en: 'returned' },
  publish: { zh: '发布', en: 'published' },
  withdraw: { zh: '撤稿', en: 'withdrawn' },
};
