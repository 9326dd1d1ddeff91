/**
 * Messages of the review pages (zh-CN source and en-US), merged into the app's catalogues by
 * `i18n/zh-CN.ts` and `i18n/en-US.ts`. Keys start with `review.`.
 */
export const reviewZh = {
  'nav.review': '审核',
} as const;

export const reviewEn: Record<keyof typeof reviewZh, string> = {
  'nav.review': 'Review',
};
