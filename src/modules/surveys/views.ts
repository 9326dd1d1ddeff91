/** Mapping rows to the contract's shapes: the only place rows turn into API values. */

import type { FormSummary, OverrideView, VersionSummary } from './contract.ts';
import type { FormDefinition, LocalText } from './domain/definition.ts';
import type { FormModel } from './domain/model.ts';
import { type DeadlineRule, describeDeadline, type Frequency } from './domain/periods.ts';
import type { FormRow, OverrideRow, SurveyRow, VersionSummaryRow } from './repo.ts';

/** What is stored in `surveys.forms.info`: the form part of the last activated (or first) definition. */
export type FormInfo = FormDefinition['form'];
export type SurveyInfo = FormDefinition['survey'];

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toVersionSummary(r: VersionSummaryRow): VersionSummary {
  return {
    id: r.id,
    formId: r.form_id,
    number: r.number,
    from: r.from_period,
    until: r.until_period,
    effectiveUntil: r.effective_until ?? r.until_period,
    status: r.status,
    importedBy: r.imported_by,
    importedAt: r.imported_at.toISOString(),
    activatedBy: r.activated_by,
    activatedAt: iso(r.activated_at),
    retiredBy: r.retired_by,
    retiredAt: iso(r.retired_at),
  };
}

export function toFormSummary(form: FormRow, survey: SurveyRow, versions: VersionSummaryRow[]): FormSummary {
  const info = form.info as FormInfo;
  const own = versions.filter((v) => v.form_id === form.id).sort((a, b) => b.number - a.number);
  return {
    id: form.id,
    surveyId: survey.id,
    surveyCode: survey.code,
    code: form.code,
    name: info.name,
    frequency: form.frequency as Frequency,
    deadline: info.deadline as DeadlineRule,
    deadlineText: describeDeadline(info.deadline),
    reportingUnitType: info.reportingUnitType,
    unit: info.unit ?? null,
    activeVersions: own
      .filter((v) => v.status === 'active')
      .map((v) => ({
        id: v.id,
        number: v.number,
        from: v.from_period,
        until: v.effective_until ?? v.until_period,
      }))
      .sort((a, b) => (a.from < b.from ? -1 : 1)),
    latestVersion: own[0] ? { id: own[0].id, number: own[0].number, status: own[0].status } : null,
  };
}

export function toSurveyView(survey: SurveyRow, forms: FormSummary[]) {
  const info = survey.info as SurveyInfo;
  return {
    id: survey.id,
    code: survey.code,
    name: info.name,
    issuer: info.issuer,
    documentNumber: info.documentNumber ?? null,
    approvedBy: (info.approvedBy as LocalText | undefined) ?? null,
    approvalNumber: info.approvalNumber ?? null,
    validUntil: info.validUntil ?? null,
    forms,
  };
}

export function toCells(model: FormModel) {
  return model.order.map((ref) => {
    const c = model.cells.get(ref)!;
    return {
      ref,
      indicator: c.indicator,
      column: c.column,
      type: c.type,
      decimals: c.decimals,
      source: c.source.kind,
      formula: c.source.kind === 'formula' ? c.source.formula : null,
      dependsOn: c.dependsOn,
    };
  });
}

export function toOverrideView(
  r: OverrideRow,
  unit?: { name: string; creditCode: string } | null,
): OverrideView {
  return {
    id: r.id,
    formId: r.form_id,
    unitId: r.unit_id,
    unitName: unit?.name ?? null,
    creditCode: unit?.creditCode ?? null,
    action: r.action,
    reason: r.reason,
    fromPeriod: r.from_period,
    untilPeriod: r.until_period,
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
    revokedBy: r.revoked_by,
    revokedAt: iso(r.revoked_at),
    revokeReason: r.revoke_reason,
  };
}
