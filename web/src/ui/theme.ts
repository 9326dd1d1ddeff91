/**
 * Design tokens: the only place colours and sizes are chosen. Pages use Ant Design components
 * and these tokens, never literal colours. The greys are darker than Ant Design's defaults so
 * secondary text and placeholders pass WCAG AA contrast (axe checks it in the browser tests).
 */
import type { ThemeConfig } from 'antd';

export const tokens = {
  colorPrimary: '#1d4ed8',
  /** Hover and press go darker, not lighter: white on Ant Design's lighter hover blue is < 4.5:1. */
  colorPrimaryHover: '#1e40af',
  colorPrimaryActive: '#1e3a8a',
  colorLink: '#1d4ed8',
  colorSuccess: '#15803d',
  colorWarning: '#b45309',
  colorError: '#b91c1c',
  colorInfo: '#1d4ed8',
  colorTextSecondary: 'rgba(0, 0, 0, 0.68)',
  colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
  colorTextQuaternary: 'rgba(0, 0, 0, 0.58)',
  colorTextPlaceholder: 'rgba(0, 0, 0, 0.58)',
  colorTextDescription: 'rgba(0, 0, 0, 0.62)',
  /** Background of computed (not entered) cells in form previews. */
  colorComputedCell: '#eef2f7',
  colorGridBorder: '#94a3b8',
  colorSiderBg: '#0f2a5c',
  /** Status tags: text/background pairs with at least 4.5:1 contrast (Ant Design's presets are ~3.4:1). */
  tag: {
    success: { color: '#166534', background: '#f0fdf4', border: '#86efac' },
    info: { color: '#1e40af', background: '#eff6ff', border: '#93c5fd' },
    warning: { color: '#92400e', background: '#fffbeb', border: '#fcd34d' },
    danger: { color: '#991b1b', background: '#fef2f2', border: '#fca5a5' },
    neutral: { color: '#374151', background: '#f9fafb', border: '#d1d5db' },
  },
  borderRadius: 6,
  fontFamily:
    "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', 'Helvetica Neue', Arial, sans-serif",
} as const;

export const theme: ThemeConfig = {
  token: {
    colorPrimary: tokens.colorPrimary,
    colorPrimaryHover: tokens.colorPrimaryHover,
    colorPrimaryActive: tokens.colorPrimaryActive,
    colorLink: tokens.colorLink,
    colorLinkHover: tokens.colorPrimaryHover,
    colorLinkActive: tokens.colorPrimaryActive,
    colorSuccess: tokens.colorSuccess,
    colorWarning: tokens.colorWarning,
    colorError: tokens.colorError,
    colorInfo: tokens.colorInfo,
    colorTextSecondary: tokens.colorTextSecondary,
    colorTextTertiary: tokens.colorTextTertiary,
    colorTextQuaternary: tokens.colorTextQuaternary,
    colorTextPlaceholder: tokens.colorTextPlaceholder,
    colorTextDescription: tokens.colorTextDescription,
    borderRadius: tokens.borderRadius,
    fontFamily: tokens.fontFamily,
  },
  components: {
    Layout: { siderBg: tokens.colorSiderBg, headerBg: '#ffffff', headerPadding: '0 16px' },
    Menu: { darkItemBg: tokens.colorSiderBg, darkSubMenuItemBg: '#0b2150' },
  },
};
