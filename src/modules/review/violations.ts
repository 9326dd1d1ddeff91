/**
 * The violations list (§5): every rule failure of the handed-in submissions of a period in the
 * actor's area, with its state (open, explained, accepted, corrected), filters, counts, pages,
 * and an export of the whole list — never capped: failures are read from collection in keyed
 * pages and the export streams rows as they are made.
 */
import { PassThrough, type Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import type { z } from 'zod';
import { type Actor, assertRole } from '../../platform/auth.ts';
import type { Locale } from '../../platform/i18n.ts';
import { type Access, READERS, type ReviewDeps } from './access.ts';
import type { ViolationExportQuery, ViolationQuery, ViolationView } from './contract.ts';
import { inDivision, type ViolationState, violationState } from './domain/violations.ts';
import { type ReviewDb, reviewRepo } from './repo.ts';

type Filter = Omit<z.infer<typeof ViolationQuery>, 'page' | 'pageSize'>;

const COLUMNS: { key: keyof ViolationView | 'messageText'; zh: string; en: string }[] = [
  { key: 'period', zh: '报告期', en: 'Period' },
  { key: 'formCode', zh: '报表', en: 'Form' },
  { key: 'townshipCode', zh: '乡镇（街道）', en: 'Township' },
  { key: 'unitName', zh: '调查单位', en: 'Unit' },
  { key: 'unitId', zh: '单位标识', en: 'Unit id' },
  { key: 'ruleId', zh: '审核规则', en: 'Rule' },
  { key: 'severity', zh: '性质', en: 'Severity' },
  { key: 'state', zh: '状态', en: 'State' },
  { key: 'messageText', zh: '审核信息', en: 'Message' },
  { key: 'explanation', zh: '说明', en: 'Explanation' },
  { key: 'verdict', zh: '说明审查', en: 'Verdict' },
  { key: 'note', zh: '审查意见', en: 'Note' },
];

export function createViolations(deps: ReviewDeps, db: ReviewDb, access: Access) {
  /**
   * Every violation matching the filter but its state, in order (township, unit, form, rule).
   * A current failure comes from collection; one review saw that no longer fails is corrected.
   */
  async function all(actor: Actor, f: Filter): Promise<ViolationView[]> {
    assertRole(actor, READERS);
    const forms = new Map((await deps.surveys().listForms(actor)).map((x) => [x.id, x.code]));
    const q = { period: f.period, formId: f.formId };
    const [verdicts, seen] = await Promise.all([
      reviewRepo.verdictsOf(db, q),
      reviewRepo.seenViolationsOf(db, q),
    ]);
    const key = (u: string, form: string, rule: string) => `${u}/${form}/${rule}`;
    const verdictBy = new Map(verdicts.map((v) => [key(v.unit_id, v.form_id, v.rule_id), v]));
    const rows: Omit<ViolationView, 'unitName' | 'townshipCode' | 'formCode'>[] = [];
    const failingNow = new Set<string>();
    for await (const page of deps.collection().failures(deps.db, q)) {
      for (const x of page) {
        if (f.ruleId && x.ruleId !== f.ruleId) continue;
        if (f.severity && x.severity !== f.severity) continue;
        const k = key(x.unitId, x.formId, x.ruleId);
        failingNow.add(k);
        const v = verdictBy.get(k);
        const current = v && v.explanation === x.explanation ? v : undefined;
        rows.push({
          unitId: x.unitId,
          formId: x.formId,
          period: x.period,
          ruleId: x.ruleId,
          severity: x.severity,
          state: violationState(true, x.explanation, v),
          message: x.message,
          values: x.values,
          explanation: x.explanation,
          verdict: current?.verdict ?? null,
          note: current?.note ?? null,
        });
      }
    }
    // A failure review saw that is gone from collection's results was corrected by the unit —
    // only while the submission is still handed in (failures() reads handed-in ones only).
    const handedIn = new Set(
      (await deps.collection().handedIn(deps.db, q)).map((s) => `${s.unitId}/${s.formId}`),
    );
    for (const s of seen) {
      const k = key(s.unit_id, s.form_id, s.rule_id);
      if (failingNow.has(k) || !handedIn.has(`${s.unit_id}/${s.form_id}`)) continue;
      if (f.ruleId && s.rule_id !== f.ruleId) continue;
      if (f.severity && s.severity !== f.severity) continue;
      rows.push({
        unitId: s.unit_id,
        formId: s.form_id,
        period: s.period,
        ruleId: s.rule_id,
        severity: s.severity,
        state: 'corrected',
        message: (s.message as ViolationView['message']) ?? null,
        values: {},
        explanation: null,
        verdict: null,
        note: null,
      });
    }
    const units = await access.unitsInScope(
      actor,
      rows.map((r) => r.unitId),
    );
    const out: ViolationView[] = [];
    for (const r of rows) {
      const u = units.get(r.unitId);
      const formCode = forms.get(r.formId);
      if (!u || !formCode) continue;
      if (f.divisionCode && !inDivision(u.townshipCode, f.divisionCode)) continue;
      out.push({ ...r, unitName: u.name, townshipCode: u.townshipCode, formCode });
    }
    out.sort(
      (a, b) =>
        a.townshipCode.localeCompare(b.townshipCode) ||
        a.unitName.localeCompare(b.unitName, 'zh-CN') ||
        a.unitId.localeCompare(b.unitId) ||
        a.formCode.localeCompare(b.formCode) ||
        a.ruleId.localeCompare(b.ruleId),
    );
    return out;
  }

  function* rowsOf(list: ViolationView[], state: ViolationState | undefined, locale: Locale) {
    for (const v of list) {
      if (state && v.state !== state) continue;
      yield COLUMNS.map((c) =>
        c.key === 'messageText' ? (v.message?.[locale] ?? '') : ((v[c.key] as string | null) ?? ''),
      );
    }
  }

  return {
    /** One page of violations, with counts by state and severity over the whole filter. */
    async violations(actor: Actor, q: z.infer<typeof ViolationQuery>) {
      const list = await all(actor, q);
      const byState = { open: 0, explained: 0, accepted: 0, corrected: 0 };
      const bySeverity = { fatal: 0, verify: 0, hint: 0 };
      for (const v of list) {
        byState[v.state] += 1;
        if (!q.state || v.state === q.state) bySeverity[v.severity] += 1;
      }
      const filtered = q.state ? list.filter((v) => v.state === q.state) : list;
      const start = (q.page - 1) * q.pageSize;
      return {
        items: filtered.slice(start, start + q.pageSize),
        total: filtered.length,
        page: q.page,
        pageSize: q.pageSize,
        counts: { byState, bySeverity },
      };
    },

    /** Every violation of the filter as CSV (UTF-8 with BOM, for Excel) or xlsx, streamed. */
    async exportViolations(
      actor: Actor,
      q: z.infer<typeof ViolationExportQuery>,
      locale: Locale,
    ): Promise<Readable> {
      const { format, ...filter } = q;
      const list = await all(actor, filter);
      const header = COLUMNS.map((c) => (locale === 'zh-CN' ? c.zh : c.en));
      if (format === 'csv') {
        const csv = stringify({ bom: true });
        csv.write(header);
        (async () => {
          for (const row of rowsOf(list, filter.state, locale)) {
            if (!csv.write(row)) await new Promise((r) => csv.once('drain', r));
          }
          csv.end();
        })().catch((e) => csv.destroy(e));
        return csv;
      }
      const out = new PassThrough();
      const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false });
      const sheet = wb.addWorksheet(locale === 'zh-CN' ? '审核问题' : 'Violations');
      (async () => {
        sheet.addRow(header).commit();
        for (const row of rowsOf(list, filter.state, locale)) sheet.addRow(row).commit();
        sheet.commit();
        await wb.commit();
      })().catch((e) => out.destroy(e));
      return out;
    },
  };
}
