/** Display names for the register's enumerations. */
import type { MessageKey } from '../../i18n/i18n.tsx';
import type { Tone } from '../../ui/ui.tsx';

export const SIZE_CLASSES = ['large', 'medium', 'small', 'micro'] as const;
export const UNIT_STATUSES = ['active', 'suspended', 'exited'] as const;

export const sizeLabel = (s: string): MessageKey => `size.${s}` as MessageKey;
export const statusLabel = (s: string): MessageKey => `status.${s}` as MessageKey;
export const statusTone = (s: string): Tone =>
  s === 'active' ? 'success' : s === 'suspended' ? 'warning' : 'neutral';
