/**
 * Messages of the collection pages (zh-CN source and en-US), merged into the app's catalogues by
 * `i18n/zh-CN.ts` and `i18n/en-US.ts`. Keys start with `collection.`.
 */
export const collectionZh = {
  'nav.collection': '填报任务',
} as const;

export const collectionEn: Record<keyof typeof collectionZh, string> = {
  'nav.collection': 'Reporting tasks',
};
