/** Messages of the warning pages (zh-CN source and en-US), merged into the app's catalogues. */
export const warningZh = {} as const;

export const warningEn: Record<keyof typeof warningZh, string> = {};
