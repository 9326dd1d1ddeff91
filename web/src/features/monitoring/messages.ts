/**
 * Messages of the monitoring pages (zh-CN source and en-US), merged into the app's catalogues by
 * `i18n/zh-CN.ts` and `i18n/en-US.ts`. Keys start with `monitoring.`.
 */
export const monitoringZh = {
  'nav.monitoring': '报送监控',
} as const;

export const monitoringEn: Record<keyof typeof monitoringZh, string> = {
  'nav.monitoring': 'Reporting rates',
};
