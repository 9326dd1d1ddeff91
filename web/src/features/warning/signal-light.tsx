/**
 * A signal light (信号灯): a coloured dot with its name beside it, so the colour is never the only
 * signal (WCAG 1.4.1) — the text reads 过热 / 偏热 / 正常 / 偏冷 / 过冷 in any colour vision.
 * The five colours are the national system's (red, yellow, green, light blue, blue), a meaning of
 * the domain rather than a theme choice, so they live here and not in ui/theme.ts.
 */
import type { CSSProperties } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import type { Light } from './api.ts';

export const LIGHT_ORDER: Light[] = ['overheated', 'warm', 'normal', 'cold', 'overcold'];

export const LIGHT_COLOURS: Record<Light, string> = {
  overheated: '#dc2626',
  warm: '#eab308',
  normal: '#16a34a',
  cold: '#7dd3fc',
  overcold: '#1d4ed8',
};

const dot = (light: Light | null): CSSProperties => ({
  display: 'inline-block',
  width: 12,
  height: 12,
  borderRadius: '50%',
  marginInlineEnd: 4,
  verticalAlign: 'middle',
  background: light ? LIGHT_COLOURS[light] : 'transparent',
  border: `1px solid ${light ? 'rgba(0,0,0,0.45)' : 'rgba(0,0,0,0.58)'}`,
});

/** The dot and the light's name; `withColour` adds the colour's name (for legends). */
export function SignalLight({ light, withColour = false }: { light: Light | null; withColour?: boolean }) {
  const { t } = useI18n();
  const name = light ? t(`warning.light.${light}`) : t('warning.light.none');
  return (
    <span style={{ whiteSpace: 'nowrap' }}>
      <span aria-hidden="true" style={dot(light)} />
      {withColour && light
        ? t('warning.withColour', { light: name, colour: t(`warning.colour.${light}`) })
        : name}
    </span>
  );
}

/** The legend: every light with its colour's name. */
export function SignalLegend() {
  const { t } = useI18n();
  return (
    <ul
      aria-label={t('warning.legend')}
      style={{ display: 'flex', flexWrap: 'wrap', gap: 16, listStyle: 'none', padding: 0, margin: '8px 0' }}
    >
      {LIGHT_ORDER.map((l) => (
        <li key={l}>
          <SignalLight light={l} withColour />
        </li>
      ))}
    </ul>
  );
}
