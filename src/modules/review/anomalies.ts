/**
 * Anomalous values in the review lists (异常值): a form and period's numeric entered cells tested
 * against the approved previous period and same period last year (domain/anomalies.ts), computed
 * once per form and period for everyone and kept until a change that can alter them is audited;
 * each reviewer sees only the units of their area. Feeds the inbox's per-row counts and filter,
 * the review page's marked cells and the anomaly list (with its CSV export).
 */
import type { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { z } from 'zod';
import { type AuditEvent, onAudited } from '../../platform/audit.ts';
import { type Actor, assertRole } from '../../platform/auth.ts';
import type { Locale } from '../../platform/i18n.ts';
import { periods } from '../surveys/index.ts';
import { type Access, READERS, type ReviewDeps } from './access.ts';
import type { AnomalyExportQuery, AnomalyQuery, AnomalyView } from './contract.ts';
import {
  type Basis,
  byStrength,
  detectAnomalies,
  type FlaggedCell,
  type FormAnomalies,
  MIN_PAIRS,
  reasonOf,
} from './domain/anomalies.ts';
import { inDivision } from './domain/violations.ts';
import { reviewProblems as P } from './problems.ts';
import type { SubmissionKey } from './repo.ts';

/** How long a computed result is trusted when no change was seen in this process (other processes). */
const TTL_MS = 10_000;
/**
 * After a change is seen nothing of that form is cached for this long: the audit event is
 * announced before its transaction commits, so a read just after it may still see the old values.
 */
const SETTLE_MS = 2_000;
const MAX_ENTRIES = 200;

/** Audited work that changes no value, no handed-in set and no approved base period. */
const NO_VALUE_CHANGES =
  /^(sign_in\..*|sign_out|api_token\..*|account\..*|monitoring\..*|unit\..*|review\.(approved|returned|query_\w+|explanation_\w+|levels_set)|collection\.(rechecked|period_closed|period_reopened|settings_changed))$/;

/** Computed anomalies by form and period, shared by concurrent requests, forgotten on a change. */
export class AnomalyCache {
  #entries = new Map<
    string,
    { formId: string; value: Promise<FormAnomalies>; readAt: number | null; keep: boolean }
  >();
  #changedAt = new Map<string, number>();

  /** Forgets one form's results (null: every form's), or only those of some periods. */
  invalidate(formId: string | null, periodTexts?: string[]): void {
    const now = Date.now();
    if (formId === null) {
      this.#entries.clear();
      this.#changedAt.set('*', now);
      return;
    }
    for (const [key, e] of this.#entries)
      if (e.formId === formId && (!periodTexts || periodTexts.includes(key.slice(formId.length + 1))))
        this.#entries.delete(key);
    this.#changedAt.set(formId, now);
  }

  /** What an audited event means for cached results. */
  seen(e: AuditEvent): void {
    if (NO_VALUE_CHANGES.test(e.action)) return;
    // A draft saved over a draft changes nothing handed in; over a returned form it does.
    if (e.action === 'collection.draft_saved') {
      const before = (e.before as { status?: string } | null)?.status ?? 'draft';
      if (before === 'draft') return;
    }
    // Submission events name `unit/form/period`: only that form's results can change — of that
    // period when its values change; when its approval does, of the periods compared with it.
    const [, formId, period] = e.entityType === 'submission' ? (e.entityId ?? '').split('/') : [];
    const p = period ? periods.parsePeriod(period) : null;
    if (!formId || !p) this.invalidate(null);
    else if (e.action.startsWith('collection.')) this.invalidate(formId, [period]);
    else {
      const later = [periods.nextPeriod(p), { ...p, year: p.year + 1 }].map(periods.formatPeriod);
      this.invalidate(formId, [period, ...later]);
    }
  }

  /**
   * The results of a form and period: cached ones read less than TTL_MS ago, else a read in
   * progress (concurrent requests share it; a change seen meanwhile drops it), else a new read.
   */
  get(formId: string, period: string, load: () => Promise<FormAnomalies>): Promise<FormAnomalies> {
    const key = `${formId}/${period}`;
    const now = Date.now();
    const hit = this.#entries.get(key);
    if (hit && (hit.readAt === null || now - hit.readAt < TTL_MS)) return hit.value;
    const changed = Math.max(this.#changedAt.get(formId) ?? -Infinity, this.#changedAt.get('*') ?? -Infinity);
    if (this.#entries.size >= MAX_ENTRIES) this.#entries.clear();
    // A read begun just after a change may not see it yet: shared while it runs, not kept.
    const entry = { formId, value: load(), readAt: null as number | null, keep: now - changed >= SETTLE_MS };
    this.#entries.set(key, entry);
    entry.value.then(
      () => {
        // Trusted for TTL_MS from when the values were read, not from when the read began.
        entry.readAt = Date.now();
        if (!entry.keep && this.#entries.get(key) === entry) this.#entries.delete(key);
      },
      () => {
        if (this.#entries.get(key) === entry) this.#entries.delete(key);
      },
    );
    return entry.value;
  }

  /** A cache that hears every audited change this process records. */
  static watchingChanges(): AnomalyCache {
    const cache = new AnomalyCache();
    // Weakly held: the cache of a closed app (tests) is not kept alive by the listener.
    const ref = new WeakRef(cache);
    const off = onAudited((e) => {
      const c = ref.deref();
      if (!c) off();
      else c.seen(e);
    });
    return cache;
  }
}

type Query = z.infer<typeof AnomalyQuery>;
type Filter = Omit<Query, 'page' | 'pageSize'>;

const CSV_COLUMNS: { zh: string; en: string; of: (v: AnomalyView, locale: Locale) => string | number }[] = [
  { zh: '报告期', en: 'Period', of: (v) => v.period },
  { zh: '报表', en: 'Form', of: (v) => v.formCode },
  { zh: '乡镇（街道）', en: 'Township', of: (v) => v.townshipCode },
  { zh: '调查单位', en: 'Unit', of: (v) => v.unitName },
  { zh: '单位标识', en: 'Unit id', of: (v) => v.unitId },
  { zh: '指标', en: 'Cell', of: (v) => v.cell },
  { zh: '本期', en: 'Value', of: (v) => v.value },
  { zh: '上期', en: 'Previous period', of: (v) => v.previous ?? '' },
  { zh: '上年同期', en: 'Same period last year', of: (v) => v.lastYear ?? '' },
  { zh: '强度', en: 'Strength', of: (v) => Number(v.strength.toFixed(2)) },
  { zh: '检验', en: 'Tests', of: (v) => v.findings.map((f) => `${f.test}:${f.basis}`).join(' ') },
  { zh: '原因', en: 'Why', of: (v, l) => v.findings.map((f) => f.reason[l]).join('\n') },
];

export function createAnomalies(deps: ReviewDeps, access: Access) {
  const cache = AnomalyCache.watchingChanges();

  /** A flagged cell with each finding's reason worded (only for what is shown). */
  const worded = <T extends Omit<FlaggedCell, 'unitId'>>(c: T) => ({
    ...c,
    findings: c.findings.map((f) => ({ ...f, reason: reasonOf(deps.analysis().anomalies, f) })),
  });

  /** The form as the actor may see it (404 otherwise). */
  async function formOf(actor: Actor, formId: string) {
    const form = (await deps.surveys().listForms(actor)).find((f) => f.id === formId);
    if (!form) throw P.form_not_found();
    return form;
  }

  /** The periods a period is compared with: the previous one, and last year's for sub-annual forms. */
  function basesOf(form: { frequency: string }, period: string): { basis: Basis; period: string }[] {
    const frequency = form.frequency as periods.Frequency;
    const p = periods.parsePeriodOf(period, frequency);
    if (!p) {
      const example = periods.formatPeriod({ frequency, year: 2026, index: frequency === 'annual' ? 1 : 3 });
      throw P.period_mismatch({ period, example });
    }
    const bases: { basis: Basis; period: string }[] = [
      { basis: 'previous', period: periods.formatPeriod(periods.previousPeriod(p)) },
    ];
    if (frequency !== 'annual')
      bases.push({ basis: 'last_year', period: periods.formatPeriod(periods.samePeriodLastYear(p)) });
    return bases;
  }

  /** Every unit's anomalies of a form and period (cached; the caller checked access). */
  function compute(formId: string, period: string, bases: { basis: Basis; period: string }[]) {
    return cache.get(formId, period, async () => {
      const def = await deps.surveys().definitionFor(formId, period);
      const cells = def
        ? [...def.model.cells.entries()]
            .filter(([, c]) => c.source.kind === 'entered' && (c.type === 'decimal' || c.type === 'integer'))
            .map(([ref, c]) => ({ ref, indicator: c.indicator, column: c.column }))
        : [];
      const columns = cells.length
        ? await deps.collection().cellColumns(deps.db, {
            formId,
            period,
            bases: bases.map((b) => b.period),
            cells: cells.map((c) => c.ref),
          })
        : [];
      return detectAnomalies(deps.analysis().anomalies, { cells, period, bases, columns });
    });
  }

  /** Anomalous values of the filter, in the actor's area, sorted. */
  async function all(actor: Actor, formId: string, period: string, f: Filter) {
    assertRole(actor, READERS);
    const form = await formOf(actor, formId);
    const result = await compute(formId, period, basesOf(form, period));
    const candidates: FlaggedCell[] = [];
    for (const c of result.flagged) {
      if (f.unitId && c.unitId !== f.unitId) continue;
      if (f.cell && c.cell !== f.cell) continue;
      if (f.test || f.basis) {
        const findings = c.findings.filter(
          (x) => (!f.test || x.test === f.test) && (!f.basis || x.basis === f.basis),
        );
        if (!findings.length) continue;
        candidates.push({ ...c, findings, strength: Math.max(...findings.map((x) => x.strength)) });
      } else candidates.push(c);
    }
    const units = await access.unitsInScope(
      actor,
      candidates.map((c) => c.unitId),
    );
    const items: (FlaggedCell & Omit<AnomalyView, keyof FlaggedCell>)[] = [];
    for (const c of candidates) {
      const u = units.get(c.unitId);
      if (!u || (f.divisionCode && !inDivision(u.townshipCode, f.divisionCode))) continue;
      items.push({
        ...c,
        unitName: u.name,
        townshipCode: u.townshipCode,
        formId,
        formCode: form.code,
        period,
      });
    }
    const desc = (f.order ?? (f.sort === 'strength' ? 'desc' : 'asc')) === 'desc' ? -1 : 1;
    const byUnit = (a: (typeof items)[number], b: (typeof items)[number]) =>
      a.townshipCode.localeCompare(b.townshipCode) ||
      a.unitName.localeCompare(b.unitName, 'zh-CN') ||
      a.unitId.localeCompare(b.unitId);
    items.sort((a, b) => {
      if (f.sort === 'unit') return desc * byUnit(a, b) || a.cell.localeCompare(b.cell);
      if (f.sort === 'cell') return desc * a.cell.localeCompare(b.cell) || b.strength - a.strength;
      return desc === -1 ? byStrength(a, b) : -byStrength(a, b);
    });
    return { items, result };
  }

  return {
    /** One page of anomalous values of a form and period in the actor's area. */
    async anomalies(actor: Actor, formId: string, period: string, q: Query) {
      const { items, result } = await all(actor, formId, period, q);
      const start = (q.page - 1) * q.pageSize;
      return {
        items: items.slice(start, start + q.pageSize).map(worded),
        total: items.length,
        page: q.page,
        pageSize: q.pageSize,
        units: new Set(items.map((i) => i.unitId)).size,
        reporting: result.units,
        minPairs: MIN_PAIRS,
        tests: q.cell ? result.tests.filter((t) => t.cell === q.cell) : result.tests,
      };
    },

    /** Every anomalous value of the filter as CSV (UTF-8 with BOM, for Excel), streamed. */
    async exportAnomalies(
      actor: Actor,
      formId: string,
      period: string,
      q: z.infer<typeof AnomalyExportQuery>,
      locale: Locale,
    ): Promise<Readable> {
      const { items } = await all(actor, formId, period, q);
      const csv = stringify({ bom: true });
      csv.write(CSV_COLUMNS.map((c) => (locale === 'zh-CN' ? c.zh : c.en)));
      (async () => {
        for (const item of items) {
          const v = worded(item);
          if (!csv.write(CSV_COLUMNS.map((c) => c.of(v, locale))))
            await new Promise((r) => csv.once('drain', r));
        }
        csv.end();
      })().catch((e) => csv.destroy(e));
      return csv;
    },

    /**
     * Anomalous cells per submission (`unit/form`) of a period, for the inbox's counts; every
     * unit's, the caller lists only its own. Forms whose frequency the period does not fit have none.
     */
    async anomalyCounts(
      forms: { id: string; frequency: string }[],
      period: string,
    ): Promise<Map<string, number>> {
      const counts = new Map<string, number>();
      for (const form of forms) {
        if (!periods.parsePeriodOf(period, form.frequency as periods.Frequency)) continue;
        const result = await compute(form.id, period, basesOf(form, period));
        for (const c of result.flagged) {
          const key = `${c.unitId}/${form.id}`;
          counts.set(key, (counts.get(key) ?? 0) + 1);
        }
      }
      return counts;
    },

    /** One submission's anomalous cells, strongest first (the review page; the caller checked access). */
    async anomaliesOf(actor: Actor, form: { id: string; frequency: string }, k: SubmissionKey) {
      // The bounds describe every unit's figures: reviewers' business, not a reporter's.
      if (actor.role === 'enterprise') return [];
      if (!periods.parsePeriodOf(k.period, form.frequency as periods.Frequency)) return [];
      const result = await compute(form.id, k.period, basesOf(form, k.period));
      return result.flagged
        .filter((c) => c.unitId === k.unitId)
        .map(({ unitId: _unit, ...cell }) => worded(cell));
    },
  };
}

export type Anomalies = ReturnType<typeof createAnomalies>;
