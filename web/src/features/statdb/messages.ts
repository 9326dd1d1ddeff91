/** Messages of the statdb pages (zh-CN source and en-US), merged into the app's catalogues. */
export const statdbZh = {} as const;

export const statdbEn: Record<keyof typeof statdbZh, string> = {};
