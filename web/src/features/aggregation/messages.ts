/** Messages of the aggregation pages (zh-CN source and en-US), merged into the app's catalogues. */
export const aggregationZh = {} as const;

export const aggregationEn: Record<keyof typeof aggregationZh, string> = {};
