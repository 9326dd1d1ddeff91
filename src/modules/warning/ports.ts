/**
 * What early warning needs of other modules, as narrow interfaces: the statistical database's
 * series and change events, monitoring's in-app notifications, the register's division names.
 * app.ts hands in the real modules' apis.
 */
import type { Db } from '../../platform/db.ts';

export interface WarningSeries {
  indicator: {
    code: string;
    name: { zh: string; en: string };
    unit: { zh: string; en: string };
    /** M, Q or A. */
    frequency: string;
  };
  /** The selection with omitted dimensions filled with their defaults. */
  dims: Record<string, string>;
  points: { period: string; value: string | null; status: string; note: string | null }[];
}

export interface WarningStatdb {
  /** One series; throws a problem for an unknown indicator or dimension code. */
  series(q: {
    indicator: string;
    dims: Record<string, string>;
    from?: string;
    to?: string;
    asOf?: Date;
  }): Promise<WarningSeries>;
  /** Called after observations change (committed); returns the unsubscribe function. */
  onChanged(
    listener: (change: { indicator: string; dims: Record<string, string>; periods: string[] }) => void,
  ): () => void;
}

export interface WarningMonitoring {
  notifyAccounts(
    trx: Db,
    accountIds: readonly string[],
    n: { kind: string; text: { zh: string; en: string }; period?: string | null },
  ): Promise<number>;
}

export interface WarningRegister {
  listDivisions(q: { parent?: string; level?: string }): Promise<{ code: string; name: string }[]>;
}

/** The statistical database's frequency codes as period frequencies. */
export const FREQUENCY_OF: Record<string, 'monthly' | 'quarterly' | 'annual'> = {
  M: 'monthly',
  Q: 'quarterly',
  A: 'annual',
};
